import type { EncryptionImages, TargetRegion } from '@azure/arm-compute';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { RegionRequest, StorageType } from './replicate-inputs.js';
import { inputError } from '../input-error.js';

/** What replicate will send, decided before any change (pure: unit-tested without Azure). */
export interface RegionPlan {
  /** The complete publishingProfile.targetRegions to send in the one update, programmatic names. */
  targetRegions: TargetRegion[];
  added: string[];
  /** Existing regions whose replica count or excludeFromLatest changes. */
  changed: string[];
  removed: string[];
  /** True when targetRegions differs from what the version has: only then is an update sent. */
  needsUpdate: boolean;
}

export interface PlanRequest {
  /** The version's current targetRegions as ARM returned them (names may be display names). */
  current: readonly TargetRegion[];
  /** Requested regions, names already canonical (see canonicalRegions). */
  requested: readonly RegionRequest[];
  mode: 'add' | 'exact';
  /** The version's location: ARM requires it among the targets. */
  homeRegion: string;
  /** Defaults for requested regions that give none. */
  replicaCount: number | undefined;
  storageAccountType: StorageType | undefined;
  /** safetyProfile.allowDeletionOfReplicatedLocations as the version has it. */
  allowDeletion: boolean | undefined;
  /** Maps ARM's region names (display or programmatic) to programmatic names. */
  canonical: (name: string) => string;
  /** `gallery/image/1.2.3`, for messages. */
  label: string;
}

/** Config encryption (`osDiskEncryptionSetId`, `dataDisks`) in ARM's EncryptionImages shape. */
export function toEncryptionImages(e: NonNullable<RegionRequest['encryption']>): EncryptionImages {
  const out: EncryptionImages = {};
  if (e.osDiskEncryptionSetId) out.osDiskImage = { diskEncryptionSetId: e.osDiskEncryptionSetId };
  if (e.dataDisks?.length) out.dataDiskImages = e.dataDisks.map((d) => ({ lun: d.lun, diskEncryptionSetId: d.diskEncryptionSetId }));
  return out;
}

/** Encryption compared by meaning: ids case-insensitively, data disks by lun. */
function encryptionKey(e: EncryptionImages | undefined): string {
  if (!e) return '';
  const os = e.osDiskImage?.diskEncryptionSetId?.toLowerCase() ?? '';
  const data = [...(e.dataDiskImages ?? [])]
    .sort((a, b) => a.lun - b.lun)
    .map((d) => `${d.lun}=${d.diskEncryptionSetId?.toLowerCase() ?? ''}`)
    .join(',');
  return os === '' && data === '' ? '' : `${os}|${data}`;
}

function copyTarget(t: TargetRegion, name: string): TargetRegion {
  const out: TargetRegion = { name };
  if (t.regionalReplicaCount !== undefined) out.regionalReplicaCount = t.regionalReplicaCount;
  if (t.storageAccountType !== undefined) out.storageAccountType = t.storageAccountType;
  if (t.encryption !== undefined) out.encryption = t.encryption;
  if (t.excludeFromLatest !== undefined) out.excludeFromLatest = t.excludeFromLatest;
  return out;
}

/**
 * Decides the one update: `add` keeps every current region and appends new ones; `exact` also drops unlisted
 * regions, which needs allowDeletionOfReplicatedLocations. Throws ConfigurationError (nothing changed) for
 * changes ARM cannot make: dropping regions without permission, dropping the home region, or changing the
 * storage type or encryption of a region that already holds replicas.
 */
export function planTargetRegions(p: PlanRequest): RegionPlan {
  const current = p.current.map((t) => ({ name: p.canonical(t.name), target: t }));
  const requested = new Map(p.requested.map((r) => [r.name, r]));
  const targetRegions: TargetRegion[] = [];
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  const immutable: string[] = [];

  for (const { name, target } of current) {
    const want = requested.get(name);
    if (!want) {
      if (p.mode === 'exact') removed.push(name);
      else targetRegions.push(copyTarget(target, name));
      continue;
    }
    const next = copyTarget(target, name);
    const replicas = want.replicas ?? p.replicaCount;
    if (replicas !== undefined && replicas !== (target.regionalReplicaCount ?? 1)) next.regionalReplicaCount = replicas;
    if (want.excludeFromLatest !== undefined && want.excludeFromLatest !== (target.excludeFromLatest ?? false)) next.excludeFromLatest = want.excludeFromLatest;
    if (want.storageAccountType !== undefined && target.storageAccountType !== undefined && want.storageAccountType !== target.storageAccountType) {
      immutable.push(`${name}: storageAccountType is ${target.storageAccountType}, requested ${want.storageAccountType}`);
    }
    if (want.encryption !== undefined && encryptionKey(toEncryptionImages(want.encryption)) !== encryptionKey(target.encryption)) {
      immutable.push(`${name}: encryption differs from the disk encryption sets the region was replicated with`);
    }
    if (next.regionalReplicaCount !== target.regionalReplicaCount || next.excludeFromLatest !== target.excludeFromLatest) changed.push(name);
    targetRegions.push(next);
  }
  const currentNames = new Set(current.map((c) => c.name));
  for (const want of p.requested) {
    if (currentNames.has(want.name)) continue;
    const next: TargetRegion = { name: want.name };
    const replicas = want.replicas ?? p.replicaCount;
    const storage = want.storageAccountType ?? p.storageAccountType;
    if (replicas !== undefined) next.regionalReplicaCount = replicas;
    if (storage !== undefined) next.storageAccountType = storage;
    if (want.encryption !== undefined) next.encryption = toEncryptionImages(want.encryption);
    if (want.excludeFromLatest !== undefined) next.excludeFromLatest = want.excludeFromLatest;
    targetRegions.push(next);
    added.push(want.name);
  }

  if (immutable.length > 0) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Cannot change ${p.label} in place: ${immutable.join('; ')}. ARM does not update these for a region that already holds replicas; ` +
        `keep the current values, or remove the region (mode exact) and add it back in a later run. Nothing was changed.`,
    );
  }
  if (removed.includes(p.homeRegion)) {
    throw inputError(ErrorCodes.inputInvalid, 'regions',
      `with mode 'exact' would remove ${p.homeRegion}, the home region of ${p.label}; ARM requires it among the targets. ` +
        `Add ${p.homeRegion} to 'regions'. Nothing was changed.`,
    );
  }
  if (removed.length > 0 && p.allowDeletion !== true) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Mode 'exact' would remove ${removed.join(', ')} from ${p.label}, but its safetyProfile.allowDeletionOfReplicatedLocations is ` +
        `${p.allowDeletion === false ? 'false' : 'not set'}. Use mode 'add', list those regions, or publish versions with ` +
        `allow-deletion-of-replicated-locations: true. Nothing was changed.`,
    );
  }
  return { targetRegions, added, changed, removed, needsUpdate: added.length + changed.length + removed.length > 0 };
}
