/**
 * What must hold before any scale set is touched: the version exists, is not Failed, is not past its end of
 * life, and is fully replicated to every target scale set's region. All problems are reported at once.
 */
import type { GalleryImageVersion, VirtualMachineScaleSet } from '@azure/arm-compute';
import { ConfigurationError, ErrorCodes } from '../errors.js';

const norm = (region: string | undefined): string => (region ?? '').replace(/\s+/g, '').toLowerCase();

export interface TargetScaleSet {
  name: string;
  vmss: VirtualMachineScaleSet;
}

/** Every reason the version must not be rolled out; empty when it may. */
export function versionProblems(version: GalleryImageVersion, targets: readonly TargetScaleSet[], now: number): string[] {
  const problems: string[] = [];
  const name = version.name ?? '?';
  const state = version.provisioningState ?? '';
  if (state.toLowerCase() === 'failed') problems.push(`version ${name} is in state Failed; publish it again (publish with replace-failed: true)`);
  else if (state !== '' && state.toLowerCase() !== 'succeeded') problems.push(`version ${name} is still ${state}; wait for publish/replicate to finish`);
  const eol = version.publishingProfile?.endOfLifeDate;
  if (eol && eol.getTime() <= now) problems.push(`version ${name} reached its end-of-life date ${eol.toISOString().slice(0, 10)}; roll out a supported version`);
  const summary = version.replicationStatus?.summary ?? [];
  const targetRegions = new Set((version.publishingProfile?.targetRegions ?? []).map((r) => norm(r.name)));
  const byRegion = new Map(summary.map((s) => [norm(s.region), s]));
  const regions = new Map<string, string[]>();
  for (const t of targets) {
    const r = norm(t.vmss.location);
    regions.set(r, [...(regions.get(r) ?? []), t.name]);
  }
  for (const [region, names] of regions) {
    const s = byRegion.get(region);
    if (!targetRegions.has(region) || !s) {
      problems.push(`version ${name} is not replicated to ${region} (scale sets ${names.join(', ')}); add the region with the replicate step first`);
    } else if ((s.state ?? '').toLowerCase() !== 'completed') {
      problems.push(`replication of version ${name} to ${region} is ${s.state ?? 'unknown'} (${s.progress ?? 0}%, scale sets ${names.join(', ')}); wait for replication to complete`);
    }
  }
  return problems;
}

/** Throws one ConfigurationError listing every problem. */
export function assertVersionSafe(version: GalleryImageVersion, targets: readonly TargetScaleSet[], now: number): void {
  const problems = versionProblems(version, targets, now);
  if (problems.length > 0) {
    throw new ConfigurationError(ErrorCodes.versionNotRollable, `Refusing to roll out ${version.id ?? version.name}: ${problems.join('; ')}. Nothing was changed.`);
  }
}
