/**
 * A rolling upgrade as CRP runs it: batches of at most maxBatchInstancePercent, a pause between batches, and a
 * health check after each batch that faults the run when too many upgraded instances are unhealthy. Everything
 * is derived from the record's start time and the emulated clock; cancel only stores when it was asked.
 */
import type { JsonObject } from '../../store/state-types.js';
import { defined } from '../../defined.js';

export interface RollingRecord {
  id: string;
  startTime: number;
  batchDurationMs: number;
  pauseMs: number;
  /** Instance ids per batch, in order. */
  batches: string[][];
  maxUnhealthyUpgradedInstancePercent: number;
  /** The gallery version id the batches move to (what the health switch is checked against). */
  targetVersionId: string;
  policy: JsonObject;
  cancelledAt?: number;
}

export interface RollingOutcome {
  code: 'RollingForward' | 'Cancelled' | 'Completed' | 'Faulted';
  /** Highest batch index that has started (-1: none). */
  lastStartedBatch: number;
  successful: number;
  failed: number;
  inProgress: number;
  pending: number;
  endTime?: number;
  lastAction: 'Start' | 'Cancel';
}

export function batchStart(rec: RollingRecord, b: number): number {
  return rec.startTime + b * (rec.batchDurationMs + rec.pauseMs);
}

/** ISO-8601 duration (PT5S, PT1M30S, P0D) in ms; CRP's pauseTimeBetweenBatches format. */
export function isoDurationMs(value: unknown): number {
  if (typeof value !== 'string') return 0;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(value);
  if (!m) return 0;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}

/** Splits instance ids into batches of ceil(percent% of the total), at least one instance each. */
export function planBatches(ids: readonly string[], maxBatchPercent: number): string[][] {
  const size = Math.max(1, Math.ceil((ids.length * Math.max(1, Math.min(100, maxBatchPercent))) / 100));
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** Where the run stands at `now`. `unhealthy(versionId)` is the health switch. */
export function rollingOutcome(rec: RollingRecord, now: number, unhealthy: (versionId: string) => boolean): RollingOutcome {
  const total = rec.batches.reduce((n, b) => n + b.length, 0);
  let successful = 0;
  let failed = 0;
  let inProgress = 0;
  let last = -1;
  const targetUnhealthy = unhealthy(rec.targetVersionId);
  for (let b = 0; b < rec.batches.length; b++) {
    const start = batchStart(rec, b);
    if (start > now) break;
    if (rec.cancelledAt !== undefined && start > rec.cancelledAt) break;
    last = b;
    const size = defined(rec.batches[b], `batch ${b}`).length;
    const end = start + rec.batchDurationMs;
    if (now < end) {
      inProgress += size;
      break;
    }
    if (targetUnhealthy) failed += size;
    else successful += size;
    const upgraded = successful + failed;
    if (upgraded > 0 && (failed * 100) / upgraded > rec.maxUnhealthyUpgradedInstancePercent) {
      return { code: 'Faulted', lastStartedBatch: b, successful, failed, inProgress: 0, pending: total - upgraded, endTime: end, lastAction: 'Start' };
    }
  }
  const pending = total - successful - failed - inProgress;
  const lastAction = rec.cancelledAt !== undefined ? 'Cancel' : 'Start';
  if (inProgress > 0) return { code: 'RollingForward', lastStartedBatch: last, successful, failed, inProgress, pending, lastAction };
  if (pending === 0) {
    return { code: 'Completed', lastStartedBatch: last, successful, failed, inProgress, pending, endTime: last < 0 ? rec.startTime : batchStart(rec, last) + rec.batchDurationMs, lastAction };
  }
  if (rec.cancelledAt !== undefined && rec.cancelledAt <= now) {
    return { code: 'Cancelled', lastStartedBatch: last, successful, failed, inProgress, pending, endTime: Math.max(rec.cancelledAt, last < 0 ? rec.startTime : batchStart(rec, last) + rec.batchDurationMs), lastAction };
  }
  return { code: 'RollingForward', lastStartedBatch: last, successful, failed, inProgress, pending, lastAction };
}

/** The RollingUpgradeStatusInfo body of GET rollingUpgrades/latest. */
export function rollingStatusBody(rec: RollingRecord, outcome: RollingOutcome, vmssId: string, location: string, targetUnhealthy: boolean): JsonObject {
  const props: JsonObject = {
    policy: rec.policy,
    runningStatus: {
      code: outcome.code,
      startTime: new Date(rec.startTime).toISOString(),
      lastAction: outcome.lastAction,
      lastActionTime: new Date(outcome.lastAction === 'Cancel' ? (rec.cancelledAt ?? rec.startTime) : rec.startTime).toISOString(),
    },
    progress: {
      successfulInstanceCount: outcome.successful,
      failedInstanceCount: outcome.failed,
      inProgressInstanceCount: outcome.inProgress,
      pendingInstanceCount: outcome.pending,
    },
  };
  if (outcome.code === 'Faulted' && targetUnhealthy) {
    props.error = {
      code: 'MaxUnhealthyUpgradedInstancePercentExceededInRollingUpgrade',
      message: `Rolling upgrade failed: more than ${rec.maxUnhealthyUpgradedInstancePercent}% of the upgraded instances are unhealthy after the upgrade to '${rec.targetVersionId}'.`,
    };
  }
  return { id: `${vmssId}/rollingUpgrades/latest`, name: 'latest', type: 'Microsoft.Compute/virtualMachineScaleSets/rollingUpgrades', location, properties: props };
}
