/** Scale sets through the real @azure/arm-compute client: model, instances, manualupgrade, reimage, health switch. */
import { describe, expect, it } from 'vitest';
import { ComputeManagementClient, type VirtualMachineScaleSetVM } from '@azure/arm-compute';
import { ClientSecretCredential } from '@azure/identity';
import { armFetch, adminFetch, computeClient, useEmulator } from '../../helpers/emulator.js';
import { createGallery, seedScaleSets, type GalleryFixture } from '../rollout/rollout-fixture.js';

const emu = useEmulator();

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function versionOf(vm: VirtualMachineScaleSetVM): string | undefined {
  return vm.storageProfile?.imageReference?.exactVersion;
}

let fixture: GalleryFixture | undefined;
async function gallery(): Promise<GalleryFixture> {
  fixture ??= await createGallery(emu.current, { resourceGroup: 'rg-vmss', versions: ['1.0.0', '2.0.0'] });
  return fixture;
}

describe('scale sets in the emulator', () => {
  it('creates a Uniform scale set with instances on the model image, and lists them with instance views', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    const vmss = await c.virtualMachineScaleSets.createOrUpdate('rg-vmss', 'web', {
      location: 'westeurope',
      sku: { name: 'Standard_D2s_v3', capacity: 3 },
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: { storageProfile: { imageReference: { id: g.versionId('1.0.0') } } },
      tags: { team: 'web' },
    });
    expect(vmss.provisioningState).toBe('Succeeded');
    expect(vmss.orchestrationMode).toBe('Uniform');
    expect(vmss.upgradePolicy?.mode).toBe('Manual');

    const vms = await collect(c.virtualMachineScaleSetVMs.list('rg-vmss', 'web', { expand: 'instanceView' }));
    expect(vms.map((v) => v.instanceId).sort()).toEqual(['0', '1', '2']);
    for (const vm of vms) {
      expect(vm.latestModelApplied).toBe(true);
      expect(versionOf(vm)).toBe('1.0.0');
      expect(vm.instanceView?.vmHealth?.status?.code).toBe('HealthState/healthy');
      expect(vm.instanceView?.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    }
    const view = await c.virtualMachineScaleSetVMs.getInstanceView('rg-vmss', 'web', '1');
    expect(view.vmHealth?.status?.code).toBe('HealthState/healthy');
  });

  it('leaves Manual instances on the old model until manualupgrade names them', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    await c.virtualMachineScaleSets.update('rg-vmss', 'web', { virtualMachineProfile: { storageProfile: { imageReference: { id: g.versionId('2.0.0') } } } });
    let vms = await collect(c.virtualMachineScaleSetVMs.list('rg-vmss', 'web'));
    expect(vms.every((v) => v.latestModelApplied === false && versionOf(v) === '1.0.0')).toBe(true);

    await c.virtualMachineScaleSets.updateInstances('rg-vmss', 'web', { instanceIds: ['0', '2'] });
    vms = await collect(c.virtualMachineScaleSetVMs.list('rg-vmss', 'web'));
    const byId = Object.fromEntries(vms.map((v) => [v.instanceId, v]));
    expect(versionOf(byId['0']!)).toBe('2.0.0');
    expect(byId['0']!.latestModelApplied).toBe(true);
    expect(versionOf(byId['1']!)).toBe('1.0.0');
    expect(byId['1']!.latestModelApplied).toBe(false);
    expect(versionOf(byId['2']!)).toBe('2.0.0');
  });

  it('rejects manualupgrade of an unknown instance with 400 and upgrades nothing', async () => {
    const c = computeClient(emu.current);
    const before = emu.current.scaleSets.instances((await c.virtualMachineScaleSets.get('rg-vmss', 'web')).id!);
    await expect(c.virtualMachineScaleSets.updateInstances('rg-vmss', 'web', { instanceIds: ['1', '99'] })).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    const after = emu.current.scaleSets.instances((await c.virtualMachineScaleSets.get('rg-vmss', 'web')).id!);
    expect(after).toEqual(before);
  });

  it('reports instances on a switched-off version as unhealthy (health switch over the admin API)', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    const res = await adminFetch(emu.current, 'POST', '/_emulator/scale-sets/health', { unhealthyImageVersions: [g.versionId('2.0.0')] });
    expect(res.status).toBe(204);
    try {
      const vms = await collect(c.virtualMachineScaleSetVMs.list('rg-vmss', 'web', { expand: 'instanceView' }));
      const health = Object.fromEntries(vms.map((v) => [v.instanceId, v.instanceView?.vmHealth?.status?.code]));
      expect(health).toEqual({ '0': 'HealthState/unhealthy', '1': 'HealthState/healthy', '2': 'HealthState/unhealthy' });
    } finally {
      emu.current.scaleSets.setUnhealthyImageVersions([]);
    }
  });

  it('reimages ephemeral OS disk instances onto the model image', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'eph', resourceGroup: 'rg-vmss', capacity: 2, ephemeral: true, instanceUpgradeMs: 0 }]);
    await c.virtualMachineScaleSets.update('rg-vmss', 'eph', { virtualMachineProfile: { storageProfile: { imageReference: { id: g.versionId('2.0.0') } } } });
    await c.virtualMachineScaleSets.reimage('rg-vmss', 'eph', { vmScaleSetReimageInput: { instanceIds: ['1'] } });
    const vms = await collect(c.virtualMachineScaleSetVMs.list('rg-vmss', 'eph'));
    expect(Object.fromEntries(vms.map((v) => [v.instanceId, versionOf(v)]))).toEqual({ '0': '1.0.0', '1': '2.0.0' });
  });

  it('upgrades every instance on its own under the Automatic policy', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'auto', resourceGroup: 'rg-vmss', capacity: 5, upgradePolicy: { mode: 'Automatic' }, instanceUpgradeMs: 0 }]);
    await c.virtualMachineScaleSets.update('rg-vmss', 'auto', { virtualMachineProfile: { storageProfile: { imageReference: { id: g.versionId('2.0.0') } } } });
    const vms = await collect(c.virtualMachineScaleSetVMs.list('rg-vmss', 'auto'));
    expect(vms.map(versionOf)).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0', '2.0.0']);
  });

  it('serves the VMs of a Flexible scale set only as virtual machines, and upgrades them by VM name', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    const flex = await c.virtualMachineScaleSets.createOrUpdate('rg-vmss', 'flex', {
      location: 'westeurope',
      orchestrationMode: 'Flexible',
      platformFaultDomainCount: 1,
      sku: { name: 'Standard_D2s_v3', capacity: 2 },
      virtualMachineProfile: { storageProfile: { imageReference: { id: g.versionId('1.0.0') } } },
    });
    await expect(collect(c.virtualMachineScaleSetVMs.list('rg-vmss', 'flex'))).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    await expect(c.virtualMachineScaleSetVMs.getInstanceView('rg-vmss', 'flex', '0')).rejects.toMatchObject({ code: 'OperationNotAllowed' });

    const filter = `'virtualMachineScaleSet/id' eq '${flex.id}'`;
    const vms = await collect(c.virtualMachines.list('rg-vmss', { filter, expand: 'instanceView' }));
    expect(vms.map((v) => v.name)).toEqual(['flex_0', 'flex_1']);
    expect(vms[0]!.virtualMachineScaleSet?.id).toBe(flex.id);
    expect(vms[0]!.storageProfile?.imageReference).toMatchObject({ id: g.versionId('1.0.0'), exactVersion: '1.0.0' });
    expect(vms[0]!.instanceView?.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    // Unfiltered lists include them too (without instance views), as does the subscription-wide list.
    expect((await collect(c.virtualMachines.list('rg-vmss'))).map((v) => v.name)).toEqual(expect.arrayContaining(['flex_0', 'flex_1']));
    expect((await collect(c.virtualMachines.listAll())).map((v) => v.id)).toEqual(expect.arrayContaining(vms.map((v) => v.id)));
    const one = await c.virtualMachines.get('rg-vmss', 'flex_1', { expand: 'instanceView' });
    expect(one.instanceView?.vmHealth?.status?.code).toBe('HealthState/healthy');
    expect((await c.virtualMachines.instanceView('rg-vmss', 'flex_1')).statuses?.map((s) => s.code)).toContain('PowerState/running');

    // manualupgrade names Flexible instances by VM name; the numeric ids of Uniform are unknown here.
    await c.virtualMachineScaleSets.update('rg-vmss', 'flex', { virtualMachineProfile: { storageProfile: { imageReference: { id: g.versionId('2.0.0') } } } });
    await expect(c.virtualMachineScaleSets.updateInstances('rg-vmss', 'flex', { instanceIds: ['0'] })).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    await c.virtualMachineScaleSets.updateInstances('rg-vmss', 'flex', { instanceIds: ['flex_0', 'FLEX_1'] }, { updateIntervalInMs: 10 });
    const after = await collect(c.virtualMachines.list('rg-vmss', { filter }));
    expect(after.map((v) => v.storageProfile?.imageReference?.exactVersion)).toEqual(['2.0.0', '2.0.0']);
  });

  it('refuses a model whose gallery image does not exist, and changes nothing', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    const before = await c.virtualMachineScaleSets.get('rg-vmss', 'web');
    await expect(
      c.virtualMachineScaleSets.update('rg-vmss', 'web', { virtualMachineProfile: { storageProfile: { imageReference: { id: g.versionId('9.9.9') } } } }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'GalleryImageNotFound' });
    const after = await c.virtualMachineScaleSets.get('rg-vmss', 'web');
    expect(after.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(before.virtualMachineProfile?.storageProfile?.imageReference?.id);
  });

  it('refuses osRollingUpgrade on a Manual scale set with 409', async () => {
    const res = await armFetch(emu.current, 'POST', `/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-vmss/providers/Microsoft.Compute/virtualMachineScaleSets/web/osRollingUpgrade?api-version=2026-04-01`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('OperationNotAllowed');
  });
});

