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

function optionsFor(deps: HostPoolRingDeps, run: HostPoolRingRun, pool: HostPoolRef): HostPoolRolloutOptions {
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

/**
 * Rolls the ring's host pools one after the other. When one fails its health gate, every host pool of the ring
 * moved so far is rolled back the same careful way, then the error is rethrown so the scale sets roll back too.
 */
export async function runHostPoolRing(deps: HostPoolRingDeps, run: HostPoolRingRun): Promise<HostPoolOutcome[]> {
  const outcomes: HostPoolOutcome[] = [];
  const pools = run.ring.hostPools ?? [];
  for (const pool of pools) {
    try {
      outcomes.push(await rolloutAnyHostPool(optionsFor(deps, run, pool)));
    } catch (err) {
      if (!(err instanceof HostPoolHealthError)) throw err;
      deps.logger.error(err.message);
      const touched = [...outcomes, err.outcome];
      for (const [i, done] of touched.entries()) {
        const ref = pools[i];
        if (ref) await rollbackAnyHostPool(optionsFor(deps, run, ref), done);
      }
      throw err;
    }
  }
  return outcomes;
}

/**
 * run-rollout's one call per ring: rolls the ring's host pools (none: nothing) and turns a host pool's failed
 * health gate into the RolloutHealthError that makes run-rollout roll the ring's scale sets back as well.
 */
export async function hostPoolRingHook(
  deps: HostPoolRingDeps,
  r: { ring: Ring; imageId: string; owner: string; inputs: RolloutInputs; deadline: number; plan: boolean },
): Promise<HostPoolOutcome[]> {
  if ((r.ring.hostPools ?? []).length === 0) return [];
  const run: HostPoolRingRun = { ring: r.ring, imageId: r.imageId, owner: r.owner, leaseDurationMs: r.inputs.leaseDurationMs, pollIntervalMs: r.inputs.pollIntervalMs, deadline: r.deadline, plan: r.plan };
  try {
    return await runHostPoolRing(deps, run);
  } catch (err) {
    if (err instanceof HostPoolHealthError) throw new RolloutHealthError(r.ring.name, `${err.message} The ring's host pools were rolled back.`);
    throw err;
  }
}
