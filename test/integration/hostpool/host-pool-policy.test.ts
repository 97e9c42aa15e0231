/**
 * The policy step's host-pool rule against the emulator (issue 19), the same way as the gallery-only policy
 * (test/integration/retire/policy.test.ts): membership read from the pools' session hosts over ARM, definition and
 * assignment written through @azure/arm-policy, a re-run writing nothing.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { policyStep } from '../../../src/steps/policy.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';

const emulator = useEmulator();

function ids() {
  const sub = `/subscriptions/${emulator.current.subscriptionId}`;
  return {
    sub,
    gallery: `${sub}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/contoso_vdi`,
    pool: `${sub}/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-knowledge`,
    vm: (i: number) => `${sub}/resourceGroups/rg-avd-hosts/providers/Microsoft.Compute/virtualMachines/kw-${i}`,
  };
}

/** A pooled host pool in rg-avd whose two session hosts' VMs live in rg-avd-hosts. */
function seedPool(): void {
  const { sub, pool, vm } = ids();
  emulator.current.state.seed([
    ...['rg-avd', 'rg-avd-hosts'].map((rg) => ({ id: `${sub}/resourceGroups/${rg}`, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } })),
    { id: pool, body: { location: 'westeurope', properties: { hostPoolType: 'Pooled', loadBalancerType: 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 10 } } },
    ...[0, 1].map((i) => ({ id: vm(i), body: { location: 'westeurope', properties: { storageProfile: { imageReference: { publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11', sku: 'win11-24h2-avd', version: 'latest' }, osDisk: { osType: 'Windows', createOption: 'FromImage' } } } } })),
    ...[0, 1].map((i) => ({ id: `${pool}/sessionHosts/kw-${i}.contoso.example`, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vm(i) } } })),
  ]);
}

function policyAdmin() {
  const sp = emulator.current.identity.registerServicePrincipal({ displayName: 'policy-admin' });
  emulator.current.authz.assign(sp.objectId, 'Owner', `/subscriptions/${emulator.current.subscriptionId}`);
  return createTestStepContext(emulator.current, { principal: { clientId: sp.clientId, clientSecret: sp.clientSecret! } });
}

describe('policy step: no non-gallery images in production host pools', () => {
  it('reads the session hosts and writes their VMs and resource groups into the definition; assign: false changes nothing', async () => {
    emulator.current.state.reset();
    seedPool();
    const { gallery, pool, sub, vm } = ids();
    const ctx = createTestStepContext(emulator.current);
    emulator.current.requestLog.clear();
    const result = await policyStep.run(policyStep.resolve({ 'approved-galleries': [gallery], 'host-pools': [pool] }, undefined), ctx);
    const paths = JSON.parse(result.outputs['definition-paths']) as string[];
    expect(paths.map((p) => p.split('/').pop())).toEqual(['image-publish-approved-gallery-images.json', 'image-publish-host-pool-gallery-images.json']);
    const doc = JSON.parse(await readFile(paths[1]!, 'utf8'));
    expect(doc.properties.parameters.sessionHostVmIds.defaultValue).toEqual([vm(0), vm(1)]);
    expect(doc.properties.parameters.sessionHostResourceGroupIds.defaultValue).toEqual([`${sub}/resourceGroups/rg-avd`, `${sub}/resourceGroups/rg-avd-hosts`]);
    expect(doc.properties.parameters.approvedGalleryIds.defaultValue).toEqual([gallery]);
    const arm = emulator.current.requestLog.entries().filter((e) => e.route === 'arm');
    expect(arm.length).toBeGreaterThan(0);
    expect(arm.filter((e) => e.method !== 'GET')).toEqual([]);
    expect(JSON.stringify(result.summary)).toContain('Production host pools');
  });

  it('assign: true creates and assigns the definition; a re-run writes nothing', async () => {
    emulator.current.state.reset();
    seedPool();
    const { gallery, pool, sub } = ids();
    const ctx = policyAdmin();
    const inputs = policyStep.resolve({ 'approved-galleries': [gallery], 'host-pools': [pool], assign: true, effect: 'Audit' }, undefined);
    const first = await policyStep.run(inputs, ctx);
    const definitionId = `${sub}/providers/Microsoft.Authorization/policyDefinitions/image-publish-host-pool-gallery-images`;
    expect(JSON.parse(first.outputs['definition-ids'])).toContain(definitionId);
    expect(JSON.parse(first.outputs['assignment-ids'])).toContain(`${sub}/providers/Microsoft.Authorization/policyAssignments/image-publish-host-pool-gallery-images`);
    const stored = emulator.current.state.resource(definitionId) as { properties: { policyRule: unknown; parameters: Record<string, { defaultValue?: unknown }> } };
    expect(JSON.stringify(stored.properties.policyRule)).toContain('Microsoft.Compute/imageId');
    expect(stored.properties.parameters.effect?.defaultValue).toBe('Audit');

    emulator.current.requestLog.clear();
    const again = await policyStep.run(inputs, ctx);
    expect(again.outputs['assignment-ids']).toBe(first.outputs['assignment-ids']);
    expect(emulator.current.requestLog.entries().filter((e) => e.route === 'arm' && e.method !== 'GET')).toEqual([]);
  });

  it('a host pool that does not exist stops the step before anything is written', async () => {
    emulator.current.state.reset();
    const { gallery, pool } = ids();
    const ctx = policyAdmin();
    await ctx.azure.resources().resourceGroups.createOrUpdate('rg-avd', { location: 'westeurope' });
    await expect(policyStep.run(policyStep.resolve({ 'approved-galleries': [gallery], 'host-pools': [pool], assign: true }, undefined), ctx)).rejects.toMatchObject({
      message: expect.stringContaining('hp-knowledge'),
    });
    const policies = Object.keys(emulator.current.state.snapshot() as Record<string, unknown>).filter((k) => k.includes('/microsoft.authorization/policy'));
    expect(policies).toEqual([]);
  });
});
