import { describe, expect, it } from 'vitest';
import { staticConsumerFinder } from '../../../src/core/retirement/consumer-finder.js';
import { resolveRetireInputs } from '../../../src/core/retirement/retire-inputs.js';
import { retireVersions } from '../../../src/core/retirement/retire-versions.js';
import { systemClock } from '../../../src/core/clock.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { GALLERY, IMAGE, RG, ids, scenario, scenarioPins, seedGallery } from './retire-fixture.js';

const emulator = useEmulator();

function setup() {
  seedGallery(emulator.current, scenario, scenarioPins);
  const id = ids(emulator.current);
  const finder = staticConsumerFinder([
    { id: `${id.rg}/providers/Microsoft.Compute/virtualMachineScaleSets/web`, kind: 'scale-set', imageId: id.version('1.2.0').toUpperCase() },
    { id: `${id.rg}/providers/Microsoft.Compute/virtualMachines/jump`, kind: 'vm', imageId: id.definition },
  ]);
  const ctx = createTestStepContext(emulator.current, { clock: { now: () => emulator.current.clock.now(), sleep: systemClock.sleep } });
  const parsed = { 'resource-group': RG, gallery: GALLERY, 'image-definition': IMAGE, 'keep-latest': 1, 'deprecate-after': '30d', 'delete-after': '90d' };
  return { id, finder, ctx, parsed };
}

function version(id: string): { properties: { publishingProfile: { endOfLifeDate?: string; excludeFromLatest: boolean } } } | undefined {
  return emulator.current.state.resource(id) as never;
}

describe('retire against the emulator (real SDK over HTTPS)', () => {
  it('plan: true lists every action and changes nothing', async () => {
    const { finder, ctx, parsed } = setup();
    const before = emulator.current.state.snapshot();
    emulator.current.requestLog.clear();
    const result = await retireVersions(resolveRetireInputs({ ...parsed, plan: true }, undefined), ctx, finder);
    expect(result.applied).toBe(false);
    expect(Object.fromEntries(result.actions.map((a) => [a.version, a.action]))).toEqual({
      '2.0.0': 'keep',
      '1.6.0': 'keep',
      '1.5.0': 'deprecate',
      '1.4.0': 'keep',
      '1.3.0': 'deprecate',
      '1.2.0': 'deprecate',
      '1.1.0': 'keep',
      '1.0.0': 'delete',
    });
    expect(emulator.current.state.snapshot()).toEqual(before);
    const writes = emulator.current.requestLog.entries().filter((e) => e.route === 'arm' && e.method !== 'GET');
    expect(writes).toEqual([]);
    expect(ctx.logger.openGroups).toEqual([]);
  });

  it('deprecates and deletes by policy, never touching pinned, used, blocked or kept versions; a re-run changes nothing', async () => {
    const { id, finder, ctx, parsed } = setup();
    const now = emulator.current.clock.now();
    const result = await retireVersions(resolveRetireInputs(parsed, undefined), ctx, finder);
    expect(result.applied).toBe(true);

    expect(emulator.current.state.resource(id.version('1.0.0'))).toBeUndefined();
    // 1.3.0 keeps its promised end of life (blockDeletionBeforeEndOfLife), so it is excluded but not yet deletable.
    const blocked = version(id.version('1.3.0'))!.properties.publishingProfile;
    expect(blocked.excludeFromLatest).toBe(true);
    expect(Date.parse(blocked.endOfLifeDate!)).toBeGreaterThan(now + 29 * 86_400_000);
    for (const v of ['1.2.0', '1.5.0']) {
      const pp = version(id.version(v))!.properties.publishingProfile;
      expect(pp.excludeFromLatest, v).toBe(true);
      expect(Date.parse(pp.endOfLifeDate!), v).toBeGreaterThanOrEqual(now - 1000);
      expect(Date.parse(pp.endOfLifeDate!), v).toBeLessThanOrEqual(emulator.current.clock.now());
    }
    for (const v of ['1.1.0', '1.4.0', '1.6.0', '2.0.0']) {
      const pp = version(id.version(v))!.properties.publishingProfile;
      expect(pp.endOfLifeDate, v).toBeUndefined();
    }
    expect(version(id.version('1.6.0'))!.properties.publishingProfile.excludeFromLatest).toBe(false);
    const kept = result.actions.find((a) => a.version === '1.1.0')!;
    expect(kept.reasons[0]!.text).toBe('pinned by channel prod.previous');

    // Re-run: converged, so no writes at all.
    emulator.current.requestLog.clear();
    const again = await retireVersions(resolveRetireInputs(parsed, undefined), ctx, finder);
    expect(again.actions.filter((a) => a.action !== 'keep')).toEqual([]);
    expect(emulator.current.requestLog.entries().filter((e) => e.route === 'arm' && e.method !== 'GET')).toEqual([]);
    expect(ctx.logger.lines.map((l) => l.message).join('\n')).not.toContain(emulator.current.defaultPrincipal.clientSecret);
  });

  it('a missing definition fails with E_NOT_FOUND and changes nothing', async () => {
    const { finder, ctx, parsed } = setup();
    const before = emulator.current.state.snapshot();
    await expect(retireVersions(resolveRetireInputs({ ...parsed, 'image-definition': 'nope' }, undefined), ctx, finder)).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
      message: expect.stringContaining('reading image definition gal_images/nope'),
    });
    expect(emulator.current.state.snapshot()).toEqual(before);
  });

  it('a version pinned while retire runs is kept', async () => {
    const { id, ctx, parsed } = setup();
    // The finder runs after the versions were read: pin 1.0.0 at that moment, as a concurrent pin-rollout would.
    const racingFinder = {
      async find() {
        const def = emulator.current.state.resource(id.definition) as { tags: Record<string, string> };
        emulator.current.state.seed([{ id: id.definition, body: { ...def, tags: { ...def.tags, 'channel.canary': '1.0.0' } } }]);
        return [];
      },
    };
    const result = await retireVersions(resolveRetireInputs(parsed, undefined), ctx, racingFinder);
    expect(result.actions.find((a) => a.version === '1.0.0')!.action).toBe('keep');
    expect(emulator.current.state.resource(id.version('1.0.0'))).toBeDefined();
  });

  it('a deletion that fails mid-run leaves a state the re-run converges from', async () => {
    const { id, finder, ctx, parsed } = setup();
    emulator.current.faults.failOperations({ count: 1, match: { method: 'DELETE', path: '/versions/1\\.0\\.0$' }, code: 'InternalOperationError', message: 'disk service unavailable' });
    await expect(retireVersions(resolveRetireInputs(parsed, undefined), ctx, finder)).rejects.toMatchObject({ message: expect.stringContaining('deleting image version gal_images/ubuntu-24/1.0.0') });
    // Deprecations ran before the failure and stay; the failed delete left the version in place.
    expect(version(id.version('1.5.0'))!.properties.publishingProfile.excludeFromLatest).toBe(true);
    expect(emulator.current.state.resource(id.version('1.0.0'))).toBeDefined();

    emulator.current.requestLog.clear();
    const again = await retireVersions(resolveRetireInputs(parsed, undefined), ctx, finder);
    expect(again.actions.filter((a) => a.action !== 'keep').map((a) => [a.version, a.action])).toEqual([['1.0.0', 'delete']]);
    expect(emulator.current.state.resource(id.version('1.0.0'))).toBeUndefined();
    const writes = emulator.current.requestLog.entries().filter((e) => e.route === 'arm' && e.method !== 'GET');
    expect(writes.map((e) => e.method)).toEqual(['DELETE']);
  });
});
