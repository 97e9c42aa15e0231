import type { GalleryImageVersion } from '@azure/arm-compute';
import { isRestError } from '../azure/rest-error.js';
import type { Clock } from '../clock.js';
import { ErrorCodes, ImagePublishError } from '../errors.js';
import { reportProgress, type Logger } from '../logger.js';
import { formatElapsed } from '../wait/wait-options.js';
import {
  type ReplicationSnapshot,
  isSettled,
  overallPercent,
  progressKey,
  progressLine,
  readReplicationStatus,
  regionStatus,
} from './replication-status.js';

/** One poll: the version with its ReplicationStatus, and the Retry-After the response carried (ms), if any. */
export interface PollResult {
  version: GalleryImageVersion;
  retryAfterMs?: number;
}

/** When each region started (this attempt) and when it was first seen terminal, for the summary's durations. */
export class RegionTimes {
  private readonly started = new Map<string, number>();
  private readonly ended = new Map<string, number>();

  /** Marks `regions` as (re)started at `at`: a resubmitted region's duration restarts. */
  start(regions: readonly string[], at: number): void {
    for (const r of regions) {
      this.started.set(r, at);
      this.ended.delete(r);
    }
  }

  /** Records the first time a region is seen terminal; returns the regions that just became terminal. */
  observe(snapshot: ReplicationSnapshot, targets: readonly string[], at: number): string[] {
    const fresh: string[] = [];
    for (const t of targets) {
      const state = regionStatus(snapshot, t).state;
      if ((state === 'Completed' || state === 'Failed') && !this.ended.has(t)) {
        this.ended.set(t, at);
        // Regions already finished before this run started are not news.
        if (this.started.has(t)) fresh.push(t);
      }
    }
    return fresh;
  }

  /** Observed duration of a finished region, or time so far of an unfinished one. */
  durationMs(region: string, now: number): number | undefined {
    const start = this.started.get(region);
    if (start === undefined) return undefined;
    return (this.ended.get(region) ?? now) - start;
  }
}

export interface ReplicationWait {
  label: string;
  targets: readonly string[];
  /** The status already read (from the update's response or the first GET); the first poll waits one interval. */
  initial: PollResult;
  read: (signal: AbortSignal) => Promise<PollResult>;
  canonical: (name: string) => string;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  /** Absolute time (step clock) after which the wait stops and reports a timeout. */
  deadline: number;
  /** Start of the step's wait, for "elapsed" in progress lines. */
  startedAt: number;
  /** Poll cadence; Retry-After can only make a poll later, never earlier. */
  pollEveryMs: number;
  /** A progress line is logged on every change, and at least this often while nothing changes. */
  heartbeatMs: number;
  times: RegionTimes;
}

export interface WaitOutcome {
  snapshot: ReplicationSnapshot;
  timedOut: boolean;
  polls: number;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (relative to `now`). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Polls until every target region is Completed or Failed, logging region transitions as they happen and one
 * progress line per change (or per heartbeat), and never polling before a Retry-After has passed. Runs on the
 * step clock only (no background timers), so emulated-time tests are deterministic. A throttled poll (429
 * after the SDK's own retries) is waited out by its Retry-After: reads are safe to repeat.
 */
export async function waitForReplication(w: ReplicationWait): Promise<WaitOutcome> {
  let snapshot = readReplicationStatus(w.initial.version, w.canonical);
  let retryAfterMs = w.initial.retryAfterMs ?? 0;
  let lastKey = '';
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let polls = 0;
  for (;;) {
    const now = w.clock.now();
    const finished = w.times.observe(snapshot, w.targets, now);
    const completed = finished.filter((r) => regionStatus(snapshot, r).state === 'Completed');
    // One line per poll for completions (30 regions finishing together stay one line); one warning per failure.
    if (completed.length > 0) {
      w.logger.info(`${w.label}: completed ${completed.map((r) => `${r} (${took(w.times, r, now)})`).join(', ')}`);
    }
    for (const region of finished.filter((r) => !completed.includes(r))) {
      w.logger.warn(`${w.label}: ${region} failed after ${took(w.times, region, now)}: ${regionStatus(snapshot, region).details ?? 'no details from Azure'}`);
    }
    const key = progressKey(snapshot, w.targets);
    if (key !== lastKey || now - lastLineAt >= w.heartbeatMs) {
      w.logger.info(`${w.label}: ${progressLine(snapshot, w.targets)}, ${formatElapsed(now - w.startedAt)}`);
      reportProgress(w.logger, overallPercent(snapshot, w.targets), w.label);
      lastKey = key;
      lastLineAt = now;
    }
    if (isSettled(snapshot, w.targets)) return { snapshot, timedOut: false, polls };

    let delay = Math.max(w.pollEveryMs, retryAfterMs);
    if (now + delay > w.deadline) {
      // One last poll exactly at the deadline, unless Retry-After forbids it.
      if (now + retryAfterMs >= w.deadline || now >= w.deadline) return { snapshot, timedOut: true, polls };
      delay = w.deadline - now;
    }
    try {
      await w.clock.sleep(delay, w.signal);
      polls++;
      const next = await w.read(w.signal);
      snapshot = readReplicationStatus(next.version, w.canonical);
      retryAfterMs = next.retryAfterMs ?? 0;
    } catch (err) {
      // The runtime's timeout-minutes timer may fire before our deadline: report it as the same clean timeout.
      if (w.signal.aborted && isTimeoutReason(w.signal.reason)) return { snapshot, timedOut: true, polls };
      const throttled = throttledFor(err, w.clock.now());
      if (throttled === undefined) throw err;
      w.logger.debug(`${w.label}: status poll throttled; next poll in ${Math.round(throttled / 1000)}s (Retry-After)`);
      retryAfterMs = throttled;
    }
  }
}

function took(times: RegionTimes, region: string, now: number): string {
  return formatElapsed(times.durationMs(region, now) ?? 0).replace(' elapsed', '');
}

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof ImagePublishError && reason.code === ErrorCodes.timeout;
}

/** Retry-After of a 429 poll (or 60 s when ARM sent none), or undefined for any other failure. */
function throttledFor(err: unknown, now: number): number | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isRestError(e) && e.statusCode === 429) return parseRetryAfter(e.response?.headers.get('retry-after'), now) ?? 60_000;
  }
  return undefined;
}
