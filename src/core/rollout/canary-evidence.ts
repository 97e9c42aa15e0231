/**
 * Platform evidence from the canary (issue 20): for the instances of the first ring's first batch, what ARM already
 * knows about how long the new version took — from the upgrade/reimage request to the instance running
 * (ProvisioningState/succeeded time) and to the Application Health extension reporting healthy (vmHealth time).
 * Medians are compared with the record the previous version left when it rolled out.
 */
import type { ComputeManagementClient, InstanceViewStatus } from '@azure/arm-compute';
import { azureCall } from '../azure/azure-call.js';
import type { ScaleSetRef } from './rollout-types.js';

/** One figure measured per instance; `lower` is better for every platform figure. */
export const PLATFORM_FIGURES = ['toRunningMs', 'toHealthyMs'] as const;
export type PlatformFigure = (typeof PLATFORM_FIGURES)[number];
/** The canary's boot → healthy against the instances of its scale set still on the previous version (canary-siblings.ts). */
export const SIBLING_FIGURE = 'bootToHealthyVsSiblingsMs';

export interface InstanceSample {
  scaleSet: string;
  instanceId: string;
  toRunningMs?: number;
  toHealthyMs?: number;
}

export interface EvidencePolicy {
  /** The new median may be at most this many times the previous one (e.g. 1.2). */
  maxRegression: number;
  /** Fewer samples than this (new or previous) is "not enough data", never a pass. */
  minSamples: number;
  /** What "not enough data" does to the rollout: warn and continue, or fail (roll back). */
  insufficient: 'warn' | 'fail';
}

/** The time of the first status whose code starts with `prefix`, in ms. */
export function statusTime(statuses: readonly InstanceViewStatus[] | undefined, prefix: string): number | undefined {
  const s = statuses?.find((x) => x.code?.toLowerCase().startsWith(prefix));
  const t = s?.time;
  if (t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(String(t));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Reads the instance views of `ids` and measures each from `requestedAt` (the step's clock when the upgrade or
 * reimage was requested). A figure is left out when ARM does not show it yet (still initializing) or shows a time
 * from before the request (the instance did not reboot).
 */
export async function measureInstances(compute: ComputeManagementClient, ref: ScaleSetRef, ids: readonly string[], requestedAt: number): Promise<InstanceSample[]> {
  const wanted = new Set(ids);
  return azureCall(`reading instance views of scale set ${ref.name}`, async () => {
    const out: InstanceSample[] = [];
    for await (const vm of compute.virtualMachineScaleSetVMs.list(ref.resourceGroup, ref.name, { expand: 'instanceView' })) {
      if (!vm.instanceId || !wanted.has(vm.instanceId)) continue;
      const view = vm.instanceView;
      const running = statusTime(view?.statuses, 'provisioningstate/succeeded');
      const health = view?.vmHealth?.status;
      const healthy = health?.code?.toLowerCase() === 'healthstate/healthy' ? statusTime([health], 'healthstate/') : undefined;
      const sample: InstanceSample = { scaleSet: ref.name, instanceId: vm.instanceId };
      if (running !== undefined && running >= requestedAt) sample.toRunningMs = running - requestedAt;
      if (healthy !== undefined && healthy >= requestedAt) sample.toHealthyMs = healthy - requestedAt;
      out.push(sample);
    }
    return out;
  });
}

/** Median of the figures present, or undefined with none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median and sample count per platform figure. */
export type FigureStats = Partial<Record<PlatformFigure, { median: number; n: number }>>;

export function statsOf(samples: readonly InstanceSample[]): FigureStats {
  const out: FigureStats = {};
  for (const f of PLATFORM_FIGURES) {
    const values = samples.map((s) => s[f]).filter((v): v is number => v !== undefined);
    const m = median(values);
    if (m !== undefined) out[f] = { median: m, n: values.length };
  }
  return out;
}
