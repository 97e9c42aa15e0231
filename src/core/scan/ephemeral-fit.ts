/**
 * Whether an OS disk fits a VM size as an ephemeral OS disk, from the size's resource SKU capabilities. Azure
 * places an ephemeral OS disk in the cache disk (CachedDiskBytes), the temp/resource disk (MaxResourceVolumeMB)
 * or the local NVMe disk (NvmeDiskSizeInMiB); it fits where that space is at least the OS disk size.
 */
export type EphemeralPlacement = 'CacheDisk' | 'ResourceDisk' | 'NvmeDisk';

export interface EphemeralFit {
  size: string;
  placements: EphemeralPlacement[];
  /** Why it does not fit, when placements is empty. */
  reason?: string;
}

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** Evaluates one VM size; `capabilities` are the SKU's name/value pairs, undefined when the size is not offered. */
export function ephemeralFit(size: string, osDiskGiB: number, capabilities: ReadonlyMap<string, string> | undefined): EphemeralFit {
  if (capabilities === undefined) return { size, placements: [], reason: 'not offered in this region' };
  if (capabilities.get('EphemeralOSDiskSupported')?.toLowerCase() !== 'true') {
    return { size, placements: [], reason: 'does not support ephemeral OS disks' };
  }
  const need = osDiskGiB * GiB;
  const space: [EphemeralPlacement, number][] = [
    ['CacheDisk', Number(capabilities.get('CachedDiskBytes') ?? 0)],
    ['ResourceDisk', Number(capabilities.get('MaxResourceVolumeMB') ?? 0) * MiB],
    ['NvmeDisk', Number(capabilities.get('NvmeDiskSizeInMiB') ?? 0) * MiB],
  ];
  const placements = space.filter(([, bytes]) => Number.isFinite(bytes) && bytes >= need).map(([p]) => p);
  if (placements.length > 0) return { size, placements };
  const largest = Math.max(...space.map(([, b]) => (Number.isFinite(b) ? b : 0)));
  return { size, placements: [], reason: `OS disk ${osDiskGiB} GiB is larger than its largest local disk (${(largest / GiB).toFixed(0)} GiB)` };
}
