/**
 * Instances of a Flexible scale set. Azure exposes them only as Microsoft.Compute/virtualMachines that reference
 * the scale set (the scale-set VM API refuses Flexible scale sets), listed with
 * `$filter='virtualMachineScaleSet/id' eq '<id>'`; a VM has no latestModelApplied, so "on the model" means it runs
 * the image the scale set's model names. Their instance ids for manualupgrade are the VM names.
 */
import type { ComputeManagementClient, ImageReference, VirtualMachine } from '@azure/arm-compute';
import { azureCall } from '../azure/azure-call.js';
import { sameResourceId } from '../azure/resource-id.js';
import { listedVmHealth, type InstanceHealth } from './health-gate.js';
import type { ScaleSetRef } from './rollout-types.js';

/** The $filter that selects the VMs of one Flexible scale set. */
export function flexibleVmFilter(scaleSetId: string): string {
  return `'virtualMachineScaleSet/id' eq '${scaleSetId}'`;
}

/** True when the VM runs the image `model` names (an exact version id, a definition id or a marketplace image). */
export function runsModelImage(running: ImageReference | undefined, model: ImageReference | undefined): boolean {
  if (!running || !model) return false;
  if (model.id !== undefined || running.id !== undefined) return sameResourceId(running.id, model.id);
  const keys = ['publisher', 'offer', 'sku', 'version', 'sharedGalleryImageId', 'communityGalleryImageId'] as const;
  return keys.every((k) => (running[k] ?? '').toLowerCase() === (model[k] ?? '').toLowerCase());
}

/** Health of one Flexible VM against the scale set's current model image. */
export function flexibleVmHealth(vm: VirtualMachine, model: ImageReference | undefined): InstanceHealth {
  const running = vm.storageProfile?.imageReference;
  return listedVmHealth({
    instanceId: vm.name ?? '',
    latestModelApplied: runsModelImage(running, model),
    ...(vm.provisioningState !== undefined ? { provisioningState: vm.provisioningState } : {}),
    ...(vm.instanceView ? { instanceView: vm.instanceView } : {}),
    ...(running ? { imageReference: running } : {}),
  });
}

/** Every VM of the Flexible scale set with its instance view, judged against the model as it is now. */
export async function listFlexibleInstances(compute: ComputeManagementClient, ref: ScaleSetRef, scaleSetId: string): Promise<InstanceHealth[]> {
  return azureCall(`listing the virtual machines of Flexible scale set ${ref.name}`, async () => {
    // Read the model each time: the rollout changes it, and a VM is on the model when it runs the model's image.
    const vmss = await compute.virtualMachineScaleSets.get(ref.resourceGroup, ref.name);
    const model = vmss.virtualMachineProfile?.storageProfile?.imageReference;
    const out: InstanceHealth[] = [];
    for await (const vm of compute.virtualMachines.list(ref.resourceGroup, { filter: flexibleVmFilter(scaleSetId), expand: 'instanceView' })) {
      out.push(flexibleVmHealth(vm, model));
    }
    return out.sort((a, b) => a.instanceId.localeCompare(b.instanceId, undefined, { numeric: true }));
  });
}
