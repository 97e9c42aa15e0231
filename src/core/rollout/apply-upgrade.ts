/**
 * Takes one scale set, whose model already names the version, to that version on every instance — as its
 * upgrade policy demands — checking health after each batch. Instances already on the model are skipped, which
 * is what makes a re-run after a crash continue instead of starting over.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { Clock } from '../clock.js';
import { AzureError, ErrorCodes, RejectedError } from '../errors.js';
import type { Logger } from '../logger.js';
import { awaitBatch, type UpgradeTiming } from './batch-wait.js';
import { breachesLimit, planBatches, summarizeHealth, type HealthSummary, type InstanceHealth } from './health-gate.js';
import type { ApplyMethod, ScaleSetRef } from './rollout-types.js';
import { latestRollingUpgrade, listInstances, startManualUpgrade, startReimage, startRollingUpgrade } from './scale-set-client.js';

/** Thrown when a health gate or the platform's rolling upgrade says stop; the rollout then rolls back. */
export class RolloutHealthError extends RejectedError {
  constructor(readonly scaleSet: string, message: string, readonly summary?: HealthSummary) {
    super(ErrorCodes.rolloutUnhealthy, message);
  }
}

export interface ApplyOptions {
  compute: ComputeManagementClient;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  pollIntervalMs: number;
  /** ctx.clock time after which waiting stops with E_TIMEOUT. */
  deadline: number;
  bakeTimeMs: number;
  batchPercent: number;
  maxUnhealthyPercent: number;
  /** Health gates off (rollback restores whatever health the old version had). */
  skipGates?: boolean;
  /** What batches took so far in this rollout; without it every batch is polled every pollIntervalMs. */
  timing?: UpgradeTiming;
  /** Called after each manual/reimage batch passed its health gate, with when its upgrade was requested (canary evidence). */
  onBatchDone?: (ref: ScaleSetRef, batch: number, ids: readonly string[], requestedAt: number) => Promise<void>;
}

export interface ApplyReport {
  instances: number;
  batches: number;
  health: HealthSummary;
}

/** Polls the instances until `done` holds, sleeping pollIntervalMs on the step's clock. */
export async function waitForInstances(ref: ScaleSetRef, o: ApplyOptions, done: (all: InstanceHealth[]) => boolean, what: string): Promise<InstanceHealth[]> {
  for (;;) {
    const all = await listInstances(o.compute, ref);
    if (done(all)) return all;
    if (o.clock.now() >= o.deadline) {
      throw new AzureError(ErrorCodes.timeout, `Timed out waiting for ${what} on scale set ${ref.name}. Raise timeout-minutes, or re-run: the rollout resumes where it stopped.`);
    }
    await o.clock.sleep(o.pollIntervalMs, o.signal);
  }
}

const settled = (ids: ReadonlySet<string>) => (all: InstanceHealth[]) =>
  all.filter((i) => ids.has(i.instanceId)).every((i) => i.latestModelApplied && !i.updating);

/** Waits the bake time, reads health and stops the rollout when the ring's limit is exceeded. */
export async function healthGate(ref: ScaleSetRef, o: ApplyOptions, label: string): Promise<HealthSummary> {
  if (o.bakeTimeMs > 0) await o.clock.sleep(o.bakeTimeMs, o.signal);
  return judgeHealth(ref, o, await listInstances(o.compute, ref), label);
}

/** Judges one read of the scale set against the ring's limit; stops the rollout when it is exceeded. */
function judgeHealth(ref: ScaleSetRef, o: ApplyOptions, instances: readonly InstanceHealth[], label: string): HealthSummary {
  const health = summarizeHealth(instances);
  if (!o.skipGates && breachesLimit(health, o.maxUnhealthyPercent)) {
    throw new RolloutHealthError(
      ref.name,
      `Scale set ${ref.name}: ${health.unhealthy} of ${health.total} instances unhealthy (${health.unhealthyPercent.toFixed(0)}%) after ${label}, above the ring's limit of ${o.maxUnhealthyPercent}%: ${health.reasons.join('; ')}.`,
      health,
    );
  }
  o.logger.info(`${ref.name}: ${label}: ${health.total - health.unhealthy}/${health.total} healthy, ${health.onLatestModel}/${health.total} on the new model`);
  return health;
}

