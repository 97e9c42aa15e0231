/**
 * runRollout against the emulator (real SDK over HTTPS, emulated time): rings with mixed upgrade policies, the
 * health gate and rollback, the lease, plan mode, channels, and crash-and-resume.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { RolloutFailure, runRollout, type RolloutDeps } from '../../../src/core/rollout/run-rollout.js';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, instanceVersions, rolloutInputs, seedScaleSets, type GalleryFixture } from './rollout-fixture.js';

const emu = useEmulator({ clockSpeed: 0 });
const rollingPolicy = { mode: 'Rolling', rollingUpgradePolicy: { maxBatchInstancePercent: 50, maxUnhealthyUpgradedInstancePercent: 0, pauseTimeBetweenBatches: 'PT0S' } };

let g: GalleryFixture;
let n = 0;

function deps(onSleep?: (ms: number) => void, runId = '1001'): RolloutDeps & { logger: ReturnType<typeof createTestStepContext>['logger'] } {
  const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current, onSleep), run: { runId } });
  return { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run };
}

beforeEach(async () => {
  // A fresh image per test (own definition: own lease, channel and progress tags).
  n += 1;
  g = await createGallery(emu.current, { resourceGroup: 'rg-img', image: `img${n}`, versions: ['1.0.0', '2.0.0', '2.1.0', '3.0.0'], excludeFromLatest: ['2.0.0', '2.1.0', '3.0.0'] });
});

describe('runRollout', () => {
  it('takes three rings of mixed-policy scale sets to the exact version and records what they ran before', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [
      { name: `c1-${n}`, capacity: 4 },
      { name: `w1-${n}`, capacity: 6, upgradePolicy: rollingPolicy },
      { name: `w2-${n}`, capacity: 5, upgradePolicy: { mode: 'Automatic' }, imageReference: { id: g.definitionId } },
      { name: `p1-${n}`, capacity: 6, ephemeral: true },
      { name: `p2-${n}`, capacity: 10 },
    ]);
    const d = deps();
    const result = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [
      { name: 'canary', scaleSets: [`c1-${n}`] },
      { name: 'wave1', scaleSets: [`w1-${n}`, `w2-${n}`] },
      { name: 'prod', scaleSets: [`p1-${n}`, `p2-${n}`], batchPercent: 20 },
    ], { channel: 'prod', promoteLatest: true }), d);

    expect(result.ringsCompleted).toBe(3);
    expect(result.rolledBack).toBe(false);
    for (const name of ['c1', 'w1', 'w2', 'p1', 'p2']) expect(instanceVersions(emu.current, `${name}-${n}`).every((v) => v === '2.0.0')).toBe(true);
    const c = computeClient(emu.current);
    const w2 = await c.virtualMachineScaleSets.get('rg-apps', `w2-${n}`);
    expect(w2.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(g.versionId('2.0.0'));
    expect(w2.tags?.['image-publish.rollout.previous']).toBe(g.definitionId);
    expect(Object.values(result.previous)).toContain(g.versionId('1.0.0'));
    expect(result.outcomes.map((o) => [o.name, o.method])).toEqual(expect.arrayContaining([
      [`c1-${n}`, 'manual-batches'], [`w1-${n}`, 'rolling'], [`w2-${n}`, 'automatic'], [`p1-${n}`, 'reimage-batches'], [`p2-${n}`, 'manual-batches'],
    ]));
    const def = await c.galleryImages.get(g.resourceGroup, g.gallery, g.image);
    expect(def.tags?.['channel.prod']).toBe('2.0.0');
    expect(def.tags?.['image-publish.rollout.lease']).toBeUndefined();
    const version = await c.galleryImageVersions.get(g.resourceGroup, g.gallery, g.image, '2.0.0');
    expect(version.publishingProfile?.excludeFromLatest).toBe(false);
    expect(d.logger.openGroups).toEqual([]);
  });

  it('rolls every touched scale set back to its exact previous imageReference when the canary turns unhealthy', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [
      { name: `ok-${n}`, capacity: 4, upgradePolicy: rollingPolicy, imageReference: { id: g.definitionId } },
      { name: `bad-${n}`, capacity: 4 },
      { name: `later-${n}`, capacity: 4 },
    ]);
    emu.current.scaleSets.setUnhealthyImageVersions([g.versionId('3.0.0')]);
    const c = computeClient(emu.current);
    try {
      const d = deps();
      const err = await runRollout(rolloutInputs(emu.current, g, '3.0.0', [
        { name: 'canary', scaleSets: [`ok-${n}`, `bad-${n}`], batchPercent: 25 },
        { name: 'prod', scaleSets: [`later-${n}`] },
      ]), d).catch((e: unknown) => e);
      if (!(err instanceof RolloutFailure)) throw err;
      const failure = err as RolloutFailure;
      expect(failure.code).toBe('E_ROLLOUT_UNHEALTHY');
      expect(failure.message).toMatch(/unhealthy/);
      expect(failure.result.rolledBack).toBe(true);
      expect(failure.result.ringsCompleted).toBe(0);

      const ok = await c.virtualMachineScaleSets.get('rg-apps', `ok-${n}`);
      const bad = await c.virtualMachineScaleSets.get('rg-apps', `bad-${n}`);
      expect(ok.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(g.definitionId);
      expect(bad.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(g.versionId('1.0.0'));
      expect(ok.tags?.['image-publish.rollout.pinned']).toBeUndefined();
      for (const name of [`ok-${n}`, `bad-${n}`, `later-${n}`]) expect(instanceVersions(emu.current, name)).not.toContain('3.0.0');
      const later = await c.virtualMachineScaleSets.get('rg-apps', `later-${n}`);
      expect(later.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(g.versionId('1.0.0'));
      expect(later.tags?.['image-publish.rollout.previous']).toBeUndefined();
      const def = await c.galleryImages.get(g.resourceGroup, g.gallery, g.image);
      expect(def.tags?.['image-publish.rollout.lease']).toBeUndefined();
      expect(d.logger.openGroups).toEqual([]);
    } finally {
      emu.current.scaleSets.setUnhealthyImageVersions([]);
    }
  });

  it('refuses to start while another rollout holds the lease, changing nothing', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `l1-${n}`, capacity: 2 }]);
    const c = computeClient(emu.current);
    const expiry = new Date(emu.current.clock.now() + 3_600_000).toISOString();
    await c.galleryImages.update(g.resourceGroup, g.gallery, g.image, { tags: { 'image-publish.rollout.lease': `contoso/other#77|${expiry}|2.0.0` } });
    const before = emu.current.state.snapshot();
    await expect(runRollout(rolloutInputs(emu.current, g, '2.0.0', [{ name: 'canary', scaleSets: [`l1-${n}`] }]), deps())).rejects.toMatchObject({
      code: 'E_ROLLOUT_LEASED',
      message: expect.stringContaining('contoso/other#77'),
    });
    expect(emu.current.state.snapshot()).toEqual(before);
  });

  it('plan mode prints what would change per scale set and changes nothing', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `pl1-${n}`, capacity: 4 }, { name: `pl2-${n}`, capacity: 3, upgradePolicy: rollingPolicy }]);
    const before = emu.current.state.snapshot();
    const d = deps();
    const result = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [{ name: 'canary', scaleSets: [`pl1-${n}`, `pl2-${n}`] }], { plan: true, channel: 'prod' }), d);
    expect(emu.current.state.snapshot()).toEqual(before);
    expect(result.report.join('\n')).toContain(`pl1-${n}: imageReference ${g.versionId('1.0.0')} -> ${g.versionId('2.0.0')}; manual-batches, 4 instance(s) in 2 step(s)`);
    expect(result.report.join('\n')).toContain(`pl2-${n}: imageReference ${g.versionId('1.0.0')} -> ${g.versionId('2.0.0')}; rolling`);
    expect(result.report.join('\n')).toContain('Channel prod: would point to 2.0.0');
    expect(result.outcomes.every((o) => o.status === 'planned')).toBe(true);
  });

  it('keeps the channel history on the definition across rollouts', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `ch-${n}`, capacity: 2 }]);
    const rings = [{ name: 'prod', scaleSets: [`ch-${n}`] }];
    const c = computeClient(emu.current);
    await runRollout(rolloutInputs(emu.current, g, '2.0.0', rings, { channel: 'prod' }), deps());
    let tags = (await c.galleryImages.get(g.resourceGroup, g.gallery, g.image)).tags ?? {};
    expect(tags['channel.prod']).toBe('2.0.0');
    expect(tags['channel.prod.previous']).toBeUndefined();
    const second = await runRollout(rolloutInputs(emu.current, g, '2.1.0', rings, { channel: 'prod' }), deps());
    tags = (await c.galleryImages.get(g.resourceGroup, g.gallery, g.image)).tags ?? {};
    expect(tags['channel.prod']).toBe('2.1.0');
    expect(tags['channel.prod.previous']).toBe('2.0.0');
    expect(second.channel).toEqual({ name: 'prod', value: '2.1.0', previous: '2.0.0' });
    // The second rollout recorded 2.0.0 (what the first one pinned) as what to roll back to.
    expect((await c.virtualMachineScaleSets.get('rg-apps', `ch-${n}`)).tags?.['image-publish.rollout.previous']).toBe(g.versionId('2.0.0'));
  });

  it('resumes after a crash without redoing completed rings or batches', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `r1-${n}`, capacity: 2 }, { name: `r2-${n}`, capacity: 10 }]);
    const inputs = rolloutInputs(emu.current, g, '2.0.0', [
      { name: 'canary', scaleSets: [`r1-${n}`] },
      { name: 'prod', scaleSets: [`r2-${n}`], batchPercent: 20, bakeTimeMs: 45_000 },
    ]);
    const upgradesOf = (name: string) => emu.current.requestLog.entries().filter((e) => e.operationId === 'VirtualMachineScaleSets_UpdateInstances' && e.path.endsWith(`/${name}/manualupgrade`)).length;
    emu.current.requestLog.clear();
    // The "crash": the process dies 30 s into its wait after the second batch of r2 (upgraded, still baking).
    const crash = (ms: number) => {
      if (ms >= 45_000 && upgradesOf(`r2-${n}`) === 2) {
        emu.current.clock.advance(30_000);
        throw new Error('runner killed');
      }
    };
    await expect(runRollout(inputs, deps(crash))).rejects.toThrow('runner killed');
    expect(upgradesOf(`r1-${n}`)).toBe(2);
    expect(instanceVersions(emu.current, `r2-${n}`).filter((v) => v === '2.0.0')).toHaveLength(4);

    emu.current.requestLog.clear();
    const d = deps();
    const result = await runRollout(inputs, d);
    expect(result.ringsCompleted).toBe(2);
    expect(upgradesOf(`r1-${n}`)).toBe(0);
    expect(upgradesOf(`r2-${n}`)).toBe(3);
    expect(instanceVersions(emu.current, `r2-${n}`).every((v) => v === '2.0.0')).toBe(true);
    expect(d.logger.text()).toContain('Ring canary: already completed');
    expect(d.logger.text()).toContain('4 of 10 instances already on the model; 6 left');
  });

  it('refuses a second rollout started while the first holds the lease', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `cc1-${n}`, capacity: 2 }, { name: `cc2-${n}`, capacity: 2 }]);
    let release: () => void = () => {};
    const parked = new Promise<void>((r) => (release = r));
    let paused: () => void = () => {};
    const isPaused = new Promise<void>((r) => (paused = r));
    // The first rollout parks in its first bake, lease held.
    const slowClock = { ...emulatedClock(emu.current), sleep: async (ms: number) => { if (ms === 30_000) { paused(); await parked; } emu.current.clock.advance(ms); } };
    const d1 = { ...deps(), clock: slowClock };
    const first = runRollout(rolloutInputs(emu.current, g, '2.0.0', [{ name: 'canary', scaleSets: [`cc1-${n}`] }]), d1);
    await isPaused;
    const before = emu.current.state.snapshot();
    await expect(runRollout(rolloutInputs(emu.current, g, '2.1.0', [{ name: 'canary', scaleSets: [`cc2-${n}`] }]), deps(undefined, '2002'))).rejects.toMatchObject({
      code: 'E_ROLLOUT_LEASED',
      message: expect.stringContaining('owner contoso/images#1001, version 2.0.0'),
    });
    expect(emu.current.state.snapshot()).toEqual(before);
    release();
    await expect(first).resolves.toMatchObject({ ringsCompleted: 1 });
    expect(instanceVersions(emu.current, `cc2-${n}`)).toEqual(['1.0.0', '1.0.0']);
  });

  it('rolls back when the external gate after a ring fails, and passes a 2xx URL gate', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `gate1-${n}`, capacity: 2 }, { name: `gate2-${n}`, capacity: 2 }]);
    const url = `${emu.current.url}/${emu.current.tenantId}/v2.0/.well-known/openid-configuration`;
    const err = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [
      { name: 'canary', scaleSets: [`gate1-${n}`], gate: { kind: 'url', url, timeoutMs: 10_000 } },
      { name: 'prod', scaleSets: [`gate2-${n}`], gate: { kind: 'command', command: ['sh', '-c', 'echo smoke test failed >&2; exit 3'], timeoutMs: 10_000 } },
    ]), deps()).catch((e: unknown) => e);
    if (!(err instanceof RolloutFailure)) throw err;
    expect(err.message).toContain('The external gate after ring prod failed: sh failed (exit 3): smoke test failed.');
    expect(err.result.ringsCompleted).toBe(1);
    expect(instanceVersions(emu.current, `gate1-${n}`)).toEqual(['1.0.0', '1.0.0']);
    expect(instanceVersions(emu.current, `gate2-${n}`)).toEqual(['1.0.0', '1.0.0']);
  });

  it('rollback: true restores the images recorded by an earlier rollout', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `rb-${n}`, capacity: 3, upgradePolicy: rollingPolicy }]);
    const rings = [{ name: 'prod', scaleSets: [`rb-${n}`] }];
    await runRollout(rolloutInputs(emu.current, g, '2.0.0', rings), deps());
    expect(instanceVersions(emu.current, `rb-${n}`)).toEqual(['2.0.0', '2.0.0', '2.0.0']);
    const result = await runRollout(rolloutInputs(emu.current, g, '2.0.0', rings, { rollback: true }), deps());
    expect(result.outcomes.map((o) => [o.name, o.status])).toEqual([[`rb-${n}`, 'restored']]);
    expect(instanceVersions(emu.current, `rb-${n}`)).toEqual(['1.0.0', '1.0.0', '1.0.0']);
    const vmss = await computeClient(emu.current).virtualMachineScaleSets.get('rg-apps', `rb-${n}`);
    expect(vmss.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(g.versionId('1.0.0'));
    expect(vmss.tags?.['image-publish.rollout.previous']).toBeUndefined();
  });

  it('refuses a version that is not replicated to a scale set region, changing nothing', async () => {
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: `far-${n}`, capacity: 2, location: 'eastus' }]);
    const before = emu.current.state.snapshot();
    await expect(runRollout(rolloutInputs(emu.current, g, '2.0.0', [{ name: 'canary', scaleSets: [`far-${n}`] }]), deps())).rejects.toMatchObject({
      code: 'E_VERSION_NOT_ROLLABLE',
      message: expect.stringContaining('not replicated to eastus'),
    });
    expect(emu.current.state.snapshot()).toEqual(before);
  });
});
