/**
 * Debian's real `az` against the emulator: disks, snapshots, managed images (from a disk and from a VHD URI),
 * scale sets (list/show/update/update-instances '*'/rolling upgrades), VM SKUs, role assignments and generic
 * resources. Gallery and scale-set fixtures are set up through @azure/arm-compute; every assertion is on az's output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createGallery, seedScaleSets } from '../rollout/rollout-fixture.js';
import { azTestTimeoutMs, expectOk, locateAz, loginDefaultPrincipal, useAzSession } from './az-harness.js';

const { path: azPath, skipReason } = locateAz();
const session = useAzSession(azPath);

describe.skipIf(skipReason !== undefined)('az against the emulator: compute, scale sets, SKUs, roles, resources', { timeout: azTestTimeoutMs }, () => {
  const rg = 'rg-apps';
  let v1 = '';
  let v2 = '';

  beforeAll(async () => {
    const s = session.current;
    const fixture = await createGallery(s.emulator, { resourceGroup: rg, versions: ['1.0.0', '2.0.0'], regions: ['westeurope'] });
    v1 = fixture.versionId('1.0.0');
    v2 = fixture.versionId('2.0.0');
    seedScaleSets(s.emulator, v1, [
      { name: 'web', capacity: 2, instanceUpgradeMs: 0 },
      { name: 'api', capacity: 2, instanceUpgradeMs: 0, upgradePolicy: { mode: 'Rolling', rollingUpgradePolicy: { maxBatchInstancePercent: 50 } } },
    ]);
    expect((await loginDefaultPrincipal(s)).code).toBe(0);
  }, azTestTimeoutMs);

  it('az disk create and az snapshot create (the Disk RP answers 202; az waits and prints the resource)', async () => {
    const s = session.current;
    const disk = await expectOk(s.az(['disk', 'create', '-g', rg, '-n', 'data', '--size-gb', '16']));
    expect(disk.json).toMatchObject({ name: 'data', diskSizeGb: 16, diskState: 'Unattached', provisioningState: 'Succeeded', creationData: { createOption: 'Empty' } });
    const snapshot = await expectOk(s.az(['snapshot', 'create', '-g', rg, '-n', 'data-snap', '--source', 'data']));
    expect(snapshot.json).toMatchObject({ name: 'data-snap', provisioningState: 'Succeeded', creationData: { createOption: 'Copy', sourceResourceId: disk.json.id } });
  });

  it('az image create from a disk and from a VHD URI', async () => {
    const s = session.current;
    const fromDisk = await expectOk(s.az(['image', 'create', '-g', rg, '-n', 'from-disk', '--source', 'data', '--os-type', 'Linux']));
    expect(fromDisk.json).toMatchObject({ name: 'from-disk', provisioningState: 'Succeeded', storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized' } } });
    expect(fromDisk.json.storageProfile.osDisk.managedDisk.id).toMatch(/\/disks\/data$/);
    const vhd = 'https://imagesa.blob.core.windows.net/vhds/os.vhd';
    const fromVhd = await expectOk(s.az(['image', 'create', '-g', rg, '-n', 'from-vhd', '--source', vhd, '--os-type', 'Linux', '--hyper-v-generation', 'V2']));
    expect(fromVhd.json).toMatchObject({ name: 'from-vhd', hyperVGeneration: 'V2', storageProfile: { osDisk: { blobUri: vhd, osType: 'Linux' } } });
  });

  it('az vmss list and show', async () => {
    const s = session.current;
    const listed = await expectOk(s.az(['vmss', 'list', '-g', rg]));
    expect((listed.json as { name: string }[]).map((x) => x.name).sort()).toEqual(['api', 'web']);
    const shown = await expectOk(s.az(['vmss', 'show', '-g', rg, '-n', 'web']));
    expect(shown.json).toMatchObject({ name: 'web', sku: { name: 'Standard_D2s_v3', capacity: 2 }, upgradePolicy: { mode: 'Manual' } });
    expect(shown.json.virtualMachineProfile.storageProfile.imageReference.id).toBe(v1);
  });

  it('az vmss list-skus lists the sizes the scale set can be resized to (VirtualMachineScaleSets_ListSkus)', async () => {
    const s = session.current;
    const skus = await expectOk(s.az(['vmss', 'list-skus', '-g', rg, '-n', 'web']));
    const items = skus.json as { resourceType: string; sku: { name: string }; capacity: { scaleType: string } }[];
    expect(items.map((i) => i.sku.name)).toContain('Standard_D2s_v3');
    expect(items[0]).toMatchObject({ resourceType: 'Microsoft.Compute/virtualMachineScaleSets', capacity: { scaleType: 'Automatic' } });
  });

  it("az vmss update sets a new image, then az vmss update-instances --instance-ids '*' moves every instance", async () => {
    const s = session.current;
    const updated = await expectOk(s.az(['vmss', 'update', '-g', rg, '-n', 'web', '--set', `virtualMachineProfile.storageProfile.imageReference.id=${v2}`]));
    expect(updated.json.virtualMachineProfile.storageProfile.imageReference.id).toBe(v2);
    const upgraded = await s.az(['vmss', 'update-instances', '-g', rg, '-n', 'web', '--instance-ids', '*']);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const instances = s.emulator.scaleSets.instances(String(updated.json.id));
    expect(instances.map((i) => i.versionId)).toEqual([v2, v2]);
  });

  it('az vmss rolling-upgrade start and get-latest', async () => {
    const s = session.current;
    await expectOk(s.az(['vmss', 'update', '-g', rg, '-n', 'api', '--set', `virtualMachineProfile.storageProfile.imageReference.id=${v2}`]));
    const started = await s.az(['vmss', 'rolling-upgrade', 'start', '-g', rg, '-n', 'api']);
    // A model change under Rolling already started one (as CRP does): az shows ARM's 409 and exits 1, or succeeds once it finished.
    expect([0, 1]).toContain(started.code);
    if (started.code === 1) expect(started.stderr).toContain('(RollingUpgradeInProgress)');
    const latest = await expectOk(s.az(['vmss', 'rolling-upgrade', 'get-latest', '-g', rg, '-n', 'api']));
    expect(latest.json.policy).toMatchObject({ maxBatchInstancePercent: 50 });
    expect(['RollingForward', 'Completed']).toContain(latest.json.runningStatus.code);
  });

  it('az vm list-skus --size finds the size seeded scale sets use, per location', async () => {
    const s = session.current;
    const r = await expectOk(s.az(['vm', 'list-skus', '--location', 'westeurope', '--size', 'Standard_D2s_v3']));
    const skus = r.json as { name: string; resourceType: string; locations: string[] }[];
    expect(skus.map((x) => x.name)).toEqual(['Standard_D2s_v3']);
    expect(skus[0]).toMatchObject({ resourceType: 'virtualMachines', locations: ['westeurope'] });
  });

  it('az role assignment list shows the default principal as Contributor on the subscription', async () => {
    const s = session.current;
    const r = await expectOk(s.az(['role', 'assignment', 'list', '--all']));
    expect(r.json).toEqual(expect.arrayContaining([expect.objectContaining({
      principalId: s.emulator.defaultPrincipal.objectId,
      principalType: 'ServicePrincipal',
      principalName: s.emulator.defaultPrincipal.clientId,
      roleDefinitionName: 'Contributor',
      scope: `/subscriptions/${s.subscriptionId}`,
      roleDefinitionId: `/subscriptions/${s.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
    })]));
  });

  it('az resource list and az resource show (api-version from provider registration info)', async () => {
    const s = session.current;
    const listed = await expectOk(s.az(['resource', 'list', '-g', rg]));
    const types = new Set((listed.json as { type: string }[]).map((x) => x.type));
    for (const t of ['Microsoft.Compute/galleries', 'Microsoft.Compute/virtualMachineScaleSets', 'Microsoft.Compute/disks', 'Microsoft.Compute/images']) expect(types).toContain(t);
    const galleries = await expectOk(s.az(['resource', 'list', '--resource-type', 'Microsoft.Compute/galleries']));
    expect((galleries.json as { name: string }[]).map((g) => g.name)).toEqual(['gal']);
    const shown = await expectOk(s.az(['resource', 'show', '-g', rg, '-n', 'web', '--resource-type', 'Microsoft.Compute/virtualMachineScaleSets']));
    expect(shown.json).toMatchObject({ name: 'web', type: 'Microsoft.Compute/virtualMachineScaleSets', sku: { name: 'Standard_D2s_v3' } });
  });
});
