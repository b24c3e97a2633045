import { MESSAGE_STATUSES, parseMessageStatus, statusRank } from './message-status';

describe('message status vocabulary', () => {
  it("orders a message's life so callbacks only move it forward", () => {
    expect(statusRank('pending')).toBeLessThan(statusRank('submitting'));
    expect(statusRank('queued')).toBeLessThan(statusRank('sent'));
    expect(statusRank('sent')).toBeLessThan(statusRank('delivered'));
    expect(statusRank('delivered')).toBeLessThan(statusRank('read'));
  });

  it('ranks every status of the vocabulary', () => {
    for (const status of MESSAGE_STATUSES) expect(Number.isInteger(statusRank(status))).toBe(true);
  });

  it("reads Twilio's statuses, and nothing else, Object.prototype's names included", () => {
    expect(parseMessageStatus(' Delivered ')).toBe('delivered');
    expect(parseMessageStatus('partially_delivered')).toBe('partially_delivered');
    // A status callback once saying MessageStatus=__proto__ was a 500.
    for (const status of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'delivering', '']) {
      expect(parseMessageStatus(status)).toBeNull();
    }
  });
});
