/**
 * VirtualMachineScaleSets_ListSkus against its spec example (2024-07-01, the only version in ../shared with one):
 * every member the example's item shows is answered, with the swagger's types and enum.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { armFetch, useEmulator } from '../../helpers/emulator.js';
import { createGallery } from '../rollout/rollout-fixture.js';

const emu = useEmulator();
// ../shared from the repo root; a missing file fails the test (readFileSync throws), it never skips it.
const exampleFile = resolve(
  import.meta.dirname,
  '../../../../shared/azure-specs/specification/compute/resource-manager/Microsoft.Compute/Compute/stable/2024-07-01/examples/virtualMachineScaleSetExamples/VirtualMachineScaleSet_ListSkus_MaximumSet_Gen.json',
);

interface SkuItem { resourceType: string; sku: { name: string; tier: string; capacity?: number }; capacity: { minimum: number; maximum: number; defaultCapacity: number; scaleType: string } }

const keys = (o: unknown) => Object.keys((o ?? {}) as object).sort();

describe('VirtualMachineScaleSets_ListSkus', () => {
  it('answers the spec example shape: resourceType, sku {name, tier}, capacity {minimum, maximum, defaultCapacity, scaleType}', async () => {
    const e = emu.current;
    const example = JSON.parse(readFileSync(exampleFile, 'utf8')) as { parameters: Record<string, string>; responses: { '200': { body: { value: SkuItem[] } } } };
    const rg = example.parameters.resourceGroupName ?? 'rgcompute';
    const name = example.parameters.vmScaleSetName ?? 'aaaaaa';
    const g = await createGallery(e, { resourceGroup: rg, gallery: 'skuGallery', image: 'skuImage', versions: ['1.0.0'], regions: ['westus'] });
    e.scaleSets.seed([{ resourceGroup: rg, name, location: 'westus', capacity: 1, imageReference: { id: g.versionId('1.0.0') } }]);

    const res = await armFetch(e, 'GET', `/subscriptions/${e.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}/skus?api-version=${example.parameters['api-version']}`);
    expect(res.status).toBe(200);
    const items = (res.body as { value: SkuItem[] }).value;
    expect(items.length).toBeGreaterThan(0);
    const expected = example.responses['200'].body.value[0];
    // The example's `sku.capacity` is the resize target's instance count, optional in the swagger; the emulator omits it.
    for (const item of items) {
      expect(keys(item)).toEqual(keys(expected));
      expect(keys(item.sku)).toEqual(keys(expected?.sku).filter((k) => k !== 'capacity'));
      expect(keys(item.capacity)).toEqual(keys(expected?.capacity));
      expect(['Automatic', 'None', 'Manual']).toContain(item.capacity.scaleType);
      expect(item.resourceType).toBe('Microsoft.Compute/virtualMachineScaleSets');
    }
    // The size seeded scale sets run is among them; the GPU size offered in five regions only (not westus) is not.
    const names = items.map((i) => i.sku.name);
    expect(names).toContain('Standard_D2s_v3');
    expect(names).not.toContain('Standard_NC4as_T4_v3');
  });

  it('answers 404 ResourceNotFound for a scale set that does not exist', async () => {
    const e = emu.current;
    await armFetch(e, 'PUT', `/subscriptions/${e.subscriptionId}/resourceGroups/rg-none?api-version=2025-04-01`, { location: 'westus' });
    const res = await armFetch(e, 'GET', `/subscriptions/${e.subscriptionId}/resourceGroups/rg-none/providers/Microsoft.Compute/virtualMachineScaleSets/missing/skus?api-version=2024-07-01`);
    expect(res.status).toBe(404);
    expect((res.body as { error: { code: string } }).error.code).toBe('ResourceNotFound');
  });
});
