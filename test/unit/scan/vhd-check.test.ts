import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVhdFile, looksLikeVhd } from '../../../src/core/scan/vhd-check.js';
import { buildFixedFooter, MiB } from '../../../src/core/vhd/vhd-footer.js';
import { scanStep } from '../../../src/steps/scan.js';
import { createTestStepContext } from '../../helpers/step-context.js';

const dir = mkdtempSync(path.join(tmpdir(), 'scan-vhd-'));
const uniqueId = Buffer.alloc(16, 7);

/** A fixed VHD: `dataBytes` of zeros followed by a footer declaring `currentSize` (built by bake's codec). */
function vhd(name: string, dataBytes: number, currentSize = dataBytes, mutate?: (footer: Buffer) => void): string {
  const footer = buildFixedFooter({ currentSize, uniqueId });
  mutate?.(footer);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat([Buffer.alloc(dataBytes), footer]));
  return file;
}

const verdicts = async (file: string) => (await checkVhdFile(file)).map((r) => [r.check, r.passed]);

describe('local VHD checks', () => {
  it('a fixed, 1 MiB aligned VHD with a valid footer passes', async () => {
    const file = vhd('good.vhd', 2 * MiB);
    expect(await looksLikeVhd(file)).toBe(true);
    expect(await verdicts(file)).toEqual([
      ['VHD footer', true],
      ['VHD fixed format', true],
      ['VHD 1 MiB alignment', true],
    ]);
  });

  it('an unaligned virtual size fails and says what size to use', async () => {
    const file = vhd('odd.vhd', MiB + 512);
    const results = await checkVhdFile(file);
    expect(results.find((r) => r.check === 'VHD 1 MiB alignment')).toEqual({
      check: 'VHD 1 MiB alignment',
      passed: false,
      detail: `virtual size ${MiB + 512} bytes is not a whole number of MiB; resize to ${2 * MiB} bytes`,
    });
  });

  it('a corrupted footer checksum fails', async () => {
    const file = vhd('bad-sum.vhd', MiB, MiB, (f) => f.writeUInt32BE(0x1234, 64));
    const results = await checkVhdFile(file);
    expect(results[0]).toMatchObject({ check: 'VHD footer', passed: false, detail: expect.stringMatching(/checksum is 0x0*1234/) });
  });

  it('a dynamic disk type fails the fixed-format check (checksum recomputed so only the type differs)', async () => {
    const file = vhd('dynamic.vhd', MiB, MiB, (f) => {
      f.writeUInt32BE(3, 60);
      f.writeUInt32BE(0, 64);
      let sum = 0;
      for (const b of f) sum += b;
      f.writeUInt32BE(~sum >>> 0, 64);
    });
    expect(await verdicts(file)).toContainEqual(['VHD fixed format', false]);
    expect((await checkVhdFile(file))[0]?.passed).toBe(true);
  });

  it('a truncated fixed VHD (file shorter than the footer says) fails', async () => {
    const file = vhd('short.vhd', MiB, 2 * MiB);
    expect(await verdicts(file)).toContainEqual(['VHD size', false]);
  });

  it('a raw file is not taken for a VHD', async () => {
    const raw = path.join(dir, 'disk.raw');
    writeFileSync(raw, Buffer.alloc(4096));
    expect(await looksLikeVhd(raw)).toBe(false);
  });

  it('the scan step runs them on a VHD path (scanner none) and fails the gate on a bad one', async () => {
    // Unreachable endpoints: local VHD checks never call Azure.
    const ctx = createTestStepContext({ armEndpoint: 'https://127.0.0.1:1/', authorityHost: 'https://127.0.0.1:1/', armAudience: 'x', tenantId: '00000000-0000-0000-0000-000000000001', subscriptionId: '00000000-0000-0000-0000-000000000002', defaultPrincipal: { clientId: '00000000-0000-0000-0000-000000000003', clientSecret: 'unused' } });
    const good = await scanStep.run(scanStep.resolve({ path: vhd('step-good.vhd', MiB), scanner: 'none' }, undefined), ctx);
    expect(good.outputs.passed).toBe(true);
    expect(good.summary?.sections[1]).toMatchObject({ heading: 'Image checks', rows: [['VHD footer', 'pass', expect.any(String)], ['VHD fixed format', 'pass', 'fixed'], ['VHD 1 MiB alignment', 'pass', '1 MiB']] });
    const bad = await scanStep.run(scanStep.resolve({ path: vhd('step-bad.vhd', MiB + 512), scanner: 'none' }, undefined), ctx).catch((e: unknown) => e);
    expect((bad as Error).message).toMatch(/Image check VHD 1 MiB alignment failed/);
  });
});
