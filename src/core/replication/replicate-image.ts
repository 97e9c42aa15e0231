import type { GalleryImageVersion, TargetRegion } from '@azure/arm-compute';
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import type { AzureContext } from '../azure/azure-context.js';
import type { Clock } from '../clock.js';
import { AzureError, ErrorCodes, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { azureCall } from '../azure/azure-call.js';
import { galleryResourceId } from '../azure/resource-id.js';
import { formatElapsed } from '../wait/wait-options.js';
import type { ReplicateInputs } from './replicate-inputs.js';
import { type ReplicationSnapshot, aggregateOf, progressLine, readReplicationStatus, regionsIn } from './replication-status.js';
import { type PollResult, RegionTimes, parseRetryAfter, waitForReplication } from './replication-wait.js';
import type { RegionPlan } from './target-regions.js';
import { describePlan, planReplication } from './replication-plan.js';
import { inputError } from '../input-error.js';

/** What replicate did and where each region stands; also carried by ReplicationIncomplete for outputs on failure. */
export interface ReplicateResult {
  imageVersionId: string;
  /** `gallery/image/1.2.3`. */
  label: string;
  /** Every target region after this run, programmatic names, in ARM's order. */
  targets: TargetRegion[];
  plan: RegionPlan;
  snapshot: ReplicationSnapshot;
  aggregatedState: 'Completed' | 'InProgress' | 'Failed';
  /** Updates of targetRegions this run sent: 0 on a resumed wait, 1 + resubmits otherwise. */
  updates: number;
  /** Status polls after the first read. */
  polls: number;
  times: RegionTimes;
  /** Step-clock time the result was taken, for durations. */
  at: number;
}

/** The step failed or timed out, but `result` still says which regions succeeded. */
export class ReplicationIncomplete extends AzureError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly result: ReplicateResult,
  ) {
    super(code, message);
  }
}

export interface ReplicateDeps {
  azure: AzureContext;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
}

/** Progress lines repeat at least this often while nothing changes (a heartbeat for long regions). */
const HEARTBEAT_FACTOR = 4;

/** What the phases of one replicate run share: the version, the plan, and the counters the result reports. */
interface ReplicationRun {
  inputs: ReplicateInputs;
  deps: ReplicateDeps;
  label: string;
  imageVersionId: string;
  startedAt: number;
  plan: RegionPlan;
  /** Programmatic names of every target region after this run. */
  targets: string[];
  canonical: (name: string) => string;
  times: RegionTimes;
  updates: number;
  polls: number;
  /** The version as last read or submitted. */
  current: PollResult;
}

/**
 * Converges an image version onto its target regions: reads the version, checks region names against the
 * subscription, sends at most one targetRegions update, then polls ReplicationStatus until every region is
 * Completed, resubmitting Failed regions up to `retries` times. Nothing is written before every check passed.
 * Phases: plan (read only), submit (or resume), wait (with resubmits of failed regions).
 */
export async function replicateImage(inputs: ReplicateInputs, deps: ReplicateDeps): Promise<ReplicateResult> {
  const { azure, logger, clock, signal } = deps;
  const startedAt = clock.now();
  const ref = inputs.version;
  assertSameSubscription(ref.subscriptionId, azure.subscriptionId);
  const label = `${ref.gallery}/${ref.image}/${ref.version}`;
  const { first, catalog, plan } = await planReplication(inputs, azure, logger, signal, label);
  const run: ReplicationRun = {
    inputs,
    deps,
    label,
    imageVersionId: galleryResourceId(azure.subscriptionId, ref.resourceGroup, ref.gallery, ref.image, ref.version),
    startedAt,
    plan,
    targets: plan.targetRegions.map((t) => t.name),
    canonical: (name) => catalog.canonical(name) ?? name,
    times: new RegionTimes(),
    updates: 0,
    polls: 0,
    current: { version: first },
  };
  await submitOrResume(run);
  if (!inputs.wait) {
    logger.info(`${label}: not waiting (wait: false); replication continues in Azure. Re-run with wait: true to follow it.`);
    return resultOf(run, readReplicationStatus(run.current.version, run.canonical), run.updates > 0 ? 'InProgress' : undefined);
  }
  return waitWithResubmits(run);
}

/** A version id from another subscription than the step signs in to would be read and changed in the wrong place. */
function assertSameSubscription(fromId: string | undefined, signedIn: string): void {
  if (fromId === undefined || fromId.toLowerCase() === signedIn.toLowerCase()) return;
  throw inputError(ErrorCodes.inputInvalid, 'image-version-id',
    `is in subscription ${fromId}, but the step signs in to subscription ${signedIn}. ` +
      `Set 'subscription-id' to ${fromId}. Nothing was changed.`,
  );
}

/** Submit phase: the one targetRegions update the plan asks for, or, when none is needed, a resumed wait. */
async function submitOrResume(run: ReplicationRun): Promise<void> {
  const { plan, targets, label } = run;
  const now = () => run.deps.clock.now();
  if (plan.needsUpdate) {
    await submit(run, `${describePlan(plan)} (one update of targetRegions, ${targets.length} regions in total)`, [...plan.added, ...plan.changed]);
    run.times.start([...plan.added, ...plan.changed], now());
    return;
  }
  run.deps.logger.info(`${label}: targetRegions already match (${targets.join(', ')}); waiting without a new update.`);
  const before = readReplicationStatus(run.current.version, run.canonical);
  run.times.start(targets.filter((t) => !['Completed', 'Failed'].includes(before.regions.get(t)?.state ?? '')), now());
}

