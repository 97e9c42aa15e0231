/**
 * Why docs/rbac.md grants pin-rollout and policy the scopes and roles it does, and nothing narrower: each narrower
 * grant below is refused by ARM (the emulator's RBAC) with E_AUTHORIZATION_FAILED naming the missing permission.
 */
import { describe, expect, it } from 'vitest';
import type { BuiltInRoleName } from '../../../src/emulator/authz/authz-types.js';
import { listInstances } from '../../../src/core/rollout/scale-set-client.js';
import { updateDefinitionTags } from '../../../src/core/rollout/lease.js';
import { policyStep } from '../../../src/steps/policy.js';
import { fastTiming, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext, type TestStepContext } from '../../helpers/step-context.js';
import { createGallery, seedScaleSets } from '../rollout/rollout-fixture.js';

// Instant LROs: ARM still answers a long-running update with a status URL to follow.
const emulator = useEmulator({ timing: fastTiming });

function signedInWith(grants: [BuiltInRoleName, string][]): TestStepContext {
  const sp = emulator.current.identity.registerServicePrincipal({ displayName: `narrow ${grants.map((g) => g[0]).join('+')}` });
  for (const [role, scope] of grants) emulator.current.authz.assign(sp.objectId, role, scope);
  return createTestStepContext(emulator.current, { principal: { clientId: sp.clientId, clientSecret: sp.clientSecret ?? '' } });
}

const denial = (action: string, scope: string) => ({
  code: 'E_AUTHORIZATION_FAILED',
  message: expect.stringContaining(`(action ${action}) on scope ${scope}.`) as unknown as string,
});

describe('narrower grants than docs/rbac.md', () => {
  it('pin-rollout: Compute Gallery Artifacts Publisher on the gallery alone cannot follow its tag update on the definition', async () => {
    const g = await createGallery(emulator.current, { resourceGroup: 'rg-narrow-gallery', gallery: 'gal_narrow', image: 'narrow', versions: ['1.0.0'] });
    const sub = `/subscriptions/${emulator.current.subscriptionId}`;
    const ctx = signedInWith([['Compute Gallery Artifacts Publisher', `${sub}/resourceGroups/rg-narrow-gallery/providers/Microsoft.Compute/galleries/gal_narrow`]]);
    const target = { subscriptionId: emulator.current.subscriptionId, resourceGroup: g.resourceGroup, gallery: g.gallery, image: g.image, version: '1.0.0' };
    // The PATCH itself is allowed; following it is authorized by read on the resource group, which this grant lacks.
    await expect(updateDefinitionTags(ctx.azure.compute(), target, (tags) => { tags.probe = '1'; })).rejects.toMatchObject(
      denial('Microsoft.Resources/subscriptions/resourceGroups/read', `${sub}/resourceGroups/rg-narrow-gallery`),
    );
  });

  it('pin-rollout: Virtual Machine Contributor on a Flexible scale set alone cannot read its VMs, which sit beside it', async () => {
    const g = await createGallery(emulator.current, { resourceGroup: 'rg-narrow-img', versions: ['1.0.0'] });
    const [uniformId, flexibleId] = seedScaleSets(emulator.current, g.versionId('1.0.0'), [
      { name: 'narrow-uniform', capacity: 1 },
      { name: 'narrow-flex', capacity: 1, orchestrationMode: 'Flexible' },
    ]);
    const ctx = signedInWith([['Virtual Machine Contributor', uniformId!], ['Virtual Machine Contributor', flexibleId!]]);
    const ref = { subscriptionId: emulator.current.subscriptionId, resourceGroup: 'rg-apps' };
    // A Uniform scale set's VMs are its children, so a grant on it covers them...
    expect(await listInstances(ctx.azure.compute(), { ...ref, name: 'narrow-uniform', orchestrationMode: 'Uniform' })).toHaveLength(1);
    // ...a Flexible scale set's VMs are listed in the resource group, outside the grant.
    await expect(listInstances(ctx.azure.compute(), { ...ref, name: 'narrow-flex', orchestrationMode: 'Flexible' })).rejects.toMatchObject(
      denial('Microsoft.Compute/virtualMachines/read', `/subscriptions/${emulator.current.subscriptionId}/resourceGroups/rg-apps`),
    );
  });

  it('policy: Contributor on the subscription cannot create policy definitions (Microsoft.Authorization/*/Write is excluded)', async () => {
    const sub = `/subscriptions/${emulator.current.subscriptionId}`;
    const ctx = signedInWith([['Contributor', sub]]);
    const before = emulator.current.state.snapshot();
    const inputs = policyStep.resolve({ 'approved-galleries': [`${sub}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g`], assign: true, 'name-prefix': 'narrow' }, undefined);
    await expect(policyStep.run(inputs, ctx)).rejects.toMatchObject({ code: 'E_AUTHORIZATION_FAILED', message: expect.stringMatching(/Resource Policy Contributor.*Microsoft\.Authorization\/policyDefinitions\/write/) as unknown as string });
    expect(emulator.current.state.snapshot()).toEqual(before);
  });
});
