/** The emulator against the REST examples of the VMSS spec (2026-04-01): requests as written there, response shapes. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { createGallery } from '../rollout/rollout-fixture.js';

const emu = useEmulator();
// ../shared from the repo root; a missing file fails the test (readFileSync throws), it never skips it.
const examples = resolve(import.meta.dirname, '../../../../shared/azure-specs/specification/compute/resource-manager/Microsoft.Compute/Compute/stable/2026-04-01/examples/virtualMachineScaleSetExamples');

function example(name: string): { parameters: Record<string, unknown>; responses: Record<string, { body?: Record<string, unknown> }> } {
  const sub = emu.current.subscriptionId;
  return JSON.parse(readFileSync(`${examples}/${name}`, 'utf8').replaceAll('{subscription-id}', sub)) as never;
}

const keys = (o: unknown) => Object.keys((o ?? {}) as object).sort();

describe('VMSS REST examples', () => {
  it('creates the scale set of VirtualMachineScaleSet_Create_FromAGeneralizedSharedImage with the documented response shape, never echoing the password', async () => {
    const ex = example('VirtualMachineScaleSet_Create_FromAGeneralizedSharedImage.json');
    await createGallery(emu.current, { resourceGroup: 'myResourceGroup', gallery: 'mySharedGallery', image: 'mySharedImage', versions: ['1.0.0'], regions: ['westus'] });
    const path = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachineScaleSets/myVirtualMachineScaleSet?api-version=2026-04-01`;
    const res = await armFetch(emu.current, 'PUT', path, ex.parameters.parameters);
    expect(res.status).toBe(201);
    const expected = ex.responses['201']!.body!;
    expect(keys(res.body)).toEqual(expect.arrayContaining(keys(expected)));
    expect(keys(res.body.properties)).toEqual(expect.arrayContaining(keys(expected.properties)));
    expect(keys(res.body.properties.virtualMachineProfile.osProfile)).toEqual(expect.arrayContaining(['adminUsername', 'computerNamePrefix', 'secrets']));
    expect(res.body.sku).toEqual(expected.sku);
    expect(JSON.stringify(res.body)).not.toContain('{your-password}');
    const got = await armFetch(emu.current, 'GET', path);
    expect(JSON.stringify(got.body)).not.toContain('{your-password}');
    expect(got.body.properties.virtualMachineProfile.storageProfile.imageReference).toEqual((expected.properties as never as { virtualMachineProfile: { storageProfile: { imageReference: unknown } } }).virtualMachineProfile.storageProfile.imageReference);
  });

  it('answers UpdateInstances (manualupgrade) with 202 and a Location to poll, as the example documents', async () => {
    const path = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachineScaleSets/myVirtualMachineScaleSet/manualupgrade?api-version=2026-04-01`;
    const res = await armFetch(emu.current, 'POST', path, { instanceIds: ['0', '1'] });
    expect(Object.keys(example('VirtualMachineScaleSet_UpdateInstances_MinimumSet_Gen.json').responses)).toContain(String(res.status));
    expect(res.headers.get('location')).toMatch(/capsOperations/);
  });

  it('returns rollingUpgrades/latest with the example shape (location + properties)', async () => {
    const ex = example('VirtualMachineScaleSetRollingUpgrade_GetLatest_MinimumSet_Gen.json');
    const base = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachineScaleSets/myVirtualMachineScaleSet`;
    expect((await armFetch(emu.current, 'PATCH', `${base}?api-version=2026-04-01`, { properties: { upgradePolicy: { mode: 'Rolling' } } })).status).toBe(200);
    const start = await armFetch(emu.current, 'POST', `${base}/osRollingUpgrade?api-version=2026-04-01`);
    expect(start.status).toBe(202);
    const res = await armFetch(emu.current, 'GET', `${base}/rollingUpgrades/latest?api-version=2026-04-01`);
    expect(res.status).toBe(200);
    expect(keys(res.body)).toEqual(expect.arrayContaining(keys(ex.responses['200']!.body)));
    expect(keys(res.body.properties)).toEqual(['policy', 'progress', 'runningStatus']);
  });

  it('lists scale-set VMs with the instance view as VirtualMachineScaleSetVM_List_MaximumSet_Gen documents, and only the query values the spec allows', async () => {
    const ex = example('VirtualMachineScaleSetVM_List_MaximumSet_Gen.json');
    // The example sends $filter, $select and $expand: the emulator reads all three.
    expect(Object.keys(ex.parameters)).toEqual(expect.arrayContaining(['$filter', '$select', '$expand']));
    const expected = (ex.responses['200']!.body as { value: { properties: { instanceView: { statuses: Record<string, unknown>[] } } }[] }).value[0]!;
    const base = `/subscriptions/${emu.current.subscriptionId}/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachineScaleSets/myVirtualMachineScaleSet/virtualMachines?api-version=2026-04-01`;
    const list = await armFetch(emu.current, 'GET', `${base}&$expand=instanceView`);
    expect(list.status).toBe(200);
    const vm = list.body.value[0];
    expect(keys(expected)).toEqual(expect.arrayContaining(keys(vm)));
    expect(keys(expected.properties)).toEqual(expect.arrayContaining(keys(vm.properties)));
    // computerName and osName are not in this example but are VirtualMachineScaleSetVMInstanceView properties (the SDK's model declares them).
    expect([...keys(expected.properties.instanceView), 'computerName', 'osName']).toEqual(expect.arrayContaining(keys(vm.properties.instanceView)));
    // Each status has the example's fields; the provisioning status carries its time (what a rollout bakes from).
    for (const st of vm.properties.instanceView.statuses) expect(keys(expected.properties.instanceView.statuses[0])).toEqual(expect.arrayContaining(keys(st)));
    const provisioning = vm.properties.instanceView.statuses.find((st: { code: string }) => st.code.startsWith('ProvisioningState/'));
    expect(Number.isFinite(Date.parse(provisioning.time))).toBe(true);

    expect((await armFetch(emu.current, 'GET', base)).body.value[0].properties.instanceView).toBeUndefined();
    const statuses = await armFetch(emu.current, 'GET', `${base}&$select=instanceView/statuses`);
    expect(keys(statuses.body.value[0].properties.instanceView)).toEqual(['statuses']);
    const all = list.body.value.length;
    const onModel = await armFetch(emu.current, 'GET', `${base}&$filter=${encodeURIComponent('properties/latestModelApplied eq true')}`);
    const behind = await armFetch(emu.current, 'GET', `${base}&$filter=${encodeURIComponent('properties/latestModelApplied eq false')}`);
    expect(onModel.body.value.length + behind.body.value.length).toBe(all);
    expect(onModel.body.value.every((v: { properties: { latestModelApplied: boolean } }) => v.properties.latestModelApplied)).toBe(true);
    const power = await armFetch(emu.current, 'GET', `${base}&$filter=${encodeURIComponent("startswith(instanceView/statuses/code, 'PowerState') eq true")}`);
    expect(power.body.value.length).toBe(all);
    for (const [name, value] of [['$filter', "properties/vmId eq 'x'"], ['$select', 'storageProfile'], ['$expand', 'userData']] as const) {
      const bad = await armFetch(emu.current, 'GET', `${base}&${name}=${encodeURIComponent(value)}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('InvalidParameter');
      expect(bad.body.error.message).toContain(name);
    }
  });
});
