/**
 * The canary against its own scale set (issue 20): while the first batch runs the new version, the other instances
 * of the same scale set still run the previous one, on the same hardware, network and load. ARM gives no request
 * time for them, so the one figure both sides share is "boot → healthy": from the instance's last
 * ProvisioningState/succeeded time to its Application Health extension's healthy time. Too few siblings (a batch
 * of 100%, or siblings not healthy) is "not enough data" on that row, never a pass.
 */
import type { ComputeManagementClient, VirtualMachineScaleSetVM } from '@azure/arm-compute';
import { azureCall } from '../azure/azure-call.js';
import { compareFigure, type FigureComparison } from './canary-evidence-gate.js';
import { median, SIBLING_FIGURE, statusTime, type EvidencePolicy, type InstanceSample } from './canary-evidence.js';
import type { ScaleSetRef } from './rollout-types.js';

/** Boot → healthy of one instance, when its view shows a finished boot and a healthy extension after it. */
function bootToHealthy(vm: VirtualMachineScaleSetVM): number | undefined {
  const view = vm.instanceView;
  const booted = statusTime(view?.statuses, 'provisioningstate/succeeded');
  const health = view?.vmHealth?.status;
  const healthy = health?.code?.toLowerCase() === 'healthstate/healthy' ? statusTime([health], 'healthstate/') : undefined;
  return booted !== undefined && healthy !== undefined && healthy >= booted ? healthy - booted : undefined;
}

function versionOf(vm: VirtualMachineScaleSetVM): string {
  const ref = vm.storageProfile?.imageReference;
  return (ref?.exactVersion ?? ref?.id ?? '').toLowerCase();
}

/**
 * Boot → healthy of the instances of `ref` outside the canary batch `batchIds` that run another version than the
 * batch does (the previous one): the siblings the canary is compared with.
 */
export async function measureSiblings(compute: ComputeManagementClient, ref: ScaleSetRef, batchIds: readonly string[]): Promise<number[]> {
  const batch = new Set(batchIds);
  return azureCall(`reading instance views of scale set ${ref.name}`, async () => {
    const vms: VirtualMachineScaleSetVM[] = [];
    for await (const vm of compute.virtualMachineScaleSetVMs.list(ref.resourceGroup, ref.name, { expand: 'instanceView' })) vms.push(vm);
    const newVersions = new Set(vms.filter((vm) => batch.has(vm.instanceId ?? '')).map(versionOf));
    return vms
      .filter((vm) => !batch.has(vm.instanceId ?? '') && !newVersions.has(versionOf(vm)))
      .map(bootToHealthy)
      .filter((v): v is number => v !== undefined);
  });
}

/** The canary's boot → healthy against its siblings', a supplementary row: its lack of data alone is no verdict. */
export function compareWithSiblings(canary: readonly InstanceSample[], siblings: readonly number[], policy: EvidencePolicy): FigureComparison {
  const own = canary.flatMap((s) => (s.toHealthyMs !== undefined && s.toRunningMs !== undefined ? [s.toHealthyMs - s.toRunningMs] : []));
  const stat = (values: readonly number[]) => {
    const m = median(values);
    return m === undefined ? undefined : { value: m, n: values.length };
  };
  return { ...compareFigure(SIBLING_FIGURE, 'ms', 'lower', stat(own), stat(siblings), policy.maxRegression, policy.minSamples), supplementary: true };
}
