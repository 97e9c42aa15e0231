import type { GalleryImageVersion, TargetRegion } from '@azure/arm-compute';
import { type ImageSource, storageProfileFor } from './image-source.js';
import { defined } from '../defined.js';

/** The publishing profile of a new version, from inputs and image.yaml. */
export interface PublishingProfile {
  /** The gallery's region: always the first target, as ARM requires it among the targets. */
  homeRegion: string;
  /** Extra regions for one-shot use; replicate owns replication normally. */
  regions?: readonly string[];
  replicaCount?: number;
  storageAccountType?: 'Standard_LRS' | 'Standard_ZRS' | 'Premium_LRS' | 'PremiumV2_LRS';
  /** Default true: nothing picks the version as "latest" until pin-rollout promotes it. */
  excludeFromLatest: boolean;
  endOfLifeDate?: Date;
  allowDeletionOfReplicatedLocations?: boolean;
  blockDeletionBeforeEndOfLife?: boolean;
}

/** ARM region names are compared lower-case without spaces ("West Europe" == "westeurope"). */
export function normalizeRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}

/** Target regions with the home region first and duplicates removed. */
export function targetRegions(profile: PublishingProfile): TargetRegion[] {
  const names = [profile.homeRegion, ...(profile.regions ?? [])].map(normalizeRegion);
  const unique = [...new Set(names)];
  return unique.map((name) => {
    const region: TargetRegion = { name, excludeFromLatest: profile.excludeFromLatest };
    if (profile.replicaCount !== undefined) region.regionalReplicaCount = profile.replicaCount;
    if (profile.storageAccountType) region.storageAccountType = profile.storageAccountType;
    return region;
  });
}

/** The ARM body that creates the version. */
export function versionBody(source: ImageSource, profile: PublishingProfile, tags: Record<string, string>): GalleryImageVersion {
  const body: GalleryImageVersion = {
    location: normalizeRegion(profile.homeRegion),
    tags,
    storageProfile: storageProfileFor(source),
    publishingProfile: {
      targetRegions: targetRegions(profile),
      excludeFromLatest: profile.excludeFromLatest,
    },
  };
  const publishing = defined(body.publishingProfile, 'publishingProfile');
  if (profile.replicaCount !== undefined) publishing.replicaCount = profile.replicaCount;
  if (profile.storageAccountType) publishing.storageAccountType = profile.storageAccountType;
  if (profile.endOfLifeDate) publishing.endOfLifeDate = profile.endOfLifeDate;
  if (profile.allowDeletionOfReplicatedLocations !== undefined || profile.blockDeletionBeforeEndOfLife !== undefined) {
    body.safetyProfile = {};
    if (profile.allowDeletionOfReplicatedLocations !== undefined) {
      body.safetyProfile.allowDeletionOfReplicatedLocations = profile.allowDeletionOfReplicatedLocations;
    }
    if (profile.blockDeletionBeforeEndOfLife !== undefined) {
      body.safetyProfile.blockDeletionBeforeEndOfLife = profile.blockDeletionBeforeEndOfLife;
    }
  }
  return body;
}
