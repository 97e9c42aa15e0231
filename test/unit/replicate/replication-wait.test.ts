import { describe, expect, it } from 'vitest';
import type { GalleryImageVersion } from '@azure/arm-compute';
import type { Clock } from '../../../src/core/clock.js';
import { type PollResult, RegionTimes, waitForReplication } from '../../../src/core/replication/replication-wait.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';

/** A clock that only moves when slept on, recording every sleep. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

function status(progress: number, retryAfterMs?: number): PollResult {
  const state = progress >= 100 ? 'Completed' : 'Replicating';
  const version = { replicationStatus: { aggregatedState: 'InProgress', summary: [{ region: 'eastus', state, progress }] } } as unknown as GalleryImageVersion;
  return retryAfterMs === undefined ? { version } : { version, retryAfterMs };
}

function setup(sequence: PollResult[], over: { deadline?: number; heartbeatMs?: number; initial?: PollResult } = {}) {
  const clock = fakeClock();
  const logger = new RecordingLogger();
  const reads: number[] = [];
  let i = 0;
  const run = waitForReplication({
    label: 'replicating g/i/1.0.0',
    targets: ['eastus'],
    initial: over.initial ?? status(0),
    read: async () => {
      reads.push(clock.now());
      return sequence[Math.min(i++, sequence.length - 1)]!;
    },
    canonical: (n) => n,
    logger,
    clock,
    signal: new AbortController().signal,
    deadline: over.deadline ?? 3_600_000,
    startedAt: 0,
    pollEveryMs: 10_000,
    heartbeatMs: over.heartbeatMs ?? 40_000,
    times: new RegionTimes(),
  });
  return { run, clock, logger, reads };
}

describe('waitForReplication', () => {
  it('polls at the interval, and never earlier than a Retry-After from the last response', async () => {
    const { run, clock, reads } = setup([status(10, 25_000), status(20), status(100)], { initial: status(0, 12_000) });
    const outcome = await run;
    expect(outcome).toMatchObject({ timedOut: false, polls: 3 });
    expect(clock.sleeps).toEqual([12_000, 25_000, 10_000]);
    expect(reads).toEqual([12_000, 37_000, 47_000]);
  });

  it('logs a progress line on change, and while nothing changes only every heartbeat', async () => {
    const same = Array.from({ length: 9 }, () => status(50));
    const { run, logger } = setup([...same, status(100)], { initial: status(50) });
    await run;
    const lines = logger.messages('info').filter((m) => m.includes('0/1 completed'));
    // t=0 (first), then heartbeats at 40 s and 80 s; the 9 unchanged polls in between stay silent.
    expect(lines.map((m) => m.replace(/.*, /, ''))).toEqual(['0s elapsed', '40s elapsed', '1m20s elapsed']);
  });

  it('makes a last poll exactly at the deadline, then reports a timeout', async () => {
    const { run, reads } = setup([status(10), status(20), status(30)], { deadline: 25_000 });
    const outcome = await run;
    expect(outcome.timedOut).toBe(true);
    expect(reads).toEqual([10_000, 20_000, 25_000]);
  });

  it('does not poll past the deadline when Retry-After reaches beyond it', async () => {
    const { run, reads } = setup([status(10, 60_000), status(20)], { deadline: 30_000 });
    const outcome = await run;
    expect(outcome.timedOut).toBe(true);
    expect(reads).toEqual([10_000]);
  });
});
