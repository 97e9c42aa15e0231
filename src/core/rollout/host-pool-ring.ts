/**
 * The hook between pin-rollout's rings and AVD host pools: resolving a ring's `hostPools` from image.yaml or the
 * `rings` input, and rolling (or rolling back) every host pool of a ring after its scale sets, one lease per pool.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { Clock } from '../clock.js';
import type { RingConfig } from '../config/image-config.js';
import { parseDurationMs } from '../config/durations.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { parseResourceId } from '../azure/resource-id.js';
import type { Logger } from '../logger.js';
import type { HostPoolClient, HostPoolRef } from './host-pool-client.js';
import { HostPoolHealthError, type HostPoolOutcome, type HostPoolRolloutOptions } from './host-pool-rollout.js';
import { rollbackAnyHostPool, rolloutAnyHostPool } from './host-pool-session-host-update.js';
import { RolloutHealthError } from './apply-upgrade.js';
import type { Ring, RolloutInputs } from './rollout-types.js';

/** The host-pool fields of a ring, with defaults: 20% of hosts at once, 30 minutes to sign out, no force. */
export function resolveHostPoolRing(raw: RingConfig, where: string): Pick<Ring, 'hostPools' | 'hostPoolPolicy'> {
  const hostPools = (raw.hostPools ?? []).map((p, i): HostPoolRef => {
    if (typeof p !== 'string') return { subscriptionId: p.subscriptionId ?? '', resourceGroup: p.resourceGroup, name: p.name };
    const parsed = parseResourceId(p);
    if (!parsed || parsed.type !== 'microsoft.desktopvirtualization/hostpools') {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `${where}.hostPools[${i}]: '${p}' is not a host pool id (/subscriptions/.../providers/Microsoft.DesktopVirtualization/hostPools/<name>).`);
    }
    return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.names[0] ?? '' };
  });
  return {
    hostPools,
    hostPoolPolicy: {
      maxUnavailablePercent: raw.maxUnavailablePercent ?? 20,
      gracePeriodMs: raw.gracePeriod ? parseDurationMs(raw.gracePeriod, `${where}.gracePeriod`) : 30 * 60_000,
      force: raw.force ?? false,
    },
  };
}

export interface HostPoolRingDeps {
  hostPools?: HostPoolClient;
  compute: ComputeManagementClient;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
}

export interface HostPoolRingRun {
  ring: Ring;
  imageId: string;
  owner: string;
  leaseDurationMs: number;
  pollIntervalMs: number;
  deadline: number;
  plan: boolean;
}

const defaultPolicy = { maxUnavailablePercent: 20, gracePeriodMs: 30 * 60_000, force: false };

export function optionsFor(deps: HostPoolRingDeps, run: HostPoolRingRun, pool: HostPoolRef): HostPoolRolloutOptions {
  const policy = run.ring.hostPoolPolicy ?? defaultPolicy;
  if (!deps.hostPools) throw new ConfigurationError(ErrorCodes.inputInvalid, `Ring '${run.ring.name}' lists host pools, but this run has no Desktop Virtualization client. Nothing was changed.`);
  return {
    client: deps.hostPools, compute: deps.compute, clock: deps.clock, logger: deps.logger, signal: deps.signal, pool,
    imageId: run.imageId, owner: run.owner, leaseDurationMs: run.leaseDurationMs,
    maxUnavailablePercent: policy.maxUnavailablePercent, maxUnhealthyPercent: run.ring.maxUnhealthyPercent,
    gracePeriodMs: policy.gracePeriodMs, bakeTimeMs: run.ring.bakeTimeMs, pollIntervalMs: run.pollIntervalMs,
    deadline: run.deadline, force: policy.force, plan: run.plan,
  };
}

/** One host pool of a ring as this run left it: for the step's outputs, its summary, and rollback of later failures. */
export interface HostPoolRecord {
  ring: string;
  ref: HostPoolRef;
  outcome: HostPoolOutcome;
  /** `unchanged`: an explicit rollback found no previous image recorded. */
  status: 'planned' | 'rolled-out' | 'rolled-back' | 'unchanged';
  /** This pool failed its health gate. */
  unhealthy: boolean;
  /** What the rollback did, once rolled back. */
  rollback?: HostPoolOutcome;
}

async function rollBackRecord(deps: HostPoolRingDeps, run: HostPoolRingRun, record: HostPoolRecord): Promise<void> {
  record.rollback = await rollbackAnyHostPool(optionsFor(deps, run, record.ref), record.outcome);
  record.status = 'rolled-back';
}

