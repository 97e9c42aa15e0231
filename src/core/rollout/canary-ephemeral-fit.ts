/**
 * Before a rollout changes anything: does the version's OS disk fit the ephemeral OS placement of every ring's
 * ephemeral scale set? Reuses scan's ephemeralFit (the VM size's cache, temp and NVMe disk sizes from its resource
 * SKU). A misfit is a warning, or — with require-ephemeral-fit — a configuration error with nothing changed.
 */
import type { ComputeManagementClient, GalleryImageVersion } from '@azure/arm-compute';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { azureCall } from '../azure/azure-call.js';
import type { Logger } from '../logger.js';
import { ephemeralFit } from '../scan/ephemeral-fit.js';
import type { Target } from './rollout-targets.js';

/** VM size capabilities per location (lower-cased size name), read once per location. */
async function capabilitiesIn(compute: ComputeManagementClient, location: string): Promise<Map<string, Map<string, string>>> {
  return azureCall(`listing VM sizes in ${location}`, async () => {
    const out = new Map<string, Map<string, string>>();
    for await (const sku of compute.resourceSkus.list({ filter: `location eq '${location}'` })) {
      if (sku.resourceType !== 'virtualMachines' || sku.name === undefined) continue;
      if (!(sku.locations ?? []).some((l) => l.toLowerCase() === location.toLowerCase())) continue;
      out.set(sku.name.toLowerCase(), new Map((sku.capabilities ?? []).map((c) => [c.name ?? '', c.value ?? ''])));
    }
    return out;
  });
}

/** One line per ephemeral scale set whose placement the version's OS disk does not fit. */
export async function ephemeralMisfits(compute: ComputeManagementClient, version: GalleryImageVersion, targets: readonly Target[]): Promise<string[]> {
  const ephemeral = targets.filter((t) => t.vmss.virtualMachineProfile?.storageProfile?.osDisk?.diffDiskSettings);
  if (ephemeral.length === 0) return [];
  const imageGiB = version.storageProfile?.osDiskImage?.sizeInGB;
  if (imageGiB === undefined) return [`the version reports no OS disk size, so its ephemeral fit on ${ephemeral.map((t) => t.ref.name).join(', ')} cannot be checked`];
  const byLocation = new Map<string, Map<string, Map<string, string>>>();
  const out: string[] = [];
  for (const t of ephemeral) {
    const location = t.vmss.location.toLowerCase();
    let caps = byLocation.get(location);
    if (!caps) {
      caps = await capabilitiesIn(compute, location);
      byLocation.set(location, caps);
    }
    const size = t.vmss.sku?.name ?? '';
    const osDisk = t.vmss.virtualMachineProfile?.storageProfile?.osDisk;
    // The scale set may ask for a larger OS disk than the image; the larger one has to fit.
    const needGiB = Math.max(imageGiB, osDisk?.diskSizeGB ?? 0);
    const placement = osDisk?.diffDiskSettings?.placement;
    const fit = ephemeralFit(size, needGiB, caps.get(size.toLowerCase()));
    const ok = placement === undefined ? fit.placements.length > 0 : fit.placements.some((p) => p.toLowerCase() === placement.toLowerCase());
    if (!ok) {
      const where = placement === undefined ? 'any local disk' : `its ${placement} placement`;
      out.push(`${t.ref.name} (ring ${t.ring.name}, ${size}): a ${needGiB} GiB OS disk does not fit ${where}${fit.placements.length > 0 ? ` (fits ${fit.placements.join(', ')})` : fit.reason ? `: ${fit.reason}` : ''}`);
    }
  }
  return out;
}

/** Warns on each misfit; with `require` set, fails before anything changes. */
export async function checkEphemeralFit(compute: ComputeManagementClient, version: GalleryImageVersion, targets: readonly Target[], logger: Logger, require: boolean): Promise<void> {
  const misfits = await ephemeralMisfits(compute, version, targets);
  if (misfits.length === 0) return;
  if (require) {
    throw new ConfigurationError(ErrorCodes.configInvalid, `require-ephemeral-fit: the version does not fit the ephemeral OS disk of ${misfits.length} scale set(s): ${misfits.join('; ')}. Choose a VM size or placement with enough local disk, or a smaller OS disk. Nothing was changed.`);
  }
  for (const m of misfits) logger.warn(`Ephemeral OS disk: ${m}; instances would fail to reimage onto this version. Set require-ephemeral-fit to stop here.`);
}
