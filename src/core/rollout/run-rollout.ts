/**
 * pin-rollout's core (issue 5): check the version, take the lease, then ring by ring pin every scale set to the
 * exact version and apply it as its upgrade policy demands, with health gates after each batch and ring. On an
 * unhealthy gate or a failed external gate, every scale set this rollout touched goes back to its recorded image.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { Clock } from '../clock.js';
import { ConfigurationError, ErrorCodes, RejectedError, type ErrorCode } from '../errors.js';
import { reportProgress, type Logger } from '../logger.js';
import type { RunInfo } from '../run-info.js';
import { applyModel, healthGate, RolloutHealthError, type ApplyOptions } from './apply-upgrade.js';
import { UpgradeTiming } from './batch-wait.js';
import { runExternalGate } from './external-gate.js';
import { acquireLease, checkLease, leaseOwner, releaseLease, updateDefinitionTags } from './lease.js';
import { finishRollout } from './finish-rollout.js';
import { planLines, rollbackPlanLines } from './rollout-plan.js';
import { ringsCompleted, RolloutTagKeys } from './rollout-tags.js';
import { readRolloutState, type Target } from './rollout-targets.js';
import type { RolloutInputs, RolloutResult, ScaleSetOutcome } from './rollout-types.js';
import { assertVersionSafe } from './safety-checks.js';
import { isPinned, methodFor, pinScaleSet, recordedPrevious } from './scale-set-pin.js';
import { rollBackAll } from './rollback-all.js';
import { checkEphemeralFit } from './canary-ephemeral-fit.js';
import { benchmarkPrevious, CanaryCollector, judgeRing } from './canary-evidence-run.js';
import type { HostPoolClient } from './host-pool-client.js';
import { hostPoolRingHook, recordCompletedHostPools, rollBackHostPools } from './host-pool-ring.js';
import { restoreHostPools } from './host-pool-restore.js';
import type { RingDeployments } from './ring-deployments.js';

export interface RolloutDeps {
  compute: ComputeManagementClient;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  run: RunInfo;
  /** Checks the version's signature when require-signature is set; absent means signing is unavailable. */
  verifySignature?: (versionId: string) => Promise<void>;
  /** AVD host pools of the rings (issue 19); needed only when a ring lists hostPools. */
  hostPools?: HostPoolClient;
  /** Reports each ring as a deployment to its environment (issue 20); absent in plan and rollback runs. */
  deployments?: RingDeployments;
}

/** A rollout that stopped: `result` says what was rolled back, for outputs and the summary. */
export class RolloutFailure extends RejectedError {
  constructor(code: ErrorCode, message: string, readonly result: RolloutResult, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
  }
}

function applyOptions(deps: RolloutDeps, inputs: RolloutInputs, deadline: number, ring: Target['ring']): ApplyOptions {
  return {
    compute: deps.compute, clock: deps.clock, logger: deps.logger, signal: deps.signal, pollIntervalMs: inputs.pollIntervalMs, deadline,
    bakeTimeMs: ring.bakeTimeMs, batchPercent: ring.batchPercent, maxUnhealthyPercent: ring.maxUnhealthyPercent,
  };
}