/**
 * Rolls the ring's host pools one after the other, recording each in `records`. When one fails its health gate,
 * every host pool of the ring moved so far is rolled back the same careful way, then the error is rethrown so the
 * scale sets (and earlier rings' host pools) roll back too.
 */
export async function runHostPoolRing(deps: HostPoolRingDeps, run: HostPoolRingRun, records: HostPoolRecord[] = []): Promise<HostPoolOutcome[]> {
  const outcomes: HostPoolOutcome[] = [];
  const mine: HostPoolRecord[] = [];
  for (const pool of run.ring.hostPools ?? []) {
    try {
      const outcome = await rolloutAnyHostPool(optionsFor(deps, run, pool));
      outcomes.push(outcome);
      mine.push({ ring: run.ring.name, ref: pool, outcome, status: run.plan ? 'planned' : 'rolled-out', unhealthy: false });
      records.push(mine[mine.length - 1] as HostPoolRecord);
    } catch (err) {
      if (!(err instanceof HostPoolHealthError)) throw err;
      deps.logger.error(err.message);
      const failed: HostPoolRecord = { ring: run.ring.name, ref: pool, outcome: err.outcome, status: 'rolled-out', unhealthy: true };
      records.push(failed);
      for (const record of [...mine, failed]) await rollBackRecord(deps, run, record);
      throw err;
    }
  }
  return outcomes;
}

/**
 * After a later gate failed: rolls back every host pool this run rolled out and has not rolled back yet (earlier
 * rings', and the failing ring's when its external gate failed after them). One failure does not stop the others;
 * the first is rethrown after all were tried.
 */
export async function rollBackHostPools(
  deps: HostPoolRingDeps,
  r: { records: readonly HostPoolRecord[]; rings: readonly Ring[]; imageId: string; owner: string; inputs: RolloutInputs; deadline: number },
): Promise<number> {
  const pending = r.records.filter((x) => x.status === 'rolled-out');
  const errors: unknown[] = [];
  for (const record of pending) {
    const ring = r.rings.find((x) => x.name === record.ring);
    if (!ring) continue;
    const run: HostPoolRingRun = { ring, imageId: r.imageId, owner: r.owner, leaseDurationMs: r.inputs.leaseDurationMs, pollIntervalMs: r.inputs.pollIntervalMs, deadline: r.deadline, plan: false };
    try {
      await rollBackRecord(deps, run, record);
    } catch (e) {
      deps.logger.error(`${record.ref.name}: rollback failed: ${(e as Error).message}`);
      errors.push(e);
    }
  }
  if (errors.length > 0) throw errors[0];
  return pending.length;
}

/**
 * A ring an earlier (crashed) run of this rollout completed: records its host pools as rolled out, with the images
 * their VMs ran before (from the VMs' tags), so a later ring's failure rolls them back too. Changes nothing.
 */
export async function recordCompletedHostPools(
  deps: HostPoolRingDeps,
  r: { ring: Ring; imageId: string; owner: string; inputs: RolloutInputs; deadline: number; records: HostPoolRecord[] },
): Promise<void> {
  const run: HostPoolRingRun = { ring: r.ring, imageId: r.imageId, owner: r.owner, leaseDurationMs: r.inputs.leaseDurationMs, pollIntervalMs: r.inputs.pollIntervalMs, deadline: r.deadline, plan: true };
  for (const pool of r.ring.hostPools ?? []) {
    const outcome = await rolloutAnyHostPool(optionsFor(deps, run, pool));
    r.records.push({ ring: r.ring.name, ref: pool, outcome, status: 'rolled-out', unhealthy: false });
  }
}

/**
 * run-rollout's one call per ring: rolls the ring's host pools (none: nothing) and turns a host pool's failed
 * health gate into the RolloutHealthError that makes run-rollout roll the ring's scale sets back as well.
 */
export async function hostPoolRingHook(
  deps: HostPoolRingDeps,
  r: { ring: Ring; imageId: string; owner: string; inputs: RolloutInputs; deadline: number; plan: boolean; records?: HostPoolRecord[] },
): Promise<HostPoolOutcome[]> {
  if ((r.ring.hostPools ?? []).length === 0) return [];
  const run: HostPoolRingRun = { ring: r.ring, imageId: r.imageId, owner: r.owner, leaseDurationMs: r.inputs.leaseDurationMs, pollIntervalMs: r.inputs.pollIntervalMs, deadline: r.deadline, plan: r.plan };
  try {
    return await runHostPoolRing(deps, run, r.records);
  } catch (err) {
    if (err instanceof HostPoolHealthError) throw new RolloutHealthError(r.ring.name, `${err.message} The ring's host pools were rolled back.`);
    throw err;
  }
}
