import { describe, expect, it } from 'vitest';
import { isCovered, nonZeroRanges, normalizeRanges } from '../../../src/core/storage/page-ranges.js';

describe('non-zero page ranges', () => {
  it('finds 512-byte aligned ranges holding data', () => {
    const buf = Buffer.alloc(1024 * 1024);
    expect(nonZeroRanges(buf)).toEqual([]);
    buf[700] = 1; // page 1
    buf[300_000] = 1; // page 585, far away
    expect(nonZeroRanges(buf, 0)).toEqual([
      { start: 512, end: 1024 },
      { start: 585 * 512, end: 586 * 512 },
    ]);
  });
  it('merges ranges closer than the gap', () => {
    const buf = Buffer.alloc(256 * 1024);
    buf[0] = 1;
    buf[10 * 512] = 1;
    buf[200 * 1024] = 1;
    expect(nonZeroRanges(buf, 64 * 1024)).toEqual([
      { start: 0, end: 11 * 512 },
      { start: 200 * 1024, end: 200 * 1024 + 512 },
    ]);
  });
  it('handles a last partial page', () => {
    const buf = Buffer.alloc(1000);
    buf[999] = 9;
    expect(nonZeroRanges(buf)).toEqual([{ start: 512, end: 1000 }]);
  });
});

describe('range sets', () => {
  const set = normalizeRanges([
    { start: 4096, end: 8192 },
    { start: 0, end: 1024 },
    { start: 1024, end: 2048 },
  ]);
  it('normalizes by sorting and joining touching ranges', () => {
    expect(set).toEqual([
      { start: 0, end: 2048 },
      { start: 4096, end: 8192 },
    ]);
  });
  it('answers containment', () => {
    expect(isCovered(set, 0, 2048)).toBe(true);
    expect(isCovered(set, 512, 1536)).toBe(true);
    expect(isCovered(set, 1536, 4608)).toBe(false);
    expect(isCovered(set, 4096, 8192)).toBe(true);
    expect(isCovered(set, 8000, 8704)).toBe(false);
    expect(isCovered(set, 2048, 2560)).toBe(false);
    expect(isCovered([], 0, 512)).toBe(false);
  });
});
