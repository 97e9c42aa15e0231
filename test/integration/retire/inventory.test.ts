import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readInventory } from '../../../src/core/inventory/read-inventory.js';
import { inventoryMarkdown } from '../../../src/core/inventory/inventory-markdown.js';
import { staticConsumerFinder } from '../../../src/core/retirement/consumer-finder.js';
import { inventoryStep } from '../../../src/steps/inventory.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { DAY, GALLERY, RG, ids, scenario, scenarioPins, seedGallery } from './retire-fixture.js';

const emulator = useEmulator();

interface StoredVersion {
  name: string;
  tags?: Record<string, string>;
  properties: { publishingProfile: { publishedDate: string; endOfLifeDate?: string; excludeFromLatest: boolean; targetRegions: { name: string }[] } };
}

function seed() {
  const signed = scenario.map((v) =>
    v.name === '2.0.0' || v.name === '1.6.0'
      ? { ...v, tags: { ...v.tags, 'image-publish.signature.digest': 'sha256:abc', 'image-publish.signature.keyid': 'key-1' }, regions: ['westeurope', 'northeurope'] }
      : v,
  );
  seedGallery(emulator.current, signed, scenarioPins);
  // A second, empty definition: the inventory lists definitions without versions too.
  const id = ids(emulator.current);
  emulator.current.state.seed([
    { id: `${id.gallery}/images/windows-2022`, body: { location: 'westeurope', properties: { osType: 'Windows', osState: 'Generalized', identifier: { publisher: 'contoso', offer: 'win', sku: '2022' } } } },
  ]);
  return id;
}

describe('inventory against the emulator', () => {
  it('matches the emulator state: every definition and version with age, end of life, regions, channels, consumers, signature, staleness', async () => {
    const id = seed();
    const now = emulator.current.clock.now();
    const vmss = `${id.rg}/providers/Microsoft.Compute/virtualMachineScaleSets/web`;
    const finder = staticConsumerFinder([
      { id: vmss, kind: 'scale-set', imageId: id.version('1.2.0') },
      { id: `${id.rg}/providers/Microsoft.Compute/virtualMachines/jump`, kind: 'vm', imageId: id.definition },
    ]);
    const ctx = createTestStepContext(emulator.current);
    const inv = await readInventory(ctx.azure, { resourceGroup: RG, gallery: GALLERY, subscriptions: [], staleAfterDays: 90 }, now, undefined, finder);

    expect(inv.definitions.map((d) => d.name)).toEqual(['ubuntu-24', 'windows-2022']);
    expect(inv.definitions[1]!.versions).toEqual([]);
    const ubuntu = inv.definitions[0]!;
    expect(ubuntu.channels).toEqual({ prod: '2.0.0', 'prod.previous': '1.1.0' });
    expect(ubuntu.latestVersion).toBe('1.6.0');
    expect(ubuntu.latestConsumers).toEqual([`${id.rg}/providers/Microsoft.Compute/virtualMachines/jump`]);
    expect(ubuntu.versions.map((v) => v.name)).toEqual(scenario.map((v) => v.name).sort().reverse());

    for (const v of ubuntu.versions) {
      const stored = emulator.current.state.resource(id.version(v.name)) as StoredVersion;
      const pp = stored.properties.publishingProfile;
      expect(v.publishedDate, v.name).toBe(new Date(pp.publishedDate).toISOString());
      expect(v.ageDays, v.name).toBe(Math.floor((now - Date.parse(pp.publishedDate)) / DAY));
      expect(v.endOfLifeDate, v.name).toBe(pp.endOfLifeDate ? new Date(pp.endOfLifeDate).toISOString() : undefined);
      expect(v.excludeFromLatest, v.name).toBe(pp.excludeFromLatest);
      expect(v.regions, v.name).toEqual(pp.targetRegions.map((r) => r.name));
      expect(v.signed, v.name).toBe(stored.tags?.['image-publish.signature.digest'] !== undefined);
      expect(v.stale, v.name).toBe(now - Date.parse(pp.publishedDate) > 90 * DAY);
    }
    const byName = Object.fromEntries(ubuntu.versions.map((v) => [v.name, v]));
    expect(byName['1.2.0']!.consumers).toEqual([vmss]);
    expect(byName['1.1.0']!.channels).toEqual(['prod.previous']);
    expect(byName['2.0.0']!.signatureKeyId).toBe('key-1');
    expect(byName['1.6.0']!.servesLatest).toBe(true);
    expect(inv.totals).toEqual({ definitions: 2, versions: 8, stale: 5, unsigned: 6, unused: 4 });

    const md = inventoryMarkdown(inv);
    expect(md).toContain('| 1.2.0 | 170 |');
    expect(md).toContain('virtualMachineScaleSets/web');
  });

  it('the step writes JSON and markdown next to each other and reports totals', async () => {
    seed();
    const ctx = createTestStepContext(emulator.current);
    const inputs = inventoryStep.resolve({ 'resource-group': RG, gallery: GALLERY, 'image-definition': 'windows-2022', 'stale-after-days': 30 }, undefined);
    const result = await inventoryStep.run(inputs, ctx);
    expect(result.outputs.versions).toBe(0);
    const json = JSON.parse(await readFile(result.outputs['inventory-path'], 'utf8'));
    expect(json.definitions.map((d: { name: string }) => d.name)).toEqual(['windows-2022']);
    expect(await readFile(result.outputs['markdown-path'], 'utf8')).toContain('# Image inventory: gal_images');
  });

  it('a missing gallery fails with E_NOT_FOUND naming it', async () => {
    seed();
    const ctx = createTestStepContext(emulator.current);
    await expect(
      readInventory(ctx.azure, { resourceGroup: RG, gallery: 'nope', subscriptions: [], staleAfterDays: 90 }, Date.now(), undefined, staticConsumerFinder([])),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: expect.stringContaining('reading gallery nope') });
  });
});
