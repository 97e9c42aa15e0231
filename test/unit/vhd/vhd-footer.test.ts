import { describe, expect, it } from 'vitest';
import {
  alignToMiB,
  buildFixedFooter,
  computeGeometry,
  footerProblems,
  parseFooter,
  toVhdTimestamp,
  vhdChecksum,
} from '../../../src/core/vhd/vhd-footer.js';
import { TEST_ID } from './vhd-builders.js';

describe('VHD footer', () => {
  it('computes CHS geometry with the specification algorithm', () => {
    // Hand-derived from the spec's appendix: small disks use 17 sectors/track and at least 4 heads.
    expect(computeGeometry(1024 * 1024)).toEqual({ cylinders: 30, heads: 4, sectorsPerTrack: 17 });
    // 127 GiB is past 65535*16*63 sectors, so 255 sectors/track and 16 heads.
    expect(computeGeometry(127 * 1024 ** 3)).toEqual({ cylinders: 65278, heads: 16, sectorsPerTrack: 255 });
    // 2 GiB: 4194304 sectors; 17 spt would need 241 heads, 31 spt still too many cylinders, so 63 spt.
    expect(computeGeometry(2 * 1024 ** 3)).toEqual({ cylinders: 4161, heads: 16, sectorsPerTrack: 63 });
    // Sizes beyond the CHS maximum are capped.
    expect(computeGeometry(4 * 1024 ** 4)).toEqual({ cylinders: 65535, heads: 16, sectorsPerTrack: 255 });
  });

  it('writes a fixed footer whose fields and checksum read back', () => {
    const size = 3 * 1024 * 1024;
    const buf = buildFixedFooter({ currentSize: size, uniqueId: TEST_ID, timestamp: 1234 });
    expect(buf).toHaveLength(512);
    const f = parseFooter(buf);
    expect(f.cookie).toBe('conectix');
    expect(f.features).toBe(2);
    expect(f.formatVersion).toBe(0x00010000);
    expect(f.dataOffset).toBeUndefined();
    expect(buf.readBigUInt64BE(16)).toBe(0xffffffffffffffffn);
    expect(f.timestamp).toBe(1234);
    expect(f.currentSize).toBe(size);
    expect(f.originalSize).toBe(size);
    expect(f.diskType).toBe('fixed');
    expect(f.geometry).toEqual(computeGeometry(size));
    expect(f.uniqueId.equals(TEST_ID)).toBe(true);
    expect(f.savedState).toBe(false);
    // Ones' complement of the sum of every other byte.
    let sum = 0;
    for (let i = 0; i < 512; i++) if (i < 64 || i >= 68) sum += buf[i] as number;
    expect(f.checksum).toBe(~sum >>> 0);
    expect(footerProblems(buf)).toEqual([]);
    expect(buf.subarray(85).every((b) => b === 0)).toBe(true);
  });

  it('reports a wrong cookie and a bad checksum', () => {
    const good = buildFixedFooter({ currentSize: 1024 * 1024, uniqueId: TEST_ID });
    const wrongCookie = Buffer.from(good);
    wrongCookie.write('conectiX', 0, 'latin1');
    expect(footerProblems(wrongCookie).join()).toMatch(/cookie is "conectiX", not "conectix"/);
    const badSum = Buffer.from(good);
    badSum.writeUInt32BE((vhdChecksum(good, 64) + 1) >>> 0, 64);
    expect(footerProblems(badSum).join()).toMatch(/checksum is 0x[0-9a-f]{8} but the footer bytes sum to/);
    const saved = Buffer.from(good);
    saved[84] = 1;
    saved.writeUInt32BE(vhdChecksum(saved, 64), 64);
    expect(footerProblems(saved).join()).toMatch(/saved state/);
  });

  it('aligns sizes to MiB and converts timestamps to the 2000 epoch', () => {
    expect(alignToMiB(1)).toBe(1024 * 1024);
    expect(alignToMiB(1024 * 1024)).toBe(1024 * 1024);
    expect(alignToMiB(1024 * 1024 + 512)).toBe(2 * 1024 * 1024);
    expect(toVhdTimestamp(new Date('2000-01-01T00:00:10Z'))).toBe(10);
  });
});
