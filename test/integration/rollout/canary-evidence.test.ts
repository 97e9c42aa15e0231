/**
 * Canary evidence against the emulator (real SDK over HTTPS, emulated time): the emulator stages per-version boot
 * timing, the rollout measures the canary's first batch from the instance views' status times, compares it with
 * the record the previous version left, and stops (rolling back) when the new image boots too slowly.
 */
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { EVIDENCE_TAG, readRecord } from '../../../src/core/rollout/canary-evidence-record.js';
import { rolloutSummary } from '../../../src/core/rollout/rollout-summary.js';
import { RolloutFailure, runRollout, type RolloutDeps } from '../../../src/core/rollout/run-rollout.js';
import type { RolloutInputs } from '../../../src/core/rollout/rollout-types.js';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, instanceVersions, rolloutInputs, seedScaleSets, type GalleryFixture } from './rollout-fixture.js';

const emu = useEmulator({ clockSpeed: 0 });
let g: GalleryFixture;
let n = 0;

function deps(): RolloutDeps & { logger: ReturnType<typeof createTestStepContext>['logger'] } {
  const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
  return { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run };
}

const policy = { maxRegression: 1.2, minSamples: 2, insufficient: 'warn' as const };

function inputs(version: string, extra: Partial<RolloutInputs> = {}): RolloutInputs {
  return rolloutInputs(emu.current, g, version, [
    { name: 'canary', scaleSets: [`can-${n}`], batchPercent: 50 },
    { name: 'prod', scaleSets: [`prod-${n}`] },
  ], { evidence: policy, ...extra });
}

beforeEach(async () => {
  n += 1;
  g = await createGallery(emu.current, { resourceGroup: 'rg-img', image: `ev${n}`, versions: ['1.0.0', '2.0.0', '2.1.0', '3.0.0'] });
  seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `can-${n}`, capacity: 4 }, { name: `prod-${n}`, capacity: 2 }]);
  // 2.0.0 is the baseline: 20s to boot, healthy 10s later; the seeded 1.0.0 instances also turn healthy 10s after boot.
  emu.current.scaleSets.setVersionTiming({ [g.versionId('2.0.0')]: { upgradeMs: 20_000, healthDelayMs: 10_000 }, [g.versionId('1.0.0')]: { healthDelayMs: 10_000 } });
});

