/**
 * Emulated time. LRO and replication state is derived from timestamps and this clock (no timers), so tests can
 * run real time faster (speed) or stop it and step it (manual mode) and assert emulated durations.
 */
export interface EmulatorClock {
  /** Emulated epoch milliseconds. */
  now(): number;
  /** Moves emulated time forward; works in both modes. */
  advance(ms: number): void;
  /** Emulated ms per real ms; 0 freezes time (manual mode: only advance() moves it). */
  setSpeed(factor: number): void;
  readonly speed: number;
  readonly mode: 'real' | 'manual';
}

export interface ClockOptions {
  speed?: number;
  /** Start of emulated time; default the real time now. */
  startAt?: number;
  realNow?: () => number;
}

/** Creates a clock: emulated = start + real elapsed × speed + manual offset. */
export function createEmulatorClock(options: ClockOptions = {}): EmulatorClock {
  const realNow = options.realNow ?? (() => Date.now());
  let anchorReal = realNow();
  let anchorEmulated = options.startAt ?? anchorReal;
  let speed = options.speed ?? 1;
  const now = (): number => Math.floor(anchorEmulated + (realNow() - anchorReal) * speed);
  return {
    now,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance(${ms}): ms must be a non-negative number`);
      anchorEmulated = now() + ms;
      anchorReal = realNow();
    },
    setSpeed(factor: number) {
      if (!Number.isFinite(factor) || factor < 0) throw new RangeError(`clock.setSpeed(${factor}): factor must be >= 0`);
      // Re-anchor so time already elapsed keeps its old rate.
      anchorEmulated = now();
      anchorReal = realNow();
      speed = factor;
    },
    get speed() {
      return speed;
    },
    get mode() {
      return speed === 0 ? 'manual' : 'real';
    },
  };
}
