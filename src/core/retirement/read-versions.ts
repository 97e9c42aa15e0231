/** Reads a definition's versions and tags from ARM into the plain facts the decision and the inventory use. */
import type { GalleryImage, GalleryImageVersion } from '@azure/arm-compute';
import type { AzureContext } from '../azure/azure-context.js';
import { azureCall } from '../azure/azure-call.js';
import type { GalleryTarget } from '../gallery/gallery-setup.js';
import type { VersionFacts } from './retirement-types.js';

/** A version as ARM returned it plus its facts (regions are the inventory's concern). */
export interface ReadVersion {
  facts: VersionFacts;
  regions: string[];
}

function ms(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** Plain facts of one SDK version object. */
export function versionFacts(v: GalleryImageVersion): ReadVersion {
  const pp = v.publishingProfile;
  return {
    facts: {
      name: v.name ?? '',
      id: v.id ?? '',
      publishedAt: ms(pp?.publishedDate),
      endOfLifeAt: ms(pp?.endOfLifeDate),
      excludeFromLatest: pp?.excludeFromLatest === true,
      blockDeletionBeforeEndOfLife: v.safetyProfile?.blockDeletionBeforeEndOfLife === true,
      provisioningState: String(v.provisioningState ?? 'Unknown'),
      tags: { ...(v.tags ?? {}) },
    },
    regions: (pp?.targetRegions ?? []).map((r) => r.name),
  };
}

/** The definition (for its channel tags) and all its versions. */
export async function readDefinition(
  azure: AzureContext,
  target: GalleryTarget,
  signal?: AbortSignal,
): Promise<{ definition: GalleryImage; versions: ReadVersion[] }> {
  const { resourceGroup, gallery, image } = target;
  const compute = azure.compute();
  const options = signal ? { abortSignal: signal } : {};
  const definition = await azureCall(`reading image definition ${gallery}/${image} in resource group ${resourceGroup}`, () =>
    compute.galleryImages.get(resourceGroup, gallery, image, options),
  );
  const versions: ReadVersion[] = [];
  await azureCall(`listing versions of image definition ${gallery}/${image}`, async () => {
    for await (const v of compute.galleryImageVersions.listByGalleryImage(resourceGroup, gallery, image, options)) versions.push(versionFacts(v));
  });
  return { definition, versions };
}
