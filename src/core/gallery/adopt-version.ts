import type { GalleryImageVersion, GalleryImageVersionUpdate } from '@azure/arm-compute';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import { assertRequiredTags, assertTagLimits } from '../tags/tag-limits.js';
import { provenanceTags } from '../tags/provenance-tags.js';
import { resolveEndOfLife } from '../versioning/end-of-life.js';
import { formatVersion } from '../versioning/gallery-version.js';
import { waitForPoller, waitUntil } from '../wait/wait-for-poller.js';
import type { WaitOptions } from '../wait/wait-options.js';
import { azureCall, azureGetOrUndefined } from '../azure/azure-call.js';
import { type GalleryTarget, planGallery } from './gallery-setup.js';
import { existingSourceIdentity } from './image-source.js';
import type { PublishContext, PublishResult, PublishTuning } from './publish-image.js';
import type { PublishInputs } from './publish-inputs.js';
import { type ResourceId, galleryResourceId, parseResourceId } from '../azure/resource-id.js';
import { normalizeRegion } from './version-body.js';
import { inputError } from '../input-error.js';

/** The gallery version this publish adopts instead of creating one. */
export interface AdoptionTarget {
  /** The version's resource id as bake (or `source`) named it. */
  id: string;
  resource: ResourceId;
  /** The version name, e.g. `1.4.2`. */
  name: string;
  /** Where the id came from, for error messages: `bake manifest '<path>'` or `input 'source'`. */
  origin: string;
}

/** The mutable settings publish guarantees on an adopted version. */
export interface AdoptionWanted {
  tags: Record<string, string>;
  excludeFromLatest: boolean;
  endOfLifeDate?: Date;
}

const IN_PROGRESS = new Set(['creating', 'updating', 'migrating']);

/**
 * Decides whether `candidate` (a gallery version id from the bake manifest, or `source` when `adopt: true`)
 * is adopted. `adopt` false or a version outside the target definition means copy (undefined), except that
 * an explicit `adopt: true` then fails with E_INPUT_INVALID. Pure: no Azure call.
 */
export function decideAdoption(
  candidate: string | undefined,
  origin: string,
  adopt: boolean | undefined,
  target: GalleryTarget,
  subscriptionId: string,
): AdoptionTarget | undefined {
  if (adopt === false) return undefined;
  const where = `${target.resourceGroup}/${target.gallery}/${target.image}`;
  if (candidate === undefined) {
    if (adopt !== true) return undefined;
    throw inputError(ErrorCodes.inputInvalid, 'adopt',
      `is true but there is no gallery version to adopt: the bake manifest names no 'galleryVersionId' ` +
        `(Packer did not publish to a gallery) and 'source' is not a gallery image version. Drop 'adopt' to publish the source as a new version.`,
    );
  }
  const resource = parseResourceId(candidate);
  if (resource && resource.type === 'microsoft.compute/galleries/images/versions' && inTarget(resource, target, subscriptionId)) {
    return { id: resource.id, resource, name: resource.names[2] ?? '', origin };
  }
  if (adopt !== true) return undefined;
  const actual = resource?.type === 'microsoft.compute/galleries/images/versions' ? `${resource.resourceGroup}/${resource.names[0]}/${resource.names[1]}` : 'not a gallery image version';
  throw new ConfigurationError(
    ErrorCodes.inputInvalid,
    `Cannot adopt '${candidate}' (from ${origin}): adoption needs the version to be in the target gallery and definition ` +
      `'${where}' of subscription ${subscriptionId}, and it is in '${actual}'. Publish to that gallery and definition, ` +
      `or drop 'adopt' (or set 'adopt: false') to copy it into a new version. Nothing was changed.`,
  );
}

function inTarget(resource: ResourceId, target: GalleryTarget, subscriptionId: string): boolean {
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  return (
    same(resource.subscriptionId, subscriptionId) &&
    same(resource.resourceGroup, target.resourceGroup) &&
    same(resource.names[0], target.gallery) &&
    same(resource.names[1], target.image)
  );
}

/**
 * The tags an adopted version ends with: everything it has (Packer's own tags, an earlier adoption's
 * provenance) kept, the user's tags applied, and provenance added where missing. Nothing is removed.
 */
export function mergeAdoptedTags(existing: Record<string, string> | undefined, userTags: Record<string, string>, provenance: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...existing, ...userTags };
  // Provenance records the run that first published the version, as a reused version keeps its creator's tags.
  for (const [key, value] of Object.entries(provenance)) if (!(key in merged)) merged[key] = value;
  return merged;
}

