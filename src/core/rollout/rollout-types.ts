/** The resolved shape of a pin-rollout run: what the step hands to runRollout(), and what it gets back. */
import type { Benchmark } from './canary-benchmark.js';
import type { EvidencePolicy } from './canary-evidence.js';
import type { EvidenceVerdict } from './canary-evidence-gate.js';
import type { HostPoolRef } from './host-pool-client.js';
import type { HostPoolRecord } from './host-pool-ring.js';

/** A scale set named by id (parsed) — refs in image.yaml may be ids or {name, resourceGroup}. */
export interface ScaleSetRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Set once the scale set was read: Flexible VMs are read as virtualMachines, not scale-set VMs. */
  orchestrationMode?: 'Uniform' | 'Flexible';
}

export type ExternalGate =
  | { kind: 'url'; url: string; timeoutMs: number }
  | { kind: 'command'; command: readonly string[]; timeoutMs: number };

export interface Ring {
  name: string;
  scaleSets: ScaleSetRef[];
  /** AVD host pools of the ring and how they are drained (host-pool-ring.ts); absent when the ring has none. */
  hostPools?: HostPoolRef[];
  hostPoolPolicy?: { maxUnavailablePercent: number; gracePeriodMs: number; force: boolean };
  /** Share of a scale set's instances upgraded per batch (1-100). */
  batchPercent: number;
  bakeTimeMs: number;
  /** Above this share of unhealthy instances in a scale set, the rollout stops and rolls back. */
  maxUnhealthyPercent: number;
  /** policy: follow each scale set's upgradePolicy; manual: manualupgrade in batches; reimage: reimage in batches. */
  upgrade: 'policy' | 'manual' | 'reimage';
  gate?: ExternalGate;
  /** Workload benchmark run on the previous and the new version of this ring (canary evidence). */
  benchmark?: Benchmark;
}

export interface VersionTarget {
  subscriptionId: string;
  resourceGroup: string;
  gallery: string;
  image: string;
  version: string;
}

export interface RolloutInputs {
  target: VersionTarget;
  rings: Ring[];
  channel?: string;
  promoteLatest: boolean;
  requireSignature: boolean;
  /** Signature envelope file and trusted keys, for require-signature. */
  signature?: { envelopePath: string; trustedKeys: readonly string[] };
  leaseDurationMs: number;
  plan: boolean;
  rollback: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  /** Fail (instead of warn) when the version does not fit a ring's ephemeral OS disk placement. */
  requireEphemeralFit?: boolean;
  /** Position of rings[0] in the whole ring list when a run rolls out one ring of it (ring input); 0 otherwise. */
  ringOffset?: number;
  /** Canary evidence gate on the first ring (off when absent). */
  evidence?: EvidencePolicy;
}

/** How a scale set was (or would be) taken to the version. */
export type ApplyMethod = 'manual-batches' | 'reimage-batches' | 'rolling' | 'automatic';

export interface ScaleSetOutcome {
  ring: string;
  id: string;
  name: string;
  method: ApplyMethod;
  previousImage: string;
  instances: number;
  batches: number;
  unhealthy: number;
  status: 'pinned' | 'already-pinned' | 'rolled-back' | 'failed' | 'planned' | 'restored';
}

export interface RolloutResult {
  versionId: string;
  /** Previous imageReference per scale set id (as recorded for rollback). */
  previous: Record<string, string>;
  ringsCompleted: number;
  rolledBack: boolean;
  outcomes: ScaleSetOutcome[];
  /** Lines of the plan (plan mode) or failure report. */
  report: string[];
  channel?: { name: string; value: string; previous?: string };
  promotedLatest: boolean;
  /** The canary evidence verdicts, when an evidence policy was set. */
  evidence?: EvidenceVerdict[];
  /** AVD host pools of the rings, as this run left them (issue 19). */
  hostPools?: HostPoolRecord[];
}