describe('scale-set authorization', () => {
  it('lets a Virtual Machine Contributor upgrade instances and refuses a Reader with 403 naming the action', async () => {
    const g = await gallery();
    const e = emu.current;
    seedScaleSets(e, g.versionId('1.0.0'), [{ name: 'rbac', resourceGroup: 'rg-vmss', capacity: 2, instanceUpgradeMs: 0 }]);
    const rgScope = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-vmss`;
    const client = (p: { clientId: string; clientSecret?: string }) => new ComputeManagementClient(
      new ClientSecretCredential(e.tenantId, p.clientId, p.clientSecret!, { authorityHost: e.authorityHost, disableInstanceDiscovery: true }),
      e.subscriptionId, { endpoint: e.armEndpoint, credentials: { scopes: [`${e.armAudience}.default`] }, retryOptions: { maxRetries: 0 } });
    const operator = e.identity.registerServicePrincipal({ displayName: 'vm-operator' });
    e.authz.assign(operator.objectId, 'Virtual Machine Contributor', rgScope);
    await client(operator).virtualMachineScaleSets.updateInstances('rg-vmss', 'rbac', { instanceIds: ['0'] });
    const reader = e.identity.registerServicePrincipal({ displayName: 'vm-reader' });
    e.authz.assign(reader.objectId, 'Reader', rgScope);
    await expect(client(reader).virtualMachineScaleSets.updateInstances('rg-vmss', 'rbac', { instanceIds: ['1'] })).rejects.toMatchObject({
      statusCode: 403,
      message: expect.stringContaining('Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action'),
    });
    expect((await collect(client(reader).virtualMachineScaleSetVMs.list('rg-vmss', 'rbac'))).length).toBe(2);
  });
});