/**
 * The one PATCH that brings `existing` to `wanted`, or undefined when it already matches (a re-run writes
 * nothing). Only tags, excludeFromLatest and endOfLifeDate are touched; never the source or storage profile.
 */
export function adoptionPatch(existing: GalleryImageVersion, wanted: AdoptionWanted): GalleryImageVersionUpdate | undefined {
  const patch: GalleryImageVersionUpdate = {};
  const tags = existing.tags ?? {};
  const tagsDiffer = Object.entries(wanted.tags).some(([k, v]) => tags[k] !== v);
  if (tagsDiffer) patch.tags = { ...tags, ...wanted.tags };

  const profile = existing.publishingProfile;
  const publishing: NonNullable<GalleryImageVersionUpdate['publishingProfile']> = {};
  if ((profile?.excludeFromLatest ?? false) !== wanted.excludeFromLatest) publishing.excludeFromLatest = wanted.excludeFromLatest;
  // A region's own flag overrides the profile's, so a disagreeing region is corrected too (all else kept).
  const regions = profile?.targetRegions ?? [];
  if (regions.some((r) => r.excludeFromLatest !== undefined && r.excludeFromLatest !== wanted.excludeFromLatest)) {
    publishing.excludeFromLatest = wanted.excludeFromLatest;
    publishing.targetRegions = regions.map((r) => ({ ...r, excludeFromLatest: wanted.excludeFromLatest }));
  }
  // Day precision: a relative end of life ('+180d') resolves a little later on every re-run.
  if (wanted.endOfLifeDate && day(profile?.endOfLifeDate) !== day(wanted.endOfLifeDate)) publishing.endOfLifeDate = wanted.endOfLifeDate;
  if (Object.keys(publishing).length > 0) patch.publishingProfile = publishing;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function day(date: Date | string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const d = typeof date === 'string' ? new Date(date) : date;
  return Number.isNaN(d.getTime()) ? String(date) : d.toISOString().slice(0, 10);
}

/**
 * Publishes by adopting the version bake (Packer) created in the target definition: reads and checks it
 * (waiting while it is still being created), then applies tags, excludeFromLatest and end of life with at
 * most one PATCH. Every check runs before that write, so a refusal changes nothing.
 */
export async function adoptVersion(
  inputs: PublishInputs,
  ctx: PublishContext,
  tuning: PublishTuning,
  adoption: AdoptionTarget,
  bakeEngine: string | undefined,
): Promise<PublishResult> {
  const { logger } = ctx;
  const { resourceGroup, gallery, image } = inputs.target;
  const { name } = adoption;
  const where = `${gallery}/${image}/${name}`;
  if (inputs.version.kind === 'explicit' && formatVersion(inputs.version.version) !== name) {
    throw inputError(ErrorCodes.inputInvalid, 'version',
      `is '${formatVersion(inputs.version.version)}', but ${adoption.origin} names version ${name}, which bake already published ` +
        `in ${gallery}/${image} and publish adopts. Remove 'version' (or make it ${name}), or set 'adopt: false' to copy it into a new version. Nothing was changed.`,
    );
  }
  const now = new Date(ctx.clock.now());
  const endOfLifeDate = inputs.endOfLife ? resolveEndOfLife(inputs.endOfLife, now, 'end-of-life') : undefined;
  const wait = { logger, clock: ctx.clock, signal: ctx.signal, timeoutMs: inputs.timeoutMs, progressEveryMs: inputs.progressEveryMs };

  const checks = await logger.group('Checks', async () => {
    const galleryPlan = await planGallery(ctx.azure, inputs.target, inputs.definition, { createGallery: false, homeRegion: '' });
    const version = await readAdoptable(ctx, inputs, adoption, galleryPlan.definition !== undefined, { ...wait, intervalMs: tuning.pollIntervalMs ?? 10_000 });
    const sourceId = existingSourceIdentity(version.storageProfile) ?? adoption.id;
    const tags = mergeAdoptedTags(version.tags, inputs.userTags, provenanceTags(ctx.run, sourceId, bakeEngine));
    assertRequiredTags(tags, inputs.requiredTags);
    assertTagLimits(tags, `image version ${where}`);
    const patch = adoptionPatch(version, { tags, excludeFromLatest: inputs.profile.excludeFromLatest, ...(endOfLifeDate ? { endOfLifeDate } : {}) });
    logger.info(`Adopting image version ${where} (${version.provisioningState ?? 'Succeeded'}) that bake published; ${patch ? 'settings to apply: ' + describe(patch) : 'already as wanted'}.`);
    return { galleryPlan, version, patch };
  });

  let version = checks.version;
  if (checks.patch) {
    const patch = checks.patch;
    version = await logger.group('Publish', () =>
      azureCall(`updating adopted image version ${where}`, () =>
        waitForPoller(
          ctx.azure
            .compute()
            .galleryImageVersions.update(resourceGroup, gallery, image, name, patch, tuning.updateIntervalInMs === undefined ? {} : { updateIntervalInMs: tuning.updateIntervalInMs }),
          { ...wait, label: `updating ${name}` },
        ),
      ),
    );
  }
  logger.info(`Adopted ${where} (${version.provisioningState ?? 'Succeeded'})`);
  const subscriptionId = ctx.azure.subscriptionId;
  return {
    imageVersionId: version.id ?? galleryResourceId(subscriptionId, resourceGroup, gallery, image, name),
    version: name,
    imageDefinitionId: checks.galleryPlan.definition?.id ?? galleryResourceId(subscriptionId, resourceGroup, gallery, image),
    galleryId: checks.galleryPlan.gallery?.id ?? galleryResourceId(subscriptionId, resourceGroup, gallery),
    created: false,
    adopted: true,
    source: { kind: 'gallery-version', id: adoption.id, resource: adoption.resource },
    location: checks.galleryPlan.location,
    provisioningState: version.provisioningState ?? 'Succeeded',
    targetRegions: (version.publishingProfile?.targetRegions ?? []).map((r) => normalizeRegion(r.name)),
    createdGallery: false,
    createdDefinition: false,
  };
}

/**
 * The version to adopt, once it is no longer being created; refused (nothing changed) when it is missing or did
 * not succeed. `definitionExists` false means the version cannot exist either, so it is not read.
 */
async function readAdoptable(
  ctx: PublishContext,
  inputs: PublishInputs,
  adoption: AdoptionTarget,
  definitionExists: boolean,
  wait: Omit<WaitOptions, 'label'> & { intervalMs: number },
): Promise<GalleryImageVersion> {
  const { resourceGroup, gallery, image } = inputs.target;
  const { name } = adoption;
  const where = `${gallery}/${image}/${name}`;
  const compute = ctx.azure.compute();
  let version = definitionExists
    ? await azureGetOrUndefined(`reading image version ${where}`, () => compute.galleryImageVersions.get(resourceGroup, gallery, image, name))
    : undefined;
  if (!version) {
    throw new ConfigurationError(
      ErrorCodes.notFound,
      `Image version ${where} named by ${adoption.origin} does not exist (or the identity cannot see it), so it cannot be adopted. ` +
        `Check that bake published it to this gallery and definition, or set 'adopt: false' and give another source. Nothing was changed.`,
    );
  }
  if (IN_PROGRESS.has(state(version))) {
    ctx.logger.info(`Image version ${where} is still ${version.provisioningState}; waiting for it before adopting.`);
    version = await waitUntil(
      (signal) =>
        azureCall(`reading image version ${where}`, () => compute.galleryImageVersions.get(resourceGroup, gallery, image, name, { abortSignal: signal })),
      (v) => !IN_PROGRESS.has(state(v)),
      (v) => v?.provisioningState ?? 'Creating',
      { ...wait, label: `waiting for ${name}` },
    );
  }
  if (state(version) !== 'succeeded') {
    throw new AzureError(
      ErrorCodes.operationFailed,
      `Image version ${where} named by ${adoption.origin} is in state ${version.provisioningState ?? 'unknown'}, so it cannot be adopted. ` +
        `Delete it and re-run bake, or set 'adopt: false' to publish another source as a new version. Nothing was changed.`,
    );
  }
  return version;
}

function state(version: GalleryImageVersion): string {
  return (version.provisioningState ?? 'Succeeded').toLowerCase();
}

function describe(patch: GalleryImageVersionUpdate): string {
  const parts: string[] = [];
  if (patch.tags) parts.push('tags');
  if (patch.publishingProfile?.excludeFromLatest !== undefined) parts.push(`excludeFromLatest=${patch.publishingProfile.excludeFromLatest}`);
  if (patch.publishingProfile?.endOfLifeDate) parts.push(`endOfLifeDate=${new Date(patch.publishingProfile.endOfLifeDate).toISOString().slice(0, 10)}`);
  return parts.join(', ');
}
