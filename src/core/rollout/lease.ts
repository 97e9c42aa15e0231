/**
 * One rollout per image at a time: a lease tag (owner + expiry) on the image definition. A run that finds a live
 * lease of another owner stops before changing anything; the same owner (a re-run of the same workflow run)
 * takes it over and resumes. Written, then read back, so the later of two racing writers sees it lost.
 */
import type { ComputeManagementClient, GalleryImage } from '@azure/arm-compute';
import type { Clock } from '../clock.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { azureCall } from '../azure/azure-call.js';
import type { RunInfo } from '../run-info.js';
import { decodeLease, encodeLease, type Lease, RolloutTagKeys } from './rollout-tags.js';
import type { VersionTarget } from './rollout-types.js';

/** Who holds the lease: the same for every attempt of one CI run, different for any other run. */
export function leaseOwner(run: RunInfo): string {
  return `${run.repository ?? 'local'}#${run.runId ?? 'manual'}`.replace(/\|/g, '_');
}

export async function readDefinition(compute: ComputeManagementClient, t: VersionTarget): Promise<GalleryImage> {
  return azureCall(`reading image definition ${t.gallery}/${t.image}`, () => compute.galleryImages.get(t.resourceGroup, t.gallery, t.image));
}

/** PATCHes the definition's tags with `change` applied to the current ones. */
export async function updateDefinitionTags(compute: ComputeManagementClient, t: VersionTarget, change: (tags: Record<string, string>) => void): Promise<Record<string, string>> {
  const def = await readDefinition(compute, t);
  const tags = { ...(def.tags ?? {}) };
  change(tags);
  await azureCall(`updating tags of image definition ${t.gallery}/${t.image}`, () => compute.galleryImages.update(t.resourceGroup, t.gallery, t.image, { tags }));
  return tags;
}

function heldError(t: VersionTarget, lease: Lease): ConfigurationError {
  return new ConfigurationError(
    ErrorCodes.rolloutLeased,
    `Another rollout holds image ${t.gallery}/${t.image} (owner ${lease.owner}, version ${lease.version}, until ${new Date(lease.expiresAt).toISOString()}). Wait for it to finish, or once it is certainly dead remove the tag '${RolloutTagKeys.lease}' from the image definition. Nothing was changed.`,
  );
}

/** Fails with E_ROLLOUT_LEASED when another owner's lease is live; else does nothing (used by plan mode too). */
export function checkLease(tags: Readonly<Record<string, string>> | undefined, t: VersionTarget, owner: string, now: number): void {
  const lease = decodeLease(tags?.[RolloutTagKeys.lease]);
  if (lease && lease.owner !== owner && lease.expiresAt > now) throw heldError(t, lease);
}

/** Takes (or renews) the lease for `owner`. */
export async function acquireLease(compute: ComputeManagementClient, t: VersionTarget, owner: string, clock: Clock, durationMs: number): Promise<void> {
  const mine: Lease = { owner, expiresAt: clock.now() + durationMs, version: t.version };
  await updateDefinitionTags(compute, t, (tags) => {
    checkLease(tags, t, owner, clock.now());
    tags[RolloutTagKeys.lease] = encodeLease(mine);
  });
  const after = decodeLease((await readDefinition(compute, t)).tags?.[RolloutTagKeys.lease]);
  if (!after || after.owner !== owner) throw heldError(t, after ?? mine);
}

/** Removes the lease if it is still ours. */
export async function releaseLease(compute: ComputeManagementClient, t: VersionTarget, owner: string): Promise<void> {
  await updateDefinitionTags(compute, t, (tags) => {
    if (decodeLease(tags[RolloutTagKeys.lease])?.owner === owner) delete tags[RolloutTagKeys.lease];
  });
}