/** Runs (or plans, or rolls back) a rollout. Throws RolloutFailure after rolling back. */
export async function runRollout(inputs: RolloutInputs, deps: RolloutDeps): Promise<RolloutResult> {
  const { compute, logger, clock } = deps;
  const deadline = clock.now() + inputs.timeoutMs;
  const state = await readRolloutState(compute, inputs);
  const owner = leaseOwner(deps.run);
  const result: RolloutResult = { versionId: state.versionId, previous: {}, ringsCompleted: 0, rolledBack: false, outcomes: [], report: [], promotedLatest: false };
  if (inputs.rollback) {
    const pools = { rings: inputs.rings, owner, leaseDurationMs: inputs.leaseDurationMs, pollIntervalMs: inputs.pollIntervalMs, deadline, plan: inputs.plan, records: (result.hostPools ??= []) };
    if (inputs.plan) {
      result.report = rollbackPlanLines(state);
      for (const t of state.targets) result.outcomes.push({ ...outcome(t, methodFor(t.vmss, t.ring), 'planned'), previousImage: recordedPrevious(t.vmss) ?? '' });
      for (const line of result.report) logger.info(line);
      await restoreHostPools(deps, pools);
      return result;
    }
    checkLease(state.definition.tags, inputs.target, owner, clock.now());
    await acquireLease(compute, inputs.target, owner, clock, inputs.leaseDurationMs);
    try {
      // Host pools are restored even when a scale set failed to: each one is on its own.
      let failed: unknown;
      await rollBackAll(state.targets, deps, (t) => applyOptions(deps, inputs, deadline, t.ring), result, 'restored').catch((e: unknown) => { failed = e; });
      await restoreHostPools(deps, pools).catch((e: unknown) => { failed ??= e; });
      if (failed !== undefined) throw failed;
      await updateDefinitionTags(compute, inputs.target, (tags) => delete tags[RolloutTagKeys.progress]);
    } finally {
      await releaseLease(compute, inputs.target, owner);
    }
    return result;
  }
  assertVersionSafe(state.version, state.targets.map((t) => ({ name: t.ref.name, vmss: t.vmss })), clock.now());
  if (inputs.requireSignature) {
    if (!deps.verifySignature) throw new ConfigurationError(ErrorCodes.configInvalid, 'require-signature is set but signature verification is unavailable in this build. Nothing was changed.');
    await deps.verifySignature(state.versionId);
  }
  await checkEphemeralFit(compute, state.version, state.targets, logger, inputs.requireEphemeralFit === true);
  checkLease(state.definition.tags, inputs.target, owner, clock.now());
  // The progress tag counts rings of the whole list, also when this run rolls out one ring of it (ring input).
  const offset = inputs.ringOffset ?? 0;
  const done = Math.max(0, ringsCompleted(state.definition.tags, inputs.target.version) - offset);
  if (inputs.plan) {
    result.report = planLines(state, inputs, done);
    for (const t of state.targets) result.outcomes.push(outcome(t, methodFor(t.vmss, t.ring), 'planned'));
    for (const line of result.report) logger.info(line);
    for (const ring of inputs.rings) await hostPoolRingHook(deps, { ring, imageId: state.versionId, owner, inputs, deadline, plan: true, records: (result.hostPools ??= []) });
    return result;
  }

  await acquireLease(compute, inputs.target, owner, clock, inputs.leaseDurationMs);
  let leaseRenewAt = clock.now() + inputs.leaseDurationMs / 2;
  const touched: Target[] = [];
  // What one batch took predicts the next, across the rollout's scale sets (fewer instance reads).
  const timing = new UpgradeTiming();
  try {
    for (const [i, ring] of inputs.rings.entries()) {
      // A long rollout keeps its lease: renew once half of it has run out, at a ring boundary.
      if (clock.now() >= leaseRenewAt) {
        await acquireLease(compute, inputs.target, owner, clock, inputs.leaseDurationMs);
        leaseRenewAt = clock.now() + inputs.leaseDurationMs / 2;
      }
      const members = state.targets.filter((t) => t.ringIndex === i);
      if (i < done) {
        logger.info(`Ring ${ring.name}: already completed by an earlier run of this rollout; skipping`);
        for (const t of members) {
          touched.push(t);
          const previous = recordedPrevious(t.vmss);
          if (previous !== undefined) result.previous[t.id] = previous;
          result.outcomes.push(outcome(t, methodFor(t.vmss, ring), 'already-pinned'));
        }
        await recordCompletedHostPools(deps, { ring, imageId: state.versionId, owner, inputs, deadline, records: (result.hostPools ??= []) });
        result.ringsCompleted = i + 1;
        continue;
      }
      reportProgress(logger, (i * 100) / inputs.rings.length, `Ring ${ring.name} (${i + 1} of ${inputs.rings.length})`);
      await deps.deployments?.started(ring.name, [...members.map((t) => t.ref.name), ...(ring.hostPools ?? []).map((p) => p.name)]);
      await logger.group(`Ring ${ring.name} (${members.length} scale set${members.length === 1 ? '' : 's'})`, async () => {
        // Scale sets of one ring move together; each one batches on its own.
        // One scale set failing stops its siblings before the rollback starts, so nothing races the rollback.
        const stop = new AbortController();
        const signal = AbortSignal.any([deps.signal, stop.signal]);
        // The first ring is the canary: its first batches are measured when an evidence policy is set.
        const canary = i === 0 && inputs.evidence ? new CanaryCollector(deps) : undefined;
        const benchmarkBefore = await benchmarkPrevious(ring, result.versionId.split('/').pop() ?? '', members.map((t) => t.ref.name), deps.signal);
        await allOrFirstError(stop, members.map(async (t) => {
          const method = methodFor(t.vmss, ring);
          const already = isPinned(t.vmss, state.versionId);
          touched.push(t);
          const pin = await pinScaleSet(compute, t.ref, t.vmss, state.versionId);
          result.previous[t.id] = pin.previous;
          logger.info(`${t.ref.name}: ${pin.changed ? `pinned to ${inputs.target.version} (was ${pin.previous})` : `already pinned to ${inputs.target.version}`}; applying by ${method}`);
          const report = await applyModel(method, t.ref, { ...applyOptions(deps, inputs, deadline, ring), signal, timing, ...(canary ? { onBatchDone: canary.onBatchDone } : {}) });
          result.outcomes.push({ ...outcome(t, method, already ? 'already-pinned' : 'pinned'), instances: report.instances, batches: report.batches, unhealthy: report.health.unhealthy });
        }));
        const o = applyOptions(deps, inputs, deadline, ring);
        await Promise.all(members.map((t) => healthGate(t.ref, { ...o, bakeTimeMs: 0 }, `ring ${ring.name}`)));
        if (canary || benchmarkBefore) {
          const evidence = {
            ring, versionId: state.versionId, previousImages: members.map((t) => result.previous[t.id] ?? ''), signal: deps.signal,
            ...(canary && inputs.evidence ? { canary: { collector: canary, policy: inputs.evidence } } : {}),
            ...(benchmarkBefore ? { benchmarkBefore } : {}),
          };
          await judgeRing(deps, evidence, (v) => (result.evidence ??= []).push(v));
        }
        await hostPoolRingHook(deps, { ring, imageId: state.versionId, owner, inputs, deadline, plan: false, records: (result.hostPools ??= []) });
        if (ring.gate) {
          const gate = await runExternalGate(ring.gate, deps.signal);
          logger.info(`Ring ${ring.name}: external gate: ${gate.detail}`);
          if (!gate.ok) throw new RolloutHealthError(ring.name, `The external gate after ring ${ring.name} failed: ${gate.detail}.`);
        }
      });
      result.ringsCompleted = i + 1;
      await updateDefinitionTags(compute, inputs.target, (tags) => {
        tags[RolloutTagKeys.progress] = `${inputs.target.version}|${offset + i + 1}`;
      });
      await deps.deployments?.finished('success', `Image ${inputs.target.version} is live in ring ${ring.name}`);
    }
  } catch (err) {
    const health = err instanceof RolloutHealthError;
    await deps.deployments?.finished(health ? 'failure' : 'error', health ? 'A gate failed; rolled back to the previous image' : 'The rollout stopped on an error; see the run log');
    if (!health) throw err;
    logger.error(err.message);
    result.report.push(err.message);
    await rollBackAll(touched, deps, (t) => applyOptions(deps, inputs, deadline, t.ring), result, 'rolled-back');
    // Host pools of earlier rings (the failing ring rolled its own back already) go back the same careful way.
    await rollBackHostPools(deps, { records: result.hostPools ?? [], rings: inputs.rings, imageId: state.versionId, owner, inputs, deadline });
    result.rolledBack = true;
    await deps.deployments?.rolledBack();
    await updateDefinitionTags(compute, inputs.target, (tags) => delete tags[RolloutTagKeys.progress]);
    await releaseLease(compute, inputs.target, owner);
    throw new RolloutFailure(ErrorCodes.rolloutUnhealthy, `${err.message} Rolled back ${touched.length} scale set(s) to their previous image: ${touched.map((t) => t.ref.name).join(', ')}.${rolledBackPools(result)}`, result, err);
  }
  await finishRollout(inputs, deps, result);
  await releaseLease(compute, inputs.target, owner);
  return result;
}

/** Like Promise.all, but on the first failure aborts the rest and waits for them to settle before rethrowing it. */
async function allOrFirstError(stop: AbortController, work: Promise<void>[]): Promise<void> {
  let first: unknown;
  let failed = false;
  await Promise.all(work.map((p) => p.catch((e: unknown) => {
    if (!failed) {
      failed = true;
      first = e;
      stop.abort(e);
    }
  })));
  if (failed) throw first;
}

function outcome(t: Target, method: ScaleSetOutcome['method'], status: ScaleSetOutcome['status']): ScaleSetOutcome {
  const ref = t.vmss.virtualMachineProfile?.storageProfile?.imageReference;
  return { ring: t.ring.name, id: t.id, name: t.ref.name, method, previousImage: ref?.id ?? JSON.stringify(ref ?? {}), instances: t.vmss.sku?.capacity ?? 0, batches: 0, unhealthy: 0, status };
}

function rolledBackPools(result: RolloutResult): string {
  const pools = (result.hostPools ?? []).filter((p) => p.status === 'rolled-back').map((p) => p.ref.name);
  return pools.length === 0 ? '' : ` Rolled back ${pools.length} host pool(s): ${pools.join(', ')}.`;
}
