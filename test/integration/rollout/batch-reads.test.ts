/**
 * Issue 18, rollout requests: a Manual scale set is followed with one instance read per batch once the rollout
 * knows how long a batch takes, and the bake is counted from when the batch really finished (the instance views'
 * ProvisioningState/succeeded time), not from whenever a poll noticed it. Emulated time: no wall clock involved.
 */
import { describe, expect, it } from 'vitest';
import { runRollout } from '../../../src/core/rollout/run-rollout.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import type { Clock } from '../../../src/core/clock.js';
import { createGallery, emulatedClock, instanceVersions, rolloutInputs, seedScaleSets } from './rollout-fixture.js';

const emu = useEmulator({ clockSpeed: 0 });

describe('rollout instance reads', () => {
  it('reads each scale set once per batch after the first, and bakes from the end of each batch', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-img', image: 'reads', versions: ['1.0.0', '2.0.0'], excludeFromLatest: ['2.0.0'] });
    // 10 instances in batches of 20%: 5 batches; upgrades take 25 s, polls are 10 s apart, bakes 60 s.
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'reads-a', capacity: 10, instanceUpgradeMs: 25_000 }, { name: 'reads-b', capacity: 10, instanceUpgradeMs: 25_000 }]);
    const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current), run: { runId: 'reads' } });
    emu.current.requestLog.clear();
    const start = emu.current.clock.now();
    const result = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [
      { name: 'canary', scaleSets: ['reads-a'], batchPercent: 20, bakeTimeMs: 60_000 },
      { name: 'prod', scaleSets: ['reads-b'], batchPercent: 20, bakeTimeMs: 60_000 },
    ], { pollIntervalMs: 10_000 }), { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run });

    expect(result.ringsCompleted).toBe(2);
    expect(instanceVersions(emu.current, 'reads-a').every((v) => v === '2.0.0')).toBe(true);
    expect(instanceVersions(emu.current, 'reads-b').every((v) => v === '2.0.0')).toBe(true);
    const lists = (name: string) => emu.current.requestLog.entries().filter((e) => e.operationId === 'VirtualMachineScaleSetVMs_List' && e.path.includes(`/${name}/`)).length;
    // reads-a: the first list, batch 1 polled at 10 s, 20 s and 30 s (done at 25 s) then read after its bake,
    // batches 2-5 one read each, and the ring's closing gate: 1 + 4 + 4 + 1.
    expect(lists('reads-a')).toBe(10);
    // reads-b starts with what reads-a's batches took: one read per batch from the first, plus the first list and the ring gate.
    expect(lists('reads-b')).toBe(7);
    // Each batch costs exactly its upgrade and its bake: 2 rings x 5 batches x (25 s + 60 s).
    expect(emu.current.clock.now() - start).toBe(2 * 5 * 85_000);
  });

  it('finishes when the platform\'s clock runs an hour ahead of the runner\'s (the bake is not pushed forward at every read)', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-skew', image: 'skew', versions: ['1.0.0', '2.0.0'], excludeFromLatest: ['2.0.0'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'skew-a', capacity: 2, instanceUpgradeMs: 25_000 }]);
    const hour = 3_600_000;
    const platform = emulatedClock(emu.current);
    // The runner's clock: the same time line, one hour behind the instance views' timestamps.
    const runner: Clock = { now: () => platform.now() - hour, sleep: (ms, signal) => platform.sleep(ms, signal) };
    const ctx = createTestStepContext(emu.current, { clock: runner, run: { runId: 'skew' } });
    const start = emu.current.clock.now();
    const result = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [
      { name: 'canary', scaleSets: ['skew-a'], batchPercent: 100, bakeTimeMs: 60_000 },
    ], { pollIntervalMs: 10_000 }), { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run });
    expect(result.ringsCompleted).toBe(1);
    expect(instanceVersions(emu.current, 'skew-a').every((v) => v === '2.0.0')).toBe(true);
    // Polls at 10, 20 and 30 s find the batch done; the bake then runs 60 s from that read: 90 s, not forever.
    expect(emu.current.clock.now() - start).toBe(90_000);
  });
});
