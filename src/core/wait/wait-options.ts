import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/** How a step waits for Azure: who hears about it, how often, and for how long at most. */
export interface WaitOptions {
  /** Prefix of every progress line, e.g. `publishing 1.2.3`. */
  label: string;
  logger: Logger;
  clock: Clock;
  /** The step's abort signal (job cancelled). */
  signal: AbortSignal;
  /** Overall limit for this wait; on expiry the operation keeps running in Azure and a re-run resumes it. */
  timeoutMs: number;
  /** Cadence of progress lines; default 15 s. */
  progressEveryMs?: number;
  /** What to tell the user to do when the wait times out; default "re-run the step to keep waiting". */
  resumeHint?: string;
}

export const DEFAULT_PROGRESS_EVERY_MS = 15_000;

/** "40s elapsed", "3m05s elapsed": short enough to scan in a CI log. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes === 0 ? `${seconds}s elapsed` : `${minutes}m${String(seconds).padStart(2, '0')}s elapsed`;
}
