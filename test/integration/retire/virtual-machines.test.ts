/** The emulator's read-only virtualMachines lists, which retire and inventory rely on, through @azure/arm-compute. */
import { describe, expect, it } from 'vitest';
import { armConsumerFinder } from '../../../src/core/retirement/consumer-finder.js';
import { armFetch, computeClient, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { LOCATION, RG, ids, scenario, seedGallery } from './retire-fixture.js';

const emulator = useEmulator();

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('virtual machines in the emulator', () => {
  it('lists seeded VMs and Flexible scale set VMs, filters by scale set, and the finder sees all consumers', async () => {
    seedGallery(emulator.current, scenario);
    const id = ids(emulator.current);
    const compute = computeClient(emulator.current);
    const vmId = `${id.rg}/providers/Microsoft.Compute/virtualMachines/jump`;
    emulator.current.state.seed([{ id: vmId, body: { location: LOCATION, properties: { storageProfile: { imageReference: { id: id.version('1.2.0') } } } } }]);
    const flex = await compute.virtualMachineScaleSets.createOrUpdate(RG, 'flex', {
      location: LOCATION,
      orchestrationMode: 'Flexible',
      sku: { name: 'Standard_D2s_v3', capacity: 2 },
      virtualMachineProfile: { storageProfile: { imageReference: { id: id.version('1.5.0') } } },
    });
    await compute.virtualMachineScaleSets.createOrUpdate(RG, 'uni', {
      location: LOCATION,
      sku: { name: 'Standard_D2s_v3', capacity: 1 },
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: { storageProfile: { imageReference: { id: id.definition } } },
    });

    const all = await collect(compute.virtualMachines.listAll());
    expect(all.map((v) => v.name).sort()).toEqual(expect.arrayContaining(['jump']));
    expect(all.length).toBe(3);
    const ofFlex = await collect(compute.virtualMachines.list(RG, { filter: `'virtualMachineScaleSet/id' eq '${flex.id}'` }));
    expect(ofFlex).toHaveLength(2);
    expect(ofFlex.every((v) => v.storageProfile?.imageReference?.id?.toLowerCase() === id.version('1.5.0').toLowerCase())).toBe(true);
    expect((await compute.virtualMachines.get(RG, 'jump')).storageProfile?.imageReference?.id).toBe(id.version('1.2.0'));

    const bad = await armFetch(emulator.current, 'GET', `${id.rg}/providers/Microsoft.Compute/virtualMachines?api-version=2026-04-01&$filter=${encodeURIComponent("name eq 'x'")}`);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'InvalidParameter']);

    const consumers = await armConsumerFinder(createTestStepContext(emulator.current).azure).find();
    const byImage = (v: string) => consumers.filter((c) => c.imageId.toLowerCase() === v.toLowerCase()).map((c) => c.kind).sort();
    expect(byImage(id.version('1.2.0'))).toEqual(['vm']);
    expect(byImage(id.version('1.5.0'))).toEqual(['scale-set', 'vm', 'vm']);
    expect(byImage(id.definition)).toEqual(['scale-set', 'scale-set-instance']);
  });
});