/** Sends targetRegions once; `restarting` regions show as pending until the next poll, the others keep their last state. */
async function submit(run: ReplicationRun, why: string, restarting: readonly string[]): Promise<void> {
  const { inputs, deps, label } = run;
  const ref = inputs.version;
  deps.logger.info(`${label}: ${why}`);
  let retryAfterMs: number | undefined;
  const body = {
    publishingProfile: { targetRegions: run.plan.targetRegions, ...(inputs.replicationMode ? { replicationMode: inputs.replicationMode } : {}) },
  };
  const poller = deps.azure.compute().galleryImageVersions.update(ref.resourceGroup, ref.gallery, ref.image, ref.version, body, {
    abortSignal: deps.signal,
    onResponse: (raw: PipelineResponse) => {
      retryAfterMs ??= parseRetryAfter(raw.headers.get('retry-after'), deps.clock.now());
    },
  });
  // Only the request is ours to wait for; progress comes from ReplicationStatus, not from the LRO.
  await azureCall(`updating the target regions of ${label}`, () => poller.submitted());
  run.updates++;
  const last = run.current.version.replicationStatus;
  const summary = (last?.summary ?? []).filter((s) => !restarting.includes(run.canonical(s.region ?? '')));
  const version: GalleryImageVersion = { ...run.current.version, replicationStatus: { ...last, summary } };
  run.current = retryAfterMs === undefined ? { version } : { version, retryAfterMs };
}

/** Reads the version with its ReplicationStatus, keeping a Retry-After the answer carries. */
async function readStatus(run: ReplicationRun, readSignal: AbortSignal): Promise<PollResult> {
  const ref = run.inputs.version;
  let retryAfterMs: number | undefined;
  const version = await azureCall(`reading the replication status of ${run.label}`, () =>
    run.deps.azure.compute().galleryImageVersions.get(ref.resourceGroup, ref.gallery, ref.image, ref.version, {
      expand: 'ReplicationStatus',
      abortSignal: readSignal,
      onResponse: (raw: PipelineResponse) => {
        retryAfterMs = parseRetryAfter(raw.headers.get('retry-after'), run.deps.clock.now());
      },
    }),
  );
  return retryAfterMs === undefined ? { version } : { version, retryAfterMs };
}

/** Wait phase: polls until every region is Completed, resubmitting Failed ones up to `retries` times. */
async function waitWithResubmits(run: ReplicationRun): Promise<ReplicateResult> {
  const { inputs, deps, label, targets, startedAt } = run;
  const deadline = startedAt + inputs.timeoutMs;
  let resubmits = 0;
  for (;;) {
    const outcome = await waitForReplication({
      label: `replicating ${label}`,
      targets,
      initial: run.current,
      read: (readSignal) => readStatus(run, readSignal),
      canonical: run.canonical,
      logger: deps.logger,
      clock: deps.clock,
      signal: deps.signal,
      deadline,
      startedAt,
      pollEveryMs: inputs.progressEveryMs,
      heartbeatMs: inputs.progressEveryMs * HEARTBEAT_FACTOR,
      times: run.times,
    });
    run.polls += outcome.polls;
    const snapshot = outcome.snapshot;
    if (outcome.timedOut) throw timedOut(run, snapshot);
    const failed = regionsIn(snapshot, targets, 'Failed');
    if (failed.length === 0) return resultOf(run, snapshot);
    if (resubmits >= inputs.retries) throw failedRegions(run, snapshot, failed, resubmits);
    resubmits++;
    // ARM restarts only the Failed regions when the same targetRegions are sent again; Completed ones stay untouched.
    await submit(run, `resubmitting failed region${failed.length > 1 ? 's' : ''} ${failed.join(', ')} (retry ${resubmits} of ${inputs.retries})`, failed);
    run.times.start(failed, deps.clock.now());
  }
}

function timedOut(run: ReplicationRun, snapshot: ReplicationSnapshot): ReplicationIncomplete {
  return new ReplicationIncomplete(
    ErrorCodes.timeout,
    `${run.label}: still replicating; re-run to keep waiting (a re-run does not resubmit), or raise 'timeout-minutes'. ` +
      `After ${formatElapsed(run.deps.clock.now() - run.startedAt).replace(' elapsed', '')}: ${progressLine(snapshot, run.targets)}. Replication continues in Azure.`,
    resultOf(run, snapshot, 'InProgress'),
  );
}

function failedRegions(run: ReplicationRun, snapshot: ReplicationSnapshot, failed: readonly string[], resubmits: number): ReplicationIncomplete {
  const details = failed.map((r) => `${r}: ${(snapshot.regions.get(r)?.details || 'no details from Azure').replace(/\.+$/, '')}`).join('; ');
  const succeeded = regionsIn(snapshot, run.targets, 'Completed');
  return new ReplicationIncomplete(
    ErrorCodes.operationFailed,
    `${run.label}: replication failed in ${failed.join(', ')} after ${resubmits} resubmit${resubmits === 1 ? '' : 's'} (retries: ${run.inputs.retries}). ` +
      `Azure said: ${details}. Completed: ${succeeded.length ? succeeded.join(', ') : 'none'}. ` +
      `Fix the cause in those regions (quota, disk encryption set access, region capacity), then re-run to resubmit only them, or drop them from 'regions' with mode exact.`,
    resultOf(run, snapshot, 'Failed'),
  );
}

function resultOf(run: ReplicationRun, snapshot: ReplicationSnapshot, state?: ReplicateResult['aggregatedState']): ReplicateResult {
  return {
    imageVersionId: run.imageVersionId,
    label: run.label,
    targets: run.plan.targetRegions,
    plan: run.plan,
    snapshot,
    aggregatedState: state ?? aggregateOf(snapshot, run.targets),
    updates: run.updates,
    polls: run.polls,
    times: run.times,
    at: run.deps.clock.now(),
  };
}