describe('canary evidence', () => {
  it('reports "not enough data" (a warning, not a pass) when the previous version has no record, and records the new figures', async () => {
    const d = deps();
    const result = await runRollout(inputs('2.0.0'), d);
    expect(result.ringsCompleted).toBe(2);
    const v = result.evidence?.[0];
    expect(v?.verdict).toBe('insufficient');
    expect(v?.samples).toBe(2);
    expect(v?.comparisons.map((c) => [c.figure, c.current, c.currentN, c.previous])).toEqual([
      ['toRunningMs', 20_000, 2, undefined], ['toHealthyMs', 30_000, 2, undefined],
      // The two instances of the canary scale set still on 1.0.0 do compare, but they alone are no verdict.
      ['bootToHealthyVsSiblingsMs', 10_000, 2, 10_000],
    ]);
    expect(d.logger.lines.some((l) => l.level === 'warn' && /Not enough canary evidence in ring canary/.test(l.message))).toBe(true);
    const record = await readRecord(computeClient(emu.current), g.versionId('2.0.0'));
    expect(record?.platform).toEqual({ toRunningMs: { median: 20_000, n: 2 }, toHealthyMs: { median: 30_000, n: 2 } });
  });

  it("fails on 'not enough data' when insufficient-evidence is fail, and changes nothing beyond the rolled-back canary", async () => {
    const err = await runRollout(inputs('2.0.0', { evidence: { ...policy, insufficient: 'fail' } }), deps()).catch((e: unknown) => e);
    if (!(err instanceof RolloutFailure)) throw err;
    expect(err.message).toMatch(/Not enough canary evidence in ring canary to compare with the previous version: no evidence recorded for the previous version 1\.0\.0\. insufficient-evidence is .fail./);
    expect(err.result.rolledBack).toBe(true);
    expect(instanceVersions(emu.current, `can-${n}`)).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    expect(instanceVersions(emu.current, `prod-${n}`)).toEqual(['1.0.0', '1.0.0']);
    const v = await computeClient(emu.current).galleryImageVersions.get(g.resourceGroup, g.gallery, g.image, '2.0.0');
    expect(v.tags?.[EVIDENCE_TAG]).toBeUndefined();
  });

  it('stops at the canary when the new image boots 40% slower, with the figures in the summary', async () => {
    await runRollout(inputs('2.0.0'), deps());
    emu.current.scaleSets.setVersionTiming({ [g.versionId('3.0.0')]: { upgradeMs: 28_000, healthDelayMs: 14_000 } });
    const err = await runRollout(inputs('3.0.0'), deps()).catch((e: unknown) => e);
    if (!(err instanceof RolloutFailure)) throw err;
    expect(err.code).toBe('E_ROLLOUT_UNHEALTHY');
    expect(err.message).toMatch(/regression beyond its limit against the previous version: request → running: 28\.0s \(n=2\) vs previous 20\.0s \(n=2\), 1\.40x \(limit 1\.2x\)/);
    // Stopped at the canary: prod never moved, the canary went back to 2.0.0.
    expect(instanceVersions(emu.current, `prod-${n}`)).toEqual(['2.0.0', '2.0.0']);
    expect(instanceVersions(emu.current, `can-${n}`)).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);
    const summary = rolloutSummary(inputs('3.0.0'), err.result, err.message);
    const table = summary.sections.find((s) => s.kind === 'table' && s.heading?.startsWith('Canary evidence, ring canary'));
    expect(table?.kind === 'table' && table.heading).toMatch(/REGRESSED \(2 instances measured; previous version 2\.0\.0\)/);
    expect(table?.kind === 'table' && table.rows).toEqual([
      ['request → running', '28.0s', 2, '20.0s', 2, '1.40x', '1.2x', 'REGRESSED'],
      ['request → healthy', '42.0s', 2, '30.0s', 2, '1.40x', '1.2x', 'REGRESSED'],
      ['boot → healthy, vs. same scale set on previous', '14.0s', 2, '10.0s', 2, '1.40x', '1.2x', 'REGRESSED'],
    ]);
    const chart = summary.sections.find((s) => s.kind === 'mermaid' && s.source.startsWith('xychart-beta'));
    expect(chart?.kind === 'mermaid' && chart.source).toContain('bar [20, 30, 10]\n  bar [28, 42, 14]');
    // A regressed version leaves no record to compare against.
    expect(await readRecord(computeClient(emu.current), g.versionId('3.0.0'))).toBeUndefined();
  });

  it('passes a faster image with the comparison shown and makes its figures the next baseline', async () => {
    await runRollout(inputs('2.0.0'), deps());
    emu.current.scaleSets.setVersionTiming({ [g.versionId('2.1.0')]: { upgradeMs: 15_000, healthDelayMs: 5_000 } });
    const result = await runRollout(inputs('2.1.0'), deps());
    expect(result.ringsCompleted).toBe(2);
    const v = result.evidence?.[0];
    expect(v?.verdict).toBe('pass');
    expect(v?.previousVersion).toBe(g.versionId('2.0.0'));
    expect(v?.comparisons.map((c) => [c.figure, c.current, c.previous, c.ratio])).toEqual([['toRunningMs', 15_000, 20_000, 0.75], ['toHealthyMs', 20_000, 30_000, 20_000 / 30_000], ['bootToHealthyVsSiblingsMs', 5_000, 10_000, 0.5]]);
    const rows = rolloutSummary(inputs('2.1.0'), result).sections.find((s) => s.kind === 'table' && s.heading?.startsWith('Canary evidence'));
    expect(rows?.kind === 'table' && rows.heading).toMatch(/: pass \(2 instances measured; previous version 2\.0\.0\)/);
    expect((await readRecord(computeClient(emu.current), g.versionId('2.1.0')))?.platform.toRunningMs).toEqual({ median: 15_000, n: 2 });
  });
});

describe('canary against its own scale set', () => {
  it('stops a canary whose health comes slower than on the instances still on the previous version, with no record needed', async () => {
    emu.current.scaleSets.setVersionTiming({ [g.versionId('2.1.0')]: { upgradeMs: 20_000, healthDelayMs: 20_000 } });
    const err = await runRollout(inputs('2.1.0'), deps()).catch((e: unknown) => e);
    if (!(err instanceof RolloutFailure)) throw err;
    expect(err.message).toMatch(/boot → healthy, vs\. same scale set on previous: 20\.0s \(n=2\) vs previous 10\.0s \(n=2\), 2\.00x \(limit 1\.2x\): regressed/);
    expect(instanceVersions(emu.current, `can-${n}`)).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
  });

  it('says "not enough data" on that row when the first batch took every instance, and judges by the record', async () => {
    await runRollout(inputs('2.0.0'), deps());
    emu.current.scaleSets.setVersionTiming({ [g.versionId('2.1.0')]: { upgradeMs: 20_000, healthDelayMs: 10_000 } });
    const whole = rolloutInputs(emu.current, g, '2.1.0', [{ name: 'canary', scaleSets: [`can-${n}`], batchPercent: 100 }], { evidence: policy });
    const result = await runRollout(whole, deps());
    const v = result.evidence?.[0];
    expect(v?.verdict).toBe('pass');
    expect(v?.comparisons.find((c) => c.supplementary)).toMatchObject({ figure: 'bootToHealthyVsSiblingsMs', currentN: 4, previousN: 0, verdict: 'insufficient' });
  });
});

