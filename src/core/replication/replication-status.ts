import type { GalleryImageVersion } from '@azure/arm-compute';

/** One region's replication as ARM reports it in `$expand=ReplicationStatus`, keyed by programmatic name. */
export interface RegionStatus {
  region: string;
  /** Completed, Replicating, Failed or Unknown (ARM's ReplicationState). */
  state: string;
  progress: number;
  details?: string;
}

/** The parsed ReplicationStatus of a version. */
export interface ReplicationSnapshot {
  aggregatedState: string;
  regions: Map<string, RegionStatus>;
}

/** Parses `properties.replicationStatus`; region display names become programmatic names through `canonical`. */
export function readReplicationStatus(version: GalleryImageVersion, canonical: (name: string) => string): ReplicationSnapshot {
  const status = version.replicationStatus;
  const regions = new Map<string, RegionStatus>();
  for (const s of status?.summary ?? []) {
    if (!s.region) continue;
    const region = canonical(s.region);
    const entry: RegionStatus = { region, state: s.state ?? 'Unknown', progress: s.progress ?? 0 };
    if (s.details) entry.details = s.details;
    regions.set(region, entry);
  }
  return { aggregatedState: status?.aggregatedState ?? 'Unknown', regions };
}

/** The state of `region` in the snapshot; a target ARM does not report yet is Pending (just submitted). */
export function regionStatus(snapshot: ReplicationSnapshot, region: string): RegionStatus {
  return snapshot.regions.get(region) ?? { region, state: 'Pending', progress: 0 };
}

/** True when every target region is terminal (Completed or Failed): nothing more will change without a resubmit. */
export function isSettled(snapshot: ReplicationSnapshot, targets: readonly string[]): boolean {
  return targets.every((t) => {
    const s = regionStatus(snapshot, t).state;
    return s === 'Completed' || s === 'Failed';
  });
}

/** Target regions in `state`. */
export function regionsIn(snapshot: ReplicationSnapshot, targets: readonly string[], state: string): string[] {
  return targets.filter((t) => regionStatus(snapshot, t).state === state);
}

/** Our aggregate over the targets only: Failed once settled with failures, Completed, else InProgress. */
export function aggregateOf(snapshot: ReplicationSnapshot, targets: readonly string[]): 'Completed' | 'InProgress' | 'Failed' {
  if (!isSettled(snapshot, targets)) return 'InProgress';
  return regionsIn(snapshot, targets, 'Failed').length > 0 ? 'Failed' : 'Completed';
}

/**
 * One compact progress line for all targets: counts, then each unfinished region with its progress, so a
 * 30-region replication stays one line that shrinks as regions complete.
 */
export function progressLine(snapshot: ReplicationSnapshot, targets: readonly string[]): string {
  const done = regionsIn(snapshot, targets, 'Completed').length;
  const failed = regionsIn(snapshot, targets, 'Failed');
  const open = targets
    .map((t) => regionStatus(snapshot, t))
    .filter((s) => s.state !== 'Completed' && s.state !== 'Failed')
    .map((s) => (s.state === 'Replicating' ? `${s.region} ${s.progress}%` : `${s.region} ${s.state.toLowerCase()}`));
  const parts = [`${done}/${targets.length} completed`];
  if (failed.length > 0) parts.push(`failed: ${failed.join(', ')}`);
  if (open.length > 0) parts.push(`replicating: ${open.join(', ')}`);
  return parts.join('; ');
}

/** Share of the whole replication done, 0-100: finished regions (completed or failed) count fully. */
export function overallPercent(snapshot: ReplicationSnapshot, targets: readonly string[]): number {
  if (targets.length === 0) return 100;
  const sum = targets
    .map((t) => regionStatus(snapshot, t))
    .reduce((total, s) => total + (s.state === 'Completed' || s.state === 'Failed' ? 100 : s.state === 'Replicating' ? s.progress : 0), 0);
  return sum / targets.length;
}

/** A fingerprint of what a progress line shows, to log only when something changed. */
export function progressKey(snapshot: ReplicationSnapshot, targets: readonly string[]): string {
  return targets.map((t) => {
    const s = regionStatus(snapshot, t);
    return `${t}:${s.state}:${s.progress}`;
  }).join('|');
}
