import { Injectable } from '@nestjs/common';

/**
 * The time rules (quiet hours, schedules) read "now" here, so tests can move it
 * without waiting for real hours to pass. Real durations (timers, BullMQ delays)
 * still use the system clock; the offset only shifts what the rules see.
 */
@Injectable()
export class Clock {
  offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
