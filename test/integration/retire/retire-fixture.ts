/** Seeds a gallery with versions of known age, pins and (optionally) consumers, as an earlier publish/rollout left them. */
import type { EmulatorHandle } from '../../../src/emulator/index.js';

export const RG = 'rg-images';
export const GALLERY = 'gal_images';
export const IMAGE = 'ubuntu-24';
export const LOCATION = 'westeurope';
export const DAY = 86_400_000;

export interface SeededVersion {
  name: string;
  ageDays: number;
  excludeFromLatest?: boolean;
  endOfLifeDaysFromNow?: number;
  blockDeletionBeforeEndOfLife?: boolean;
  tags?: Record<string, string>;
  regions?: string[];
}

export function ids(emulator: EmulatorHandle) {
  const sub = `/subscriptions/${emulator.subscriptionId}`;
  const rg = `${sub}/resourceGroups/${RG}`;
  const gallery = `${rg}/providers/Microsoft.Compute/galleries/${GALLERY}`;
  const definition = `${gallery}/images/${IMAGE}`;
  return { sub, rg, gallery, definition, version: (v: string) => `${definition}/versions/${v}`, snapshot: `${rg}/providers/Microsoft.Compute/snapshots/src` };
}

/** Resets the emulator and seeds resource group, gallery, definition (with channel tags), a source snapshot and versions. */
export function seedGallery(emulator: EmulatorHandle, versions: SeededVersion[], definitionTags: Record<string, string> = {}): void {
  const id = ids(emulator);
  const now = emulator.clock.now();
  emulator.state.reset();
  emulator.state.seed([
    { id: id.rg, body: { location: LOCATION, properties: { provisioningState: 'Succeeded' } } },
    { id: id.gallery, body: { location: LOCATION, properties: { identifier: { uniqueName: `x-${GALLERY}` } } } },
    {
      id: id.definition,
      body: {
        location: LOCATION,
        tags: definitionTags,
        properties: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' } },
      },
    },
    { id: id.snapshot, body: { location: LOCATION, properties: { osType: 'Linux', diskSizeGB: 30, creationData: { createOption: 'Empty' } } } },
    ...versions.map((v) => ({
      id: id.version(v.name),
      body: {
        location: LOCATION,
        tags: v.tags ?? {},
        properties: {
          publishingProfile: {
            targetRegions: (v.regions ?? [LOCATION]).map((name) => ({ name, regionalReplicaCount: 1, storageAccountType: 'Standard_LRS' })),
            replicaCount: 1,
            excludeFromLatest: v.excludeFromLatest ?? false,
            storageAccountType: 'Standard_LRS',
            publishedDate: new Date(now - v.ageDays * DAY).toISOString(),
            ...(v.endOfLifeDaysFromNow !== undefined ? { endOfLifeDate: new Date(now + v.endOfLifeDaysFromNow * DAY).toISOString() } : {}),
          },
          storageProfile: { source: { id: id.snapshot }, osDiskImage: { hostCaching: 'ReadOnly', sizeInGB: 30 } },
          safetyProfile: { allowDeletionOfReplicatedLocations: true, blockDeletionBeforeEndOfLife: v.blockDeletionBeforeEndOfLife ?? false },
        },
      },
    })),
  ]);
}

/** The standard scenario: every protection once, plus one version of each outcome. */
export const scenario: SeededVersion[] = [
  { name: '1.0.0', ageDays: 200, excludeFromLatest: true }, // old, unused -> delete
  { name: '1.1.0', ageDays: 180, excludeFromLatest: true }, // pinned as prod.previous -> keep
  { name: '1.2.0', ageDays: 170, excludeFromLatest: true }, // used by a scale set -> deprecate (not delete)
  { name: '1.3.0', ageDays: 160, blockDeletionBeforeEndOfLife: true, endOfLifeDaysFromNow: 30 }, // blocked -> deprecate
  { name: '1.4.0', ageDays: 150, excludeFromLatest: true, tags: { keep: 'true' } }, // keep tag
  { name: '1.5.0', ageDays: 40 }, // middle-aged -> deprecate
  { name: '1.6.0', ageDays: 20 }, // serves latest
  { name: '2.0.0', ageDays: 1, excludeFromLatest: true }, // newest; pinned prod
];
export const scenarioPins = { 'channel.prod': '2.0.0', 'channel.prod.previous': '1.1.0', team: 'platform' };
