/**
 * A simulator clock that follows the wall clock until it is paused: a crash scenario pauses it the moment the
 * API accepts an operation, so the operation is exactly as far along as it was when the host was killed, for as
 * long as the scenario needs, whatever the machine's speed. Resuming carries on from the paused time.
 */
import type { Clock } from "../../simulator";

/** A wall clock that can be paused, resumed and moved forward; it never goes back. */
export class PausableClock implements Clock {
  /** How far behind the wall clock this clock is, in ms. */
  private lag = 0;
  private pausedAt?: number;

  /** {@inheritDoc Clock.now} */
  now(): number {
    return this.pausedAt ?? Date.now() - this.lag;
  }

  /** True while paused. */
  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Stops time (a no-op when already paused). */
  pause(): void {
    this.pausedAt ??= this.now();
  }

  /** Lets time run again from where it stopped (a no-op when running). */
  resume(): void {
    if (this.pausedAt === undefined) return;
    this.lag = Date.now() - this.pausedAt;
    this.pausedAt = undefined;
  }

  /** Moves time forward by `ms`, paused or not. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    if (this.pausedAt !== undefined) this.pausedAt += ms;
    else this.lag -= ms;
  }
}