describe('canary benchmark', () => {
  const script = resolve(import.meta.dirname, '../../fixtures/benchmarks/print-metrics.mjs');
  const metrics = (p95: number, rps: number) => JSON.stringify([
    { name: 'p95-latency', value: p95, unit: 'ms', better: 'lower' },
    { name: 'requests', value: rps, unit: 'req/s', better: 'higher' },
  ]);
  function withBenchmark(version: string, before: string, after: string): RolloutInputs {
    const base = inputs(version);
    const [canary, ...rest] = base.rings;
    if (!canary) throw new Error('no canary ring');
    return { ...base, rings: [{ ...canary, benchmark: { kind: 'command', command: [process.execPath, script, before, after], timeoutMs: 30_000, tolerance: 0.1 } }, ...rest] };
  }

  it('passes when every metric stays within the tolerance and records the figures on the version', async () => {
    const result = await runRollout(withBenchmark('2.0.0', metrics(100, 500), metrics(105, 520)), deps());
    expect(result.ringsCompleted).toBe(2);
    const bench = result.evidence?.[0]?.comparisons.filter((c) => c.unit !== 'ms');
    expect(bench?.map((c) => [c.figure, c.previous, c.current, c.verdict])).toEqual([['requests', 500, 520, 'pass']]);
    const latency = result.evidence?.[0]?.comparisons.find((c) => c.figure === 'p95-latency');
    expect([latency?.previous, latency?.current, latency?.ratio, latency?.verdict]).toEqual([100, 105, 1.05, 'pass']);
    const record = await readRecord(computeClient(emu.current), g.versionId('2.0.0'));
    expect(record?.benchmarks).toEqual({ 'p95-latency': { value: 105, unit: 'ms', better: 'lower', n: 1 }, requests: { value: 520, unit: 'req/s', better: 'higher', n: 1 } });
  });

  it('fails and rolls back when a higher-is-better metric drops beyond the tolerance', async () => {
    const err = await runRollout(withBenchmark('2.0.0', metrics(100, 500), metrics(100, 400)), deps()).catch((e: unknown) => e);
    if (!(err instanceof RolloutFailure)) throw err;
    expect(err.message).toMatch(/requests: 400 req\/s \(n=1\) vs previous 500 req\/s \(n=1\), 1\.25x \(limit 1\.1x\): regressed/);
    expect(instanceVersions(emu.current, `can-${n}`)).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    expect(instanceVersions(emu.current, `prod-${n}`)).toEqual(['1.0.0', '1.0.0']);
  });

  it('treats malformed benchmark output as an error, never a pass', async () => {
    const err = await runRollout(withBenchmark('2.0.0', metrics(100, 500), '[{"name":"p95-latency","value":"fast","unit":"ms","better":"lower"}]'), deps()).catch((e: unknown) => e);
    if (!(err instanceof RolloutFailure)) throw err;
    expect(err.message).toMatch(/The benchmark .* printed malformed metrics at 0\.value: .*number/);
    expect(err.result.rolledBack).toBe(true);
    expect(instanceVersions(emu.current, `can-${n}`)).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
  });
});

describe('ephemeral OS disk fit', () => {
  // Standard_D2s_v3 (the emulator's seeded size, from Azure's resource SKU list): 16 GiB temp disk, 50 GiB cache.
  // The fixture's versions have a 30 GiB OS disk; seeded ephemeral scale sets place it on the temp (resource) disk.
  it('warns before rolling an image that does not fit the ring\'s ephemeral placement, and rolls on', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `eph-${n}`, capacity: 2, ephemeral: true }]);
    const d = deps();
    const result = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [{ name: 'canary', scaleSets: [`eph-${n}`] }]), d);
    expect(result.ringsCompleted).toBe(1);
    const warning = d.logger.lines.find((l) => l.level === 'warn' && l.message.startsWith('Ephemeral OS disk'));
    expect(warning?.message).toMatch(new RegExp(`eph-${n} \\(ring canary, Standard_D2s_v3\\): a 30 GiB OS disk does not fit its ResourceDisk placement \\(fits CacheDisk\\)`));
  });

  it('fails before any change with require-ephemeral-fit', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `eph-${n}`, capacity: 2, ephemeral: true }]);
    const err = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [{ name: 'canary', scaleSets: [`eph-${n}`] }], { requireEphemeralFit: true }), deps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).message).toMatch(/require-ephemeral-fit: .*a 30 GiB OS disk does not fit its ResourceDisk placement.*Nothing was changed\./);
    const vmss = await computeClient(emu.current).virtualMachineScaleSets.get('rg-apps', `eph-${n}`);
    expect(vmss.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(g.versionId('1.0.0'));
    expect(vmss.tags?.['image-publish.rollout.previous']).toBeUndefined();
  });
});
