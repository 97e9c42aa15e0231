import { describe, expect, it } from 'vitest';
import type { GalleryImageVersion } from '@azure/arm-compute';
import { aggregateOf, isSettled, progressLine, readReplicationStatus } from '../../../src/core/replication/replication-status.js';
import { RegionTimes, parseRetryAfter } from '../../../src/core/replication/replication-wait.js';

const canonical = (n: string) => n.replace(/\s+/g, '').toLowerCase();

function version(summary: { region: string; state: string; progress: number; details?: string }[]): GalleryImageVersion {
  return { location: 'westeurope', replicationStatus: { aggregatedState: 'InProgress', summary } } as unknown as GalleryImageVersion;
}

describe('replication status', () => {
  const snap = readReplicationStatus(
    version([
      { region: 'West Europe', state: 'Completed', progress: 100 },
      { region: 'East US', state: 'Replicating', progress: 40 },
      { region: 'UK South', state: 'Failed', progress: 50, details: 'quota' },
    ]),
    canonical,
  );

  it('keys regions by programmatic name and keeps ARM details', () => {
    expect(snap.regions.get('uksouth')).toEqual({ region: 'uksouth', state: 'Failed', progress: 50, details: 'quota' });
  });

  it('is settled only when every target is Completed or Failed; unreported targets are pending', () => {
    expect(isSettled(snap, ['westeurope', 'uksouth'])).toBe(true);
    expect(isSettled(snap, ['westeurope', 'eastus'])).toBe(false);
    expect(isSettled(snap, ['westeurope', 'japaneast'])).toBe(false);
    expect(aggregateOf(snap, ['westeurope', 'uksouth'])).toBe('Failed');
    expect(aggregateOf(snap, ['westeurope'])).toBe('Completed');
    expect(aggregateOf(snap, ['westeurope', 'eastus'])).toBe('InProgress');
  });

  it('one progress line lists counts, failures and unfinished regions', () => {
    expect(progressLine(snap, ['westeurope', 'eastus', 'uksouth', 'japaneast'])).toBe(
      '1/4 completed; failed: uksouth; replicating: eastus 40%, japaneast pending',
    );
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter(new Date(90_000).toUTCString(), 30_000)).toBe(60_000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('region times: restarting a region restarts its duration; regions done before the run are not news', () => {
    const times = new RegionTimes();
    times.start(['eastus'], 1000);
    expect(times.observe(snap, ['westeurope', 'eastus', 'uksouth'], 5000)).toEqual([]);
    expect(times.durationMs('eastus', 7000)).toBe(6000);
    expect(times.durationMs('westeurope', 7000)).toBeUndefined();
    times.start(['uksouth'], 8000);
    expect(times.observe(snap, ['uksouth'], 9000)).toEqual(['uksouth']);
    expect(times.durationMs('uksouth', 20_000)).toBe(1000);
  });
});