/** Manual or reimage batches: each batch is started, followed to the end, baked and health-checked. */
async function inBatches(ref: ScaleSetRef, o: ApplyOptions, start: (ids: string[]) => Promise<void>, verb: string): Promise<ApplyReport> {
  const all = await listInstances(o.compute, ref);
  const remaining = all.filter((i) => !i.latestModelApplied || i.updating).map((i) => i.instanceId);
  const batches = planBatches(remaining, all.length, o.batchPercent);
  if (remaining.length < all.length) o.logger.info(`${ref.name}: ${all.length - remaining.length} of ${all.length} instances already on the model; ${remaining.length} left`);
  let health = summarizeHealth(all);
  for (const [b, ids] of batches.entries()) {
    o.logger.info(`${ref.name}: batch ${b + 1}/${batches.length}: ${verb} instances ${ids.join(', ')}`);
    const requestedAt = o.clock.now();
    await start(ids);
    const read = await awaitBatch(ref, o, new Set(ids), requestedAt, `batch ${b + 1}`);
    health = judgeHealth(ref, o, read, `batch ${b + 1}/${batches.length}`);
    if (o.onBatchDone) await o.onBatchDone(ref, b, ids, requestedAt);
  }
  return { instances: all.length, batches: batches.length, health };
}

/** Rolling policy: the platform rolls; we start it if the model change did not, and follow rollingUpgrades/latest. */
async function rolling(ref: ScaleSetRef, o: ApplyOptions): Promise<ApplyReport> {
  let latest = await latestRollingUpgrade(o.compute, ref);
  const all = await listInstances(o.compute, ref);
  const behind = all.filter((i) => !i.latestModelApplied || i.updating).length;
  if (behind > 0 && latest?.runningStatus?.code !== 'RollingForward') {
    o.logger.info(`${ref.name}: starting a rolling upgrade of ${behind} instance(s)`);
    await startRollingUpgrade(o.compute, ref);
  }
  if (behind > 0) {
    for (;;) {
      latest = await latestRollingUpgrade(o.compute, ref);
      const code = latest?.runningStatus?.code;
      if (code === 'Faulted' || code === 'Cancelled') {
        const p = latest?.progress;
        throw new RolloutHealthError(ref.name, `Scale set ${ref.name}: the rolling upgrade ended ${code} (${p?.successfulInstanceCount ?? 0} succeeded, ${p?.failedInstanceCount ?? 0} failed, ${p?.pendingInstanceCount ?? 0} pending)${latest?.error?.message ? `: ${latest.error.message}` : ''}.`);
      }
      if (code === 'Completed') break;
      if (o.clock.now() >= o.deadline) throw new AzureError(ErrorCodes.timeout, `Timed out following the rolling upgrade of ${ref.name}. Re-run to keep following it.`);
      await o.clock.sleep(o.pollIntervalMs, o.signal);
    }
    await waitForInstances(ref, o, settled(new Set(all.map((i) => i.instanceId))), 'the rolling upgrade');
  }
  const health = await healthGate(ref, o, 'the rolling upgrade');
  return { instances: all.length, batches: 1, health };
}

/** Automatic policy: the platform upgrades every instance on its own; follow them. */
async function automatic(ref: ScaleSetRef, o: ApplyOptions): Promise<ApplyReport> {
  const all = await waitForInstances(ref, o, (xs) => xs.every((i) => i.latestModelApplied && !i.updating), 'the automatic upgrade');
  const health = await healthGate(ref, o, 'the automatic upgrade');
  return { instances: all.length, batches: 1, health };
}

/** Applies the scale set's model to its instances with `method`. */
export function applyModel(method: ApplyMethod, ref: ScaleSetRef, o: ApplyOptions): Promise<ApplyReport> {
  switch (method) {
    case 'manual-batches': return inBatches(ref, o, (ids) => startManualUpgrade(o.compute, ref, ids), 'upgrading');
    case 'reimage-batches': return inBatches(ref, o, (ids) => startReimage(o.compute, ref, ids), 'reimaging');
    case 'rolling': return rolling(ref, o);
    case 'automatic': return automatic(ref, o);
  }
}
