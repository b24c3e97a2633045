import { statusRank } from './message-status';

describe('statusRank', () => {
  it("orders a message's life so callbacks only move it forward", () => {
    expect(statusRank('pending')).toBeLessThan(statusRank('submitting'));
    expect(statusRank('queued')).toBeLessThan(statusRank('sent'));
    expect(statusRank('sent')).toBeLessThan(statusRank('delivered'));
    expect(statusRank('delivered')).toBeLessThan(statusRank('read'));
  });

  it("ranks unknown statuses, including Object.prototype's names, with queued", () => {
    // A status callback once saying MessageStatus=__proto__ made this an object and the callback a 500.
    for (const status of ['partially_delivered', '__proto__', 'constructor', 'tostring', 'hasOwnProperty']) {
      expect(statusRank(status)).toBe(statusRank('queued'));
    }
  });
});
