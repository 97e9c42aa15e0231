/** Half-open byte ranges [start, end) and the zero-detection that decides which pages to upload. */
export interface ByteRange {
  start: number;
  end: number;
}

const PAGE = 512;
const COARSE = 64 * 1024;
let zeros = Buffer.alloc(4 * 1024 * 1024);

function isZero(buf: Buffer): boolean {
  if (buf.length > zeros.length) zeros = Buffer.alloc(buf.length);
  // Buffer.equals is a memcmp in native code, far faster than a JS loop over the bytes.
  return buf.equals(zeros.subarray(0, buf.length));
}

/**
 * The 512-byte-aligned ranges of `buf` holding any non-zero byte, relative to `buf`. Ranges closer than
 * `mergeGap` are merged: re-sending a few zero pages is cheaper than another request.
 */
export function nonZeroRanges(buf: Buffer, mergeGap = COARSE): ByteRange[] {
  if (isZero(buf)) return [];
  const ranges: ByteRange[] = [];
  const push = (start: number, end: number) => {
    const last = ranges[ranges.length - 1];
    if (last && start - last.end < mergeGap) last.end = end;
    else ranges.push({ start, end });
  };
  for (let coarse = 0; coarse < buf.length; coarse += COARSE) {
    const coarseEnd = Math.min(buf.length, coarse + COARSE);
    if (isZero(buf.subarray(coarse, coarseEnd))) continue;
    for (let page = coarse; page < coarseEnd; page += PAGE) {
      const pageEnd = Math.min(coarseEnd, page + PAGE);
      if (!isZero(buf.subarray(page, pageEnd))) push(page, pageEnd);
    }
  }
  return ranges;
}

/** Sorts and merges touching ranges, the form both Azure and Azurite report page ranges in (modulo splitting). */
export function normalizeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** True when [start, end) lies entirely inside the union of `sortedRanges` (normalised). */
export function isCovered(sortedRanges: readonly ByteRange[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sortedRanges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = sortedRanges[mid] as ByteRange;
    if (r.end <= start) lo = mid + 1;
    else if (r.start > start) hi = mid - 1;
    else return r.end >= end;
  }
  return false;
}
