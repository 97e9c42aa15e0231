/** Builds the inventory from what was read (pure: no Azure calls, so tests can compare it with the emulator state). */
import type { GalleryImage } from '@azure/arm-compute';
import { channelPinsFromTags } from '../retirement/channel-pins.js';
import { type ImageConsumer, consumersOfDefinition } from '../retirement/consumer-finder.js';
import { latestVersion, newestFirst } from '../retirement/decide-retirement.js';
import type { ReadVersion } from '../retirement/read-versions.js';
import type { Inventory, InventoryDefinition, InventoryVersion } from './inventory-types.js';

const DAY_MS = 86_400_000;
/** Tags the sign step writes on a version (src/core/attest/envelope-store.ts). */
export const SIGNATURE_DIGEST_TAG = 'image-publish.signature.digest';
export const SIGNATURE_KEYID_TAG = 'image-publish.signature.keyid';

export interface InventorySource {
  gallery: { name: string; resourceGroup: string; id: string };
  definitions: { definition: GalleryImage; versions: ReadVersion[] }[];
  consumers: readonly ImageConsumer[];
  subscriptions: string[];
  now: number;
  staleAfterDays: number;
}

/** Assembles the inventory; definitions and versions are sorted (by name, newest version first). */
export function buildInventory(source: InventorySource): Inventory {
  const definitions = [...source.definitions]
    .sort((a, b) => (a.definition.name ?? '').localeCompare(b.definition.name ?? ''))
    .map((d) => buildDefinition(d.definition, d.versions, source));
  const versions = definitions.flatMap((d) => d.versions);
  return {
    generatedAt: new Date(source.now).toISOString(),
    gallery: source.gallery,
    staleAfterDays: source.staleAfterDays,
    subscriptions: source.subscriptions,
    definitions,
    totals: {
      definitions: definitions.length,
      versions: versions.length,
      stale: versions.filter((v) => v.stale).length,
      unsigned: versions.filter((v) => !v.signed).length,
      unused: versions.filter((v) => v.consumers.length === 0 && v.channels.length === 0 && !v.servesLatest).length,
    },
  };
}

function buildDefinition(definition: GalleryImage, versions: ReadVersion[], source: InventorySource): InventoryDefinition {
  const id = definition.id ?? '';
  const pins = channelPinsFromTags(definition.tags);
  const channels: Record<string, string> = {};
  for (const [version, names] of Object.entries(pins)) for (const n of names) channels[n] = version;
  const { byVersion, latest } = consumersOfDefinition(id, source.consumers);
  const facts = versions.map((v) => v.facts);
  const latestName = latestVersion(facts);
  const regionsByName = new Map(versions.map((v) => [v.facts.name, v.regions]));
  const staleMs = source.staleAfterDays * DAY_MS;
  return {
    name: definition.name ?? '',
    id,
    osType: definition.osType,
    identifier: { ...(definition.identifier?.publisher ? { publisher: definition.identifier.publisher } : {}), ...(definition.identifier?.offer ? { offer: definition.identifier.offer } : {}), ...(definition.identifier?.sku ? { sku: definition.identifier.sku } : {}) },
    channels: Object.fromEntries(Object.entries(channels).sort(([a], [b]) => a.localeCompare(b))),
    latestVersion: latestName,
    latestConsumers: [...latest].sort(),
    versions: newestFirst(facts).map((v): InventoryVersion => {
      const age = v.publishedAt === undefined ? undefined : source.now - v.publishedAt;
      const digest = tagValue(v.tags, SIGNATURE_DIGEST_TAG);
      return {
        name: v.name,
        id: v.id,
        publishedDate: v.publishedAt === undefined ? undefined : new Date(v.publishedAt).toISOString(),
        ageDays: age === undefined ? undefined : Math.floor(age / DAY_MS),
        endOfLifeDate: v.endOfLifeAt === undefined ? undefined : new Date(v.endOfLifeAt).toISOString(),
        endOfLife: v.endOfLifeAt === undefined ? 'none' : v.endOfLifeAt <= source.now ? 'past' : 'future',
        excludeFromLatest: v.excludeFromLatest,
        provisioningState: v.provisioningState,
        regions: regionsByName.get(v.name) ?? [],
        channels: pins[v.name] ?? [],
        consumers: [...(byVersion[v.name] ?? [])].sort(),
        servesLatest: v.name === latestName,
        signed: digest !== undefined && digest !== '',
        signatureKeyId: digest ? tagValue(v.tags, SIGNATURE_KEYID_TAG) : undefined,
        stale: age !== undefined && age > staleMs,
      };
    }),
  };
}

/** ARM tag names are case-insensitive. */
function tagValue(tags: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : tags[key];
}
