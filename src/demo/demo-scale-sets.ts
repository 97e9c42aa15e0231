/**
 * The scale sets pin-rollout rolls the version out to, seeded into the emulator (with their instances) as a
 * platform team would have them before adopting image-publish: running a marketplace image.
 */
import type { EmulatorHandle } from '../emulator/index.js';
import { demoRings } from './demo-assets.js';

/** Seeds every scale set of the demo's rings; seeding again replaces them. Returns their resource ids. */
export function seedScaleSets(emulator: EmulatorHandle): string[] {
  return emulator.scaleSets.seed(
    demoRings.flatMap((ring) =>
      ring.scaleSets.map((s) => ({
        resourceGroup: s.resourceGroup,
        name: s.name,
        location: s.location,
        capacity: s.instances,
        imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
        upgradePolicy: s.upgradePolicy === 'Rolling'
          ? { mode: 'Rolling', rollingUpgradePolicy: { maxBatchInstancePercent: 50, maxUnhealthyInstancePercent: 20, maxUnhealthyUpgradedInstancePercent: 20, pauseTimeBetweenBatches: 'PT0S' } }
          : { mode: s.upgradePolicy },
        tags: { ring: ring.name },
      })),
    ),
  );
}
