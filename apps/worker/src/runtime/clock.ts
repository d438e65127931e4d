import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for the runtime. The engine reads no clock; the host passes this in.
 * Tests move it forward instead of waiting.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this process' clock forward (tests and simulations only). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
