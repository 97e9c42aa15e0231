import type { GalleryImageVersion } from '@azure/arm-compute';
import { ProvenanceTagKeys } from '../tags/provenance-tags.js';
import { existingSourceIdentity } from './image-source.js';
import { sameResourceId } from '../azure/resource-id.js';

/** How an existing version relates to this publish. */
export type ExistingVersionVerdict = 'same-source-succeeded' | 'same-source-in-progress' | 'same-source-failed' | 'other-source';

const IN_PROGRESS = new Set(['creating', 'updating', 'migrating']);

/** Classifies an existing version against the source this run publishes (case-insensitive ids, exact URIs). */
export function classifyExisting(version: GalleryImageVersion, sourceIdentity: string): ExistingVersionVerdict {
  const existing = existingSourceIdentity(version.storageProfile) ?? version.tags?.[ProvenanceTagKeys.sourceId];
  if (!sameResourceId(existing, sourceIdentity)) return 'other-source';
  const state = (version.provisioningState ?? 'Succeeded').toLowerCase();
  if (state === 'failed') return 'same-source-failed';
  if (IN_PROGRESS.has(state)) return 'same-source-in-progress';
  return 'same-source-succeeded';
}

/** The claim tag value: the run id (so a re-run of the same run recognises its version) plus a nonce. */
export function claimValue(runId: string | undefined, nonce: string): string {
  return `${runId ?? 'local'}/${nonce}`;
}

/** True when `version` was claimed by the CI run `runId` (any attempt): it is this run's earlier work. */
export function claimedByRun(version: GalleryImageVersion, runId: string | undefined): boolean {
  if (runId === undefined) return false;
  return version.tags?.[ProvenanceTagKeys.claim]?.startsWith(`${runId}/`) ?? false;
}
