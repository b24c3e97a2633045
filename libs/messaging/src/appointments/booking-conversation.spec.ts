import type { Clock } from '@app/common';
import type { AppConfig } from '@app/config';
import type { ConversationStatesRepository } from '@app/database';
import { BookingConversation, bookingCommand } from './booking-conversation';

const NOW = new Date('2026-12-05T10:00:00Z');
const DAY = 24 * 3_600_000;

/** Only the states repository is reached by forgetExpired; anything else would be a wiring mistake. */
function withStates(states: Pick<ConversationStatesRepository, 'deleteExpired'>) {
  const clock = { now: () => NOW } as Clock;
  const unused = {} as never;
  return new BookingConversation(
    {} as AppConfig,
    unused,
    states as ConversationStatesRepository,
    unused,
    unused,
    unused,
    unused,
    unused,
    clock,
  );
}

describe('the booking commands', () => {
  it('reads C and R like the other commands: the whole message, any case, trailing punctuation ignored', () => {
    expect(bookingCommand(' c. ')).toEqual({ command: 'confirm' });
    expect(bookingCommand('R!')).toEqual({ command: 'move' });
    expect(bookingCommand('C please')).toBeNull();
    expect(bookingCommand('CR')).toBeNull();
  });
});

describe('forgetting expired conversation states', () => {
  it('deletes only states expired over a day ago, a batch at a time, until a batch comes back short', async () => {
    const left = [1_000, 1_000, 250];
    const calls: [Date, number][] = [];
    const conversation = withStates({
      deleteExpired: (before, limit) => {
        calls.push([before, limit]);
        return Promise.resolve(left.shift() ?? 0);
      },
    });
    expect(await conversation.forgetExpired()).toBe(2_250);
    expect(calls).toEqual([
      [new Date(NOW.getTime() - DAY), 1_000],
      [new Date(NOW.getTime() - DAY), 1_000],
      [new Date(NOW.getTime() - DAY), 1_000],
    ]);
  });

  it('stops after ten batches in one run, leaving the rest to the next', async () => {
    let calls = 0;
    const conversation = withStates({
      deleteExpired: () => {
        calls++;
        return Promise.resolve(1_000);
      },
    });
    expect(await conversation.forgetExpired()).toBe(10_000);
    expect(calls).toBe(10);
  });
});
