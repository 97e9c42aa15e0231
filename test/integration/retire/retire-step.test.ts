/** The retire step end to end in-process: real ARM listing of scale sets (with instances) and VMs in the emulator. */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { retireStep } from '../../../src/steps/retire.js';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { GALLERY, IMAGE, LOCATION, RG, ids, scenario, scenarioPins, seedGallery } from './retire-fixture.js';

const emulator = useEmulator();

/** The standard scenario plus real consumers: scale set `web` moved to 1.6.0 but its instances still run 1.0.0, VM `jump` on 1.2.0. */
async function setup() {
  seedGallery(emulator.current, scenario, scenarioPins);
  const id = ids(emulator.current);
  const compute = computeClient(emulator.current);
  await compute.virtualMachineScaleSets.createOrUpdate(RG, 'web', {
    location: LOCATION,
    sku: { name: 'Standard_D2s_v3', capacity: 2 },
    upgradePolicy: { mode: 'Manual' },
    virtualMachineProfile: { storageProfile: { imageReference: { id: id.version('1.0.0') } } },
  });
  await compute.virtualMachineScaleSets.update(RG, 'web', { virtualMachineProfile: { storageProfile: { imageReference: { id: id.version('1.6.0') } } } });
  emulator.current.state.seed([
    {
      id: `${id.rg}/providers/Microsoft.Compute/virtualMachines/jump`,
      body: { location: LOCATION, properties: { storageProfile: { imageReference: { id: id.version('1.2.0') } }, provisioningState: 'Succeeded' } },
    },
  ]);
  const ctx = createTestStepContext(emulator.current, { clock: { now: () => emulator.current.clock.now(), sleep: systemClock.sleep } });
  return { id, ctx };
}

const parsed = { 'resource-group': RG, gallery: GALLERY, 'image-definition': IMAGE, 'keep-latest': 1, 'deprecate-after': '30d', 'delete-after': '90d' };
const codes = (json: string) => Object.fromEntries((JSON.parse(json) as { version: string; codes: string[] }[]).map((x) => [x.version, x.codes]));

describe('retire step with consumers found by ARM listing', () => {
  it('plan: true lists actions and changes nothing', async () => {
    const { ctx } = await setup();
    const before = emulator.current.state.snapshot();
    const result = await retireStep.run(retireStep.resolve({ ...parsed, plan: true }, undefined), ctx);
    expect(emulator.current.state.snapshot()).toEqual(before);
    expect(result.outputs.changed).toBe(false);
    expect(Object.keys(codes(result.outputs.deprecated)).sort()).toEqual(['1.0.0', '1.2.0', '1.3.0', '1.5.0']);
    expect(codes(result.outputs.deleted)).toEqual({});
    expect(result.summary?.title).toBe('Retire image versions (plan)');
  });

  it('never deletes a version that instances of a scale set or a VM still use', async () => {
    const { id, ctx } = await setup();
    const result = await retireStep.run(retireStep.resolve(parsed, undefined), ctx);
    const deprecated = codes(result.outputs.deprecated);
    expect(deprecated['1.0.0']).toEqual(['deprecate-after', 'in-use']);
    expect(deprecated['1.2.0']).toEqual(['deprecate-after', 'in-use']);
    expect(codes(result.outputs.deleted)).toEqual({});
    expect(emulator.current.state.resource(id.version('1.0.0'))).toBeDefined();
    expect(codes(result.outputs.kept)['1.6.0']).toEqual(['serves-latest']);
    expect(result.outputs.changed).toBe(true);
    const log = ctx.logger.lines.map((l) => l.message).join('\n');
    expect(log).toContain('1.0.0: used by 1 resource(s)');
    expect(log).not.toContain(emulator.current.defaultPrincipal.clientSecret);
    expect(ctx.logger.openGroups).toEqual([]);
  });

  it('keeps 1.0.0 while a rollout records it as the rollback target, deletes it once nothing refers to it', async () => {
    const { id, ctx } = await setup();
    const compute = computeClient(emulator.current);
    await compute.virtualMachineScaleSets.updateInstances(RG, 'web', { instanceIds: ['0', '1'] });
    await compute.virtualMachineScaleSets.update(RG, 'web', { tags: { 'image-publish.rollout.previous': id.version('1.0.0') } });
    const held = await retireStep.run(retireStep.resolve(parsed, undefined), ctx);
    expect(codes(held.outputs.deprecated)['1.0.0']).toEqual(['deprecate-after', 'in-use']);
    expect(emulator.current.state.resource(id.version('1.0.0'))).toBeDefined();

    await compute.virtualMachineScaleSets.update(RG, 'web', { tags: {} });
    const result = await retireStep.run(retireStep.resolve(parsed, undefined), ctx);
    expect(Object.keys(codes(result.outputs.deleted))).toEqual(['1.0.0']);
    expect(emulator.current.state.resource(id.version('1.0.0'))).toBeUndefined();
  });

  it('a reader without list rights on scale sets stops retire before any change (fail closed)', async () => {
    const { ctx: _ctx } = await setup();
    const reader = emulator.current.identity.registerServicePrincipal({ displayName: 'gallery-only' });
    emulator.current.authz.assign(reader.objectId, 'Compute Gallery Artifacts Publisher', `/subscriptions/${emulator.current.subscriptionId}`);
    const ctx = createTestStepContext(emulator.current, { principal: { clientId: reader.clientId, clientSecret: reader.clientSecret! }, clock: { now: () => emulator.current.clock.now(), sleep: systemClock.sleep } });
    const before = emulator.current.state.snapshot();
    await expect(retireStep.run(retireStep.resolve(parsed, undefined), ctx)).rejects.toMatchObject({
      code: 'E_AUTHORIZATION_FAILED',
      message: expect.stringContaining('listing scale sets'),
    });
    expect(emulator.current.state.snapshot()).toEqual(before);
  });

  it('a subscription the identity cannot list stops retire before any change (fail closed)', async () => {
    const { ctx } = await setup();
    const before = emulator.current.state.snapshot();
    const other = '00000000-1111-2222-3333-444444444444';
    const error = await retireStep.run(retireStep.resolve({ ...parsed, subscriptions: [emulator.current.subscriptionId, other] }, undefined), ctx).then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error?.message).toContain(`subscription ${other}`);
    expect(['E_AUTHORIZATION_FAILED', 'E_NOT_FOUND']).toContain(error?.code);
    expect(emulator.current.state.snapshot()).toEqual(before);
  });
});
