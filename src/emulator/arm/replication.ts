/**
 * Per-region replication of a gallery image version. Every region runs in parallel from its own start time, so
 * the total is the slowest region's. State is computed from timestamps and the clock on each read.
 */
import { findRegion } from './data/regions.js';
import type { HandlerContext, JsonObject } from './handler-types.js';
import type { RegionReplication } from '../store/state-types.js';

export interface ReplicationTarget {
  region: string;
  replicas: number;
}

/** Progress is reported in steps (as CRP's summary does), not every millisecond. */
const progressStep = 10;
/** Shallow replication only references the source, so it is much faster than copying (Full). */
const shallowFactor = 0.1;

/** Keeps regions already replicating or done, restarts failed ones, starts new ones, drops removed ones. */
export function planReplication(
  previous: RegionReplication[] | undefined,
  targets: ReplicationTarget[],
  mode: 'Full' | 'Shallow',
  versionId: string,
  ctx: HandlerContext,
): RegionReplication[] {
  return targets.map((t) => {
    const old = previous?.find((p) => p.region === t.region);
    if (old && regionState(old, ctx.now).state !== 'Failed') return old;
    const failure = ctx.faults.replicationFailure(versionId, t.region);
    const duration = Math.round(ctx.timing.replicationMsPerReplica * Math.max(1, t.replicas) * (mode === 'Shallow' ? shallowFactor : 1));
    return { region: t.region, startTime: ctx.now, durationMs: duration, ...(failure ? { failure } : {}) };
  });
}

/** When a region reaches its terminal state; an injected failure shows half-way through. */
export function regionEnd(r: RegionReplication): number {
  return r.startTime + (r.failure ? Math.floor(r.durationMs / 2) : r.durationMs);
}

export function replicationEnd(plan: RegionReplication[]): number {
  return plan.reduce((max, r) => Math.max(max, regionEnd(r)), 0);
}

export function regionState(r: RegionReplication, now: number): { state: string; progress: number; details?: string } {
  if (now >= regionEnd(r)) {
    if (r.failure) return { state: 'Failed', progress: Math.floor(50 / progressStep) * progressStep, details: r.failure };
    return { state: 'Completed', progress: 100 };
  }
  const fraction = r.durationMs === 0 ? 1 : (now - r.startTime) / r.durationMs;
  return { state: 'Replicating', progress: Math.min(99, Math.floor((fraction * 100) / progressStep) * progressStep) };
}

/** ARM's ReplicationStatus: aggregatedState plus one summary entry per region (display names, as ARM shows). */
export function replicationStatus(plan: RegionReplication[] | undefined, now: number): JsonObject {
  if (!plan || plan.length === 0) return { aggregatedState: 'Unknown', summary: [] };
  const summary = plan.map((r) => {
    const s = regionState(r, now);
    return { region: findRegion(r.region)?.displayName ?? r.region, state: s.state, details: s.details ?? '', progress: s.progress };
  });
  const aggregatedState = summary.some((s) => s.state === 'Failed')
    ? 'Failed'
    : summary.some((s) => s.state === 'Replicating')
      ? 'InProgress'
      : 'Completed';
  return { aggregatedState, summary };
}

/** Summary of failed regions for the LRO error. */
export function replicationFailureError(plan: RegionReplication[]): { code: string; message: string } | undefined {
  const failed = plan.filter((r) => r.failure);
  if (failed.length === 0) return undefined;
  return {
    code: 'ReplicationFailed',
    message: `Replication failed in ${failed.length} region(s): ${failed.map((r) => `${r.region}: ${r.failure}`).join('; ')}.`,
  };
}
