/**
 * The scale-set calls a rollout makes, through the SDK: read the model and instances, change the image, and
 * start upgrades without blocking on their LROs (the rollout follows the instances themselves, on its clock).
 */
import type { ComputeManagementClient, ImageReference, RollingUpgradeStatusInfo, VirtualMachineScaleSet } from '@azure/arm-compute';
import { azureCall, azureGetOrUndefined } from '../azure/azure-call.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { listFlexibleInstances } from './flexible-instances.js';
import { instanceHealth, type InstanceHealth } from './health-gate.js';
import type { ScaleSetRef } from './rollout-types.js';

export function scaleSetIdOf(ref: ScaleSetRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${ref.name}`;
}

/** Reads the scale set; a missing one is a configuration error that names it (nothing has changed yet). */
export async function getScaleSet(compute: ComputeManagementClient, ref: ScaleSetRef): Promise<VirtualMachineScaleSet> {
  const vmss = await azureGetOrUndefined(`reading scale set ${ref.name}`, () => compute.virtualMachineScaleSets.get(ref.resourceGroup, ref.name));
  if (!vmss) {
    throw new ConfigurationError(ErrorCodes.notFound, `Scale set '${ref.name}' was not found in resource group '${ref.resourceGroup}' (subscription ${ref.subscriptionId}). Fix the ring's scaleSets list in image.yaml or the rings input.`);
  }
  return vmss;
}

/** Every instance with its instance view (a Flexible scale set's through the virtual machines API). */
export async function listInstances(compute: ComputeManagementClient, ref: ScaleSetRef): Promise<InstanceHealth[]> {
  if (ref.orchestrationMode === 'Flexible') return listFlexibleInstances(compute, ref, scaleSetIdOf(ref));
  return azureCall(`listing instances of scale set ${ref.name}`, async () => {
    const out: InstanceHealth[] = [];
    for await (const vm of compute.virtualMachineScaleSetVMs.list(ref.resourceGroup, ref.name, { expand: 'instanceView' })) out.push(instanceHealth(vm));
    return out;
  });
}

/**
 * Sets the model's imageReference and the scale set's tags in one PATCH. Keys of the old reference that the new
 * one lacks are sent as null, since PATCH merges objects (a marketplace reference must not survive next to an id).
 */
export async function setModelImage(
  compute: ComputeManagementClient,
  ref: ScaleSetRef,
  oldReference: Readonly<Record<string, unknown>>,
  newReference: Readonly<Record<string, unknown>>,
  tags: Record<string, string>,
): Promise<void> {
  const imageReference: Record<string, unknown> = { ...newReference };
  for (const k of Object.keys(oldReference)) if (!(k in imageReference) && k !== 'exactVersion') imageReference[k] = null;
  await azureCall(`updating the image of scale set ${ref.name}`, () =>
    compute.virtualMachineScaleSets.update(ref.resourceGroup, ref.name, {
      tags,
      virtualMachineProfile: { storageProfile: { imageReference: imageReference as ImageReference } },
    }),
  );
}

export async function setTags(compute: ComputeManagementClient, ref: ScaleSetRef, tags: Record<string, string>): Promise<void> {
  await azureCall(`updating tags of scale set ${ref.name}`, () => compute.virtualMachineScaleSets.update(ref.resourceGroup, ref.name, { tags }));
}

/** Starts manualupgrade of these instances (for a Flexible scale set, ids are VM names); returns once ARM accepted it. */
export async function startManualUpgrade(compute: ComputeManagementClient, ref: ScaleSetRef, ids: readonly string[]): Promise<void> {
  await azureCall(`upgrading instances ${ids.join(',')} of ${ref.name}`, () => compute.virtualMachineScaleSets.updateInstances(ref.resourceGroup, ref.name, { instanceIds: [...ids] }).submitted());
}

/** Starts a reimage of these instances (ephemeral OS disks boot the model's image again). */
export async function startReimage(compute: ComputeManagementClient, ref: ScaleSetRef, ids: readonly string[]): Promise<void> {
  await azureCall(`reimaging instances ${ids.join(',')} of ${ref.name}`, () =>
    compute.virtualMachineScaleSets.reimage(ref.resourceGroup, ref.name, { vmScaleSetReimageInput: { instanceIds: [...ids] } }).submitted());
}

export async function latestRollingUpgrade(compute: ComputeManagementClient, ref: ScaleSetRef): Promise<RollingUpgradeStatusInfo | undefined> {
  return azureGetOrUndefined(`reading the rolling upgrade of ${ref.name}`, () => compute.virtualMachineScaleSetRollingUpgrades.getLatest(ref.resourceGroup, ref.name));
}

export async function startRollingUpgrade(compute: ComputeManagementClient, ref: ScaleSetRef): Promise<void> {
  await azureCall(`starting a rolling upgrade of ${ref.name}`, () => compute.virtualMachineScaleSetRollingUpgrades.startOSUpgrade(ref.resourceGroup, ref.name).submitted());
}

/** Cancels a running rolling upgrade; one that already ended is fine. */
export async function cancelRollingUpgrade(compute: ComputeManagementClient, ref: ScaleSetRef): Promise<void> {
  try {
    await compute.virtualMachineScaleSetRollingUpgrades.cancel(ref.resourceGroup, ref.name).submitted();
  } catch {
    // 409 RollingUpgradeNotInProgress: nothing to cancel.
  }
}
