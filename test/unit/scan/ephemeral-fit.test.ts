import { describe, expect, it } from 'vitest';
import { ephemeralFit } from '../../../src/core/scan/ephemeral-fit.js';

const caps = (entries: Record<string, string>) => new Map(Object.entries(entries));
const GiB = 2 ** 30;

describe('ephemeral OS disk fit', () => {
  // Standard_D4ds_v5-like: 150 GiB cache, 150 GiB resource disk (MaxResourceVolumeMB is MiB).
  const d4ds = caps({ EphemeralOSDiskSupported: 'True', CachedDiskBytes: String(150 * GiB), MaxResourceVolumeMB: '153600' });
  // Standard_D4ads_v6-like: no cache or temp disk, 220 GiB NVMe.
  const d4ads = caps({ EphemeralOSDiskSupported: 'True', MaxResourceVolumeMB: '0', NvmeDiskSizeInMiB: '225280' });
  // Standard_F4s_v2-like: 64 GiB cache, 32 GiB resource disk.
  const f4s = caps({ EphemeralOSDiskSupported: 'True', CachedDiskBytes: String(64 * GiB), MaxResourceVolumeMB: '32768' });

  it.each<[string, number, Map<string, string> | undefined, string[], RegExp | undefined]>([
    ['30 GiB on D4ds_v5: cache and resource disk', 30, d4ds, ['CacheDisk', 'ResourceDisk'], undefined],
    ['exactly 150 GiB on D4ds_v5 still fits', 150, d4ds, ['CacheDisk', 'ResourceDisk'], undefined],
    ['151 GiB on D4ds_v5 does not', 151, d4ds, [], /151 GiB is larger than its largest local disk \(150 GiB\)/],
    ['200 GiB on D4ads_v6: NVMe only', 200, d4ads, ['NvmeDisk'], undefined],
    ['64 GiB on F4s_v2: cache only (resource disk is 32 GiB)', 64, f4s, ['CacheDisk'], undefined],
    ['no ephemeral support', 30, caps({ EphemeralOSDiskSupported: 'False', MaxResourceVolumeMB: '8192' }), [], /does not support ephemeral/],
    ['size not offered', 30, undefined, [], /not offered in this region/],
  ])('%s', (_name, gib, capabilities, placements, reason) => {
    const fit = ephemeralFit('Standard_X', gib, capabilities);
    expect(fit.placements).toEqual(placements);
    if (reason) expect(fit.reason).toMatch(reason);
    else expect(fit.reason).toBeUndefined();
  });
});
