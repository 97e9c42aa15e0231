/** Shared setup for scale-set and rollout tests: a gallery with versions (through the real SDK) and seeded scale sets. */
import type { Clock } from '../../../src/core/clock.js';
import type { Ring, RolloutInputs } from '../../../src/core/rollout/rollout-types.js';
import type { EmulatorHandle, SeedScaleSet } from '../../../src/emulator/index.js';
import { computeClient } from '../../helpers/emulator.js';

export interface GalleryFixture {
  resourceGroup: string;
  gallery: string;
  image: string;
  definitionId: string;
  versionId(version: string): string;
}

/** Creates rg/gallery/definition and the given versions (replicated to `regions`), all through the SDK. */
export async function createGallery(
  emu: EmulatorHandle,
  opts: { resourceGroup: string; versions: string[]; regions?: string[]; excludeFromLatest?: string[]; gallery?: string; image?: string },
): Promise<GalleryFixture> {
  const c = computeClient(emu);
  const rg = opts.resourceGroup;
  const gallery = opts.gallery ?? 'gal';
  const image = opts.image ?? 'ubuntu';
  const regions = opts.regions ?? ['westeurope'];
  emu.state.seed([{ id: `/subscriptions/${emu.subscriptionId}/resourceGroups/${rg}`, type: 'Microsoft.Resources/resourceGroups', body: { location: regions[0], properties: { provisioningState: 'Succeeded' } } }]);
  await c.galleries.createOrUpdate(rg, gallery, { location: regions[0]! });
  await c.galleryImages.createOrUpdate(rg, gallery, image, {
    location: regions[0]!, osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2',
    identifier: { publisher: 'contoso', offer: image, sku: 'base' },
  });
  const img = await c.images.createOrUpdate(rg, 'src-image', {
    location: regions[0]!, hyperVGeneration: 'V2',
    storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://sa.blob.core.windows.net/vhds/os.vhd', diskSizeGB: 30 } },
  });
  for (const v of opts.versions) {
    await c.galleryImageVersions.createOrUpdate(rg, gallery, image, v, {
      location: regions[0]!,
      storageProfile: { source: { id: img.id! } },
      publishingProfile: { targetRegions: regions.map((name) => ({ name })), excludeFromLatest: (opts.excludeFromLatest ?? []).includes(v) },
    });
  }
  const definitionId = `/subscriptions/${emu.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/galleries/${gallery}/images/${image}`;
  return { resourceGroup: rg, gallery, image, definitionId, versionId: (v) => `${definitionId}/versions/${v}` };
}

/** Seeds scale sets with defaults (westeurope, Manual policy) on the given image. */
export function seedScaleSets(emu: EmulatorHandle, imageId: string, sets: (Partial<SeedScaleSet> & { name: string })[]): string[] {
  return emu.scaleSets.seed(
    sets.map((s) => ({ resourceGroup: 'rg-apps', location: 'westeurope', capacity: 4, imageReference: { id: imageId }, instanceUpgradeMs: 20_000, ...s })),
  );
}

/** A step clock on the emulator's manual clock: sleeping advances emulated time at once, so bake times cost nothing. */
export function emulatedClock(emu: EmulatorHandle, onSleep?: (ms: number) => void): Clock {
  return {
    now: () => emu.clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      onSleep?.(ms);
      emu.clock.advance(ms);
    },
  };
}

export interface RingSpec {
  name: string;
  scaleSets: string[];
  batchPercent?: number;
  bakeTimeMs?: number;
  maxUnhealthyPercent?: number;
  upgrade?: Ring['upgrade'];
  gate?: Ring['gate'];
}

/** RolloutInputs for the fixture's gallery with test-sized waits. */
export function rolloutInputs(emu: EmulatorHandle, g: GalleryFixture, version: string, rings: RingSpec[], extra: Partial<RolloutInputs> = {}): RolloutInputs {
  return {
    target: { subscriptionId: emu.subscriptionId, resourceGroup: g.resourceGroup, gallery: g.gallery, image: g.image, version },
    rings: rings.map((r) => ({
      name: r.name,
      scaleSets: r.scaleSets.map((name) => ({ subscriptionId: emu.subscriptionId, resourceGroup: 'rg-apps', name })),
      batchPercent: r.batchPercent ?? 50,
      bakeTimeMs: r.bakeTimeMs ?? 30_000,
      maxUnhealthyPercent: r.maxUnhealthyPercent ?? 0,
      upgrade: r.upgrade ?? 'policy',
      ...(r.gate ? { gate: r.gate } : {}),
    })),
    promoteLatest: false,
    requireSignature: false,
    leaseDurationMs: 2 * 3_600_000,
    plan: false,
    rollback: false,
    timeoutMs: 24 * 3_600_000,
    pollIntervalMs: 10_000,
    ...extra,
  };
}

/** Version name each instance of a scale set runs now. */
export function instanceVersions(emu: EmulatorHandle, name: string): string[] {
  const id = `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;
  return emu.scaleSets.instances(id).map((i) => i.versionId.split('/').pop()!);
}
