import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { AzureError } from '../../../src/core/errors.js';
import { waitUntil } from '../../../src/core/wait/wait-for-poller.js';
import { formatElapsed } from '../../../src/core/wait/wait-options.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';

/** A clock whose sleeps resolve in order of wake-up time, jumping virtual time; no real waiting. */
function virtualClock(): Clock {
  let now = 0;
  const sleepers: { at: number; resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal }[] = [];
  let scheduled = false;
  const drain = () => {
    scheduled = false;
    sleepers.sort((a, b) => a.at - b.at);
    const next = sleepers.shift();
    if (!next) return;
    now = Math.max(now, next.at);
    next.resolve();
    schedule();
  };
  // Let pending microtasks (reads, new sleeps) settle before time jumps.
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const entry = { at: now + ms, resolve, reject, ...(signal ? { signal } : {}) };
        sleepers.push(entry);
        signal?.addEventListener('abort', () => {
          const i = sleepers.indexOf(entry);
          if (i >= 0) sleepers.splice(i, 1);
          reject(signal.reason);
        });
        schedule();
      }),
  };
}

describe('formatElapsed', () => {
  it.each([
    [0, '0s elapsed'],
    [40_400, '40s elapsed'],
    [185_000, '3m05s elapsed'],
  ])('%i ms -> %s', (ms, text) => expect(formatElapsed(ms)).toBe(text));
});

describe('waitUntil', () => {
  it('logs progress at the configured cadence until done', async () => {
    const clock = virtualClock();
    const logger = new RecordingLogger();
    let reads = 0;
    const result = await waitUntil(
      async () => ++reads,
      (n) => n >= 7,
      (n) => `Creating (read ${n ?? 0})`,
      { label: 'publishing 1.2.3', logger, clock, signal: new AbortController().signal, timeoutMs: 600_000, progressEveryMs: 20_000, intervalMs: 10_000 },
    );
    expect(result).toBe(7);
    // Reads at t=0,10,..,60 s; progress at t=20 and 40 s (60 s coincides with the last read).
    const lines = logger.messages('info');
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^publishing 1\.2\.3: Creating \(read [23]\), 20s elapsed$/),
      expect.stringMatching(/^publishing 1\.2\.3: Creating \(read [45]\), 40s elapsed$/),
    ]);
    expect(lines.length).toBeLessThanOrEqual(3);
  });

  it('times out with E_TIMEOUT saying the operation continues and how to resume', async () => {
    const clock = virtualClock();
    const err = await waitUntil(
      async () => 'Creating',
      () => false,
      (s) => s ?? '',
      {
        label: 'publishing 2.0.0',
        logger: new RecordingLogger(),
        clock,
        signal: new AbortController().signal,
        timeoutMs: 90_000,
        progressEveryMs: 30_000,
        intervalMs: 10_000,
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureError);
    expect(err).toMatchObject({ code: 'E_TIMEOUT' });
    expect((err as Error).message).toMatch(/^publishing 2\.0\.0: still in progress after 1m30s .*continues in Azure; re-run the step to keep waiting/);
  });

  it('rethrows the cancellation reason when the step is cancelled', async () => {
    const controller = new AbortController();
    const clock = virtualClock();
    const reason = new Error('job cancelled');
    const running = waitUntil(
      async () => {
        controller.abort(reason);
        return 0;
      },
      () => false,
      () => '',
      { label: 'x', logger: new RecordingLogger(), clock, signal: controller.signal, timeoutMs: 60_000, intervalMs: 1000 },
    );
    await expect(running).rejects.toBe(reason);
  });
});
