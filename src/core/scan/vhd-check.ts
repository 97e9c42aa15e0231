import { open } from 'node:fs/promises';
import { FOOTER_SIZE, MiB, VHD_COOKIE, footerProblems, parseFooter } from '../vhd/vhd-footer.js';
import type { CheckResult } from './image-checks.js';

/** True when the file ends in a VHD footer (the `conectix` cookie), whatever its name. */
export async function looksLikeVhd(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < FOOTER_SIZE) return false;
    const cookie = Buffer.alloc(VHD_COOKIE.length);
    await fh.read(cookie, 0, cookie.length, size - FOOTER_SIZE);
    return cookie.toString('latin1') === VHD_COOKIE;
  } finally {
    await fh.close();
  }
}

/**
 * The VHD checks Azure applies on import, run locally before anything is published: fixed format (Azure
 * rejects dynamic and differencing disks), a virtual size aligned to 1 MiB, and a footer with a valid checksum.
 * Reuses the bake step's footer codec (src/core/vhd).
 */
export async function checkVhdFile(file: string): Promise<CheckResult[]> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < FOOTER_SIZE) return [{ check: 'VHD footer', passed: false, detail: `${file} is ${size} bytes, smaller than a VHD footer` }];
    const footer = Buffer.alloc(FOOTER_SIZE);
    await fh.read(footer, 0, FOOTER_SIZE, size - FOOTER_SIZE);
    const problems = footerProblems(footer);
    const results: CheckResult[] = [{ check: 'VHD footer', passed: problems.length === 0, detail: problems.length === 0 ? 'valid cookie and checksum' : problems.join('; ') }];
    if (problems.some((p) => p.includes('cookie'))) return results;
    const parsed = parseFooter(footer);
    const fixed = parsed.diskType === 'fixed';
    results.push({
      check: 'VHD fixed format',
      passed: fixed,
      detail: fixed ? 'fixed' : `disk type is ${String(parsed.diskType)}; Azure needs a fixed VHD (convert with qemu-img convert -O vpc -o subformat=fixed,force_size)`,
    });
    const aligned = parsed.currentSize % MiB === 0;
    results.push({
      check: 'VHD 1 MiB alignment',
      passed: aligned,
      detail: aligned ? `${parsed.currentSize / MiB} MiB` : `virtual size ${parsed.currentSize} bytes is not a whole number of MiB; resize to ${Math.ceil(parsed.currentSize / MiB) * MiB} bytes`,
    });
    if (fixed && size !== parsed.currentSize + FOOTER_SIZE) {
      results.push({ check: 'VHD size', passed: false, detail: `file is ${size} bytes but the footer says ${parsed.currentSize} + ${FOOTER_SIZE}; the file is truncated or padded` });
    }
    return results;
  } finally {
    await fh.close();
  }
}
