/**
 * Health of a scale set's instances as the rollout judges it: an instance counts as unhealthy when its
 * Application Health extension says so, its provisioning failed, or it is not running once its update ended.
 */
import type { VirtualMachineScaleSetVM } from '@azure/arm-compute';

export interface InstanceHealth {
  instanceId: string;
  /** The gallery version the instance runs (imageReference.exactVersion or the id's last segment). */
  version: string | undefined;
  latestModelApplied: boolean;
  updating: boolean;
  healthy: boolean;
  reason?: string;
  /** When its last operation ended: the time of its ProvisioningState/succeeded status, when the view carries one. */
  settledAt?: number;
}

export interface HealthSummary {
  total: number;
  unhealthy: number;
  updating: number;
  onLatestModel: number;
  /** Unhealthy share in percent of all instances. */
  unhealthyPercent: number;
  reasons: string[];
}

/** The parts of a listed VM (scale-set VM or, for Flexible orchestration, a virtual machine) health is judged on. */
export interface ListedVm {
  instanceId: string;
  latestModelApplied: boolean;
  provisioningState?: string;
  instanceView?: { statuses?: { code?: string; time?: Date | string }[]; vmHealth?: { status?: { code?: string } } };
  imageReference?: { id?: string; exactVersion?: string };
}

/** One instance's health from a scale-set VM listed with $expand=instanceView. */
export function instanceHealth(vm: VirtualMachineScaleSetVM): InstanceHealth {
  return listedVmHealth({
    instanceId: vm.instanceId ?? '',
    latestModelApplied: vm.latestModelApplied === true,
    ...(vm.provisioningState !== undefined ? { provisioningState: vm.provisioningState } : {}),
    ...(vm.instanceView ? { instanceView: vm.instanceView } : {}),
    ...(vm.storageProfile?.imageReference ? { imageReference: vm.storageProfile.imageReference } : {}),
  });
}

/** Health of one listed VM, whichever API listed it. */
export function listedVmHealth(vm: ListedVm): InstanceHealth {
  const statuses = vm.instanceView?.statuses ?? [];
  const provisioningStatus = statuses.find((s) => s.code?.toLowerCase().startsWith('provisioningstate/'));
  const provisioning = provisioningStatus?.code?.split('/')[1]?.toLowerCase();
  const power = statuses.find((s) => s.code?.toLowerCase().startsWith('powerstate/'))?.code?.split('/')[1]?.toLowerCase();
  const health = vm.instanceView?.vmHealth?.status?.code?.split('/')[1]?.toLowerCase();
  const ref = vm.imageReference;
  const version = ref?.exactVersion ?? ref?.id?.split('/').pop();
  const updating = provisioning === 'updating' || provisioning === 'creating' || (vm.provisioningState ?? '').toLowerCase() === 'updating';
  const time = provisioningStatus?.time; // null in some real views
  const settledAt = provisioning === 'succeeded' && time ? new Date(time).getTime() : NaN;
  const base = { instanceId: vm.instanceId, version, latestModelApplied: vm.latestModelApplied, updating, ...(Number.isFinite(settledAt) ? { settledAt } : {}) };
  if (provisioning === 'failed') return { ...base, healthy: false, reason: 'provisioning failed' };
  if (updating) return { ...base, healthy: true };
  if (health === 'unhealthy') return { ...base, healthy: false, reason: 'Application Health reports unhealthy' };
  if (power !== undefined && power !== 'running') return { ...base, healthy: false, reason: `power state ${power}` };
  return { ...base, healthy: true };
}

/** Counts over a scale set's instances. */
export function summarizeHealth(instances: readonly InstanceHealth[]): HealthSummary {
  const unhealthy = instances.filter((i) => !i.healthy);
  return {
    total: instances.length,
    unhealthy: unhealthy.length,
    updating: instances.filter((i) => i.updating).length,
    onLatestModel: instances.filter((i) => i.latestModelApplied && !i.updating).length,
    unhealthyPercent: instances.length === 0 ? 0 : (unhealthy.length * 100) / instances.length,
    reasons: unhealthy.slice(0, 5).map((i) => `instance ${i.instanceId}: ${i.reason ?? 'unhealthy'}`),
  };
}

/** True when the share of unhealthy instances is above the ring's limit. */
export function breachesLimit(summary: HealthSummary, maxUnhealthyPercent: number): boolean {
  return summary.unhealthyPercent > maxUnhealthyPercent;
}

/** Splits instance ids into batches of ceil(percent% of `total`), at least one each; `total` counts all instances. */
export function planBatches(ids: readonly string[], total: number, percent: number): string[][] {
  const size = Math.max(1, Math.ceil((total * Math.min(100, Math.max(1, percent))) / 100));
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
