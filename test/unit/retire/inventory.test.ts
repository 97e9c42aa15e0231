import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../src/core/inventory/build-inventory.js';
import { inventoryMarkdown, inventorySummary } from '../../../src/core/inventory/inventory-markdown.js';
import type { ReadVersion } from '../../../src/core/retirement/read-versions.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T00:00:00Z');
const def = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/img';

function rv(name: string, ageDays: number, tags: Record<string, string> = {}, excludeFromLatest = false): ReadVersion {
  return {
    facts: { name, id: `${def}/versions/${name}`, publishedAt: NOW - ageDays * DAY, endOfLifeAt: undefined, excludeFromLatest, blockDeletionBeforeEndOfLife: false, provisioningState: 'Succeeded', tags },
    regions: ['West Europe'],
  };
}

describe('inventory', () => {
  const inv = buildInventory({
    gallery: { name: 'g', resourceGroup: 'rg', id: '/g' },
    definitions: [
      { definition: { name: 'img', id: def, tags: { 'channel.prod': '1.0.0' }, location: 'westeurope' } as never, versions: [rv('1.0.0', 100, { 'image-publish.signature.digest': 'sha256:x' }), rv('1.1.0', 5, { note: 'a|b<script>' })] },
    ],
    consumers: [{ id: '/x/virtualMachineScaleSets/web', kind: 'scale-set', imageId: def }],
    subscriptions: ['s'],
    now: NOW,
    staleAfterDays: 90,
  });

  it('marks stale, signed, channels and latest consumers', () => {
    const [v110, v100] = inv.definitions[0]!.versions;
    expect([v110!.name, v110!.stale, v110!.signed, v110!.servesLatest]).toEqual(['1.1.0', false, false, true]);
    expect([v100!.name, v100!.stale, v100!.signed, v100!.channels, v100!.ageDays]).toEqual(['1.0.0', true, true, ['prod'], 100]);
    expect(inv.definitions[0]!.latestConsumers).toEqual(['/x/virtualMachineScaleSets/web']);
    expect(inv.totals).toEqual({ definitions: 1, versions: 2, stale: 1, unsigned: 1, unused: 0 });
  });

  it('renders a markdown table per definition and escapes cell text', () => {
    const md = inventoryMarkdown({ ...inv, gallery: { ...inv.gallery, name: 'g|<b>' } });
    expect(md).toContain('# Image inventory: g\\|&lt;b&gt;');
    expect(md).toContain('| 1.0.0 | 100 | - | - | West Europe | prod | - | yes | yes |');
    expect(inventorySummary(inv).status).toBe('1 definition(s), 2 version(s): 1 stale (older than 90 days), 1 unsigned, 0 unused');
  });
});
