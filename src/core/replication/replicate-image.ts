import type { GalleryImageVersion, TargetRegion } from '@azure/arm-compute';
import type { PipelineResponse } from '@azure/core-rest-pipeline';
import type { AzureContext } from '../azure/azure-context.js';
import type { Clock } from '../clock.js';
import { AzureError, ConfigurationError, ErrorCodes, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { azureCall, azureGetOrUndefined } from '../azure/azure-call.js';
import { galleryResourceId } from '../azure/resource-id.js';
import { formatElapsed } from '../wait/wait-options.js';
import { canonicalRegions, loadLocations, normalisingCatalog } from './region-names.js';
import type { ReplicateInputs } from './replicate-inputs.js';
import { type ReplicationSnapshot, aggregateOf, progressLine, readReplicationStatus, regionsIn } from './replication-status.js';
import { type PollResult, RegionTimes, parseRetryAfter, waitForReplication } from './replication-wait.js';
import { type RegionPlan, planTargetRegions } from './target-regions.js';
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

/**
 * Converges an image version onto its target regions: reads the version, checks region names against the
 * subscription, sends at most one targetRegions update, then polls ReplicationStatus until every region is
 * Completed, resubmitting Failed regions up to `retries` times. Nothing is written before every check passed.
 */
export async function replicateImage(inputs: ReplicateInputs, deps: ReplicateDeps): Promise<ReplicateResult> {
  const { azure, logger, clock, signal } = deps;
  const startedAt = clock.now();
  const ref = inputs.version;
  if (ref.subscriptionId !== undefined && ref.subscriptionId.toLowerCase() !== azure.subscriptionId.toLowerCase()) {
    throw inputError(ErrorCodes.inputInvalid, 'image-version-id',
      `is in subscription ${ref.subscriptionId}, but the step signs in to subscription ${azure.subscriptionId}. ` +
        `Set 'subscription-id' to ${ref.subscriptionId}. Nothing was changed.`,
    );
  }
  const label = `${ref.gallery}/${ref.image}/${ref.version}`;
  const imageVersionId = galleryResourceId(azure.subscriptionId, ref.resourceGroup, ref.gallery, ref.image, ref.version);
  const versions = azure.compute().galleryImageVersions;

  const read = async (readSignal: AbortSignal): Promise<PollResult> => {
    let retryAfterMs: number | undefined;
    const version = await azureCall(`reading the replication status of ${label}`, () =>
      versions.get(ref.resourceGroup, ref.gallery, ref.image, ref.version, {
        expand: 'ReplicationStatus',
        abortSignal: readSignal,
        onResponse: (raw: PipelineResponse) => {
          retryAfterMs = parseRetryAfter(raw.headers.get('retry-after'), clock.now());
        },
      }),
    );
    return retryAfterMs === undefined ? { version } : { version, retryAfterMs };
  };

  const { first, catalog, plan } = await logger.group(`Replication plan for ${label}`, async () => {
    const existing = await azureGetOrUndefined(`reading image version ${label}`, () =>
      versions.get(ref.resourceGroup, ref.gallery, ref.image, ref.version, { expand: 'ReplicationStatus', abortSignal: signal }),
    );
    if (!existing) {
      throw new ConfigurationError(
        ErrorCodes.notFound,
        `Image version ${label} does not exist in resource group ${ref.resourceGroup}: publish it first, or check gallery, image-definition and version. Nothing was changed.`,
      );
    }
    const locations = await loadLocations(azure);
    if (!locations) {
      logger.warn(
        `Cannot list the locations of subscription ${azure.subscriptionId} (no role on the subscription), so region names are not ` +
          `checked in advance; Azure still rejects unknown names without changing anything. Grant Reader on the subscription for "did you mean" hints.`,
      );
    }
    const found = locations ?? normalisingCatalog();
    const names = canonicalRegions(inputs.regions.map((r) => r.name), found, azure.subscriptionId);
    const canonicalName = (name: string) => found.canonical(name) ?? name;
    const homeRegion = canonicalName(existing.location ?? '');
    const current = existing.publishingProfile?.targetRegions ?? [{ name: homeRegion }];
    logger.info(`Current target regions: ${current.map((t) => `${canonicalName(t.name)} (${t.regionalReplicaCount ?? 1}x ${t.storageAccountType ?? 'default'})`).join(', ')}`);
    logger.info(`Requested (${inputs.mode}): ${names.join(', ')}`);
    const decided = planTargetRegions({
      current,
      requested: inputs.regions.map((r, i) => ({ ...r, name: names[i] as string })),
      mode: inputs.mode,
      homeRegion,
      replicaCount: inputs.replicaCount,
      storageAccountType: inputs.storageAccountType,
      allowDeletion: existing.safetyProfile?.allowDeletionOfReplicatedLocations,
      canonical: canonicalName,
      label,
    });
    logger.info(decided.needsUpdate ? `Update needed: ${describePlan(decided)}` : 'No update needed: the version already has these target regions.');
    return { first: existing, catalog: found, plan: decided };
  });
  const canonical = (name: string) => catalog.canonical(name) ?? name;
  const targets = plan.targetRegions.map((t) => t.name);
  const times = new RegionTimes();
  let updates = 0;
  let polls = 0;
  let current: PollResult = { version: first };

  const submit = async (why: string, restarting: readonly string[]): Promise<PollResult> => {
    logger.info(`${label}: ${why}`);
    let retryAfterMs: number | undefined;
    const body = {
      publishingProfile: { targetRegions: plan.targetRegions, ...(inputs.replicationMode ? { replicationMode: inputs.replicationMode } : {}) },
    };
    const poller = versions.update(ref.resourceGroup, ref.gallery, ref.image, ref.version, body, {
      abortSignal: signal,
      onResponse: (raw: PipelineResponse) => {
        retryAfterMs ??= parseRetryAfter(raw.headers.get('retry-after'), clock.now());
      },
    });
    // Only the request is ours to wait for; progress comes from ReplicationStatus, not from the LRO.
    await azureCall(`updating the target regions of ${label}`, () => poller.submitted());
    updates++;
    // Until the next poll, restarted regions show as pending and the others keep their last known state.
    const last = current.version.replicationStatus;
    const summary = (last?.summary ?? []).filter((s) => !restarting.includes(canonical(s.region ?? '')));
    const version: GalleryImageVersion = { ...current.version, replicationStatus: { ...last, summary } };
    return retryAfterMs === undefined ? { version } : { version, retryAfterMs };
  };

  if (plan.needsUpdate) {
    current = await submit(`${describePlan(plan)} (one update of targetRegions, ${targets.length} regions in total)`, [...plan.added, ...plan.changed]);
    times.start([...plan.added, ...plan.changed], clock.now());
  } else {
    logger.info(`${label}: targetRegions already match (${targets.join(', ')}); waiting without a new update.`);
    const before = readReplicationStatus(first, canonical);
    times.start(targets.filter((t) => !['Completed', 'Failed'].includes(before.regions.get(t)?.state ?? '')), clock.now());
  }

  const result = (snapshot: ReplicationSnapshot, state?: ReplicateResult['aggregatedState']): ReplicateResult => ({
    imageVersionId,
    label,
    targets: plan.targetRegions,
    plan,
    snapshot,
    aggregatedState: state ?? aggregateOf(snapshot, targets),
    updates,
    polls,
    times,
    at: clock.now(),
  });

  if (!inputs.wait) {
    const snapshot = readReplicationStatus(current.version, canonical);
    logger.info(`${label}: not waiting (wait: false); replication continues in Azure. Re-run with wait: true to follow it.`);
    return result(snapshot, updates > 0 ? 'InProgress' : undefined);
  }

  const deadline = startedAt + inputs.timeoutMs;
  let resubmits = 0;
  for (;;) {
    const outcome = await waitForReplication({
      label: `replicating ${label}`,
      targets,
      initial: current,
      read,
      canonical,
      logger,
      clock,
      signal,
      deadline,
      startedAt,
      pollEveryMs: inputs.progressEveryMs,
      heartbeatMs: inputs.progressEveryMs * HEARTBEAT_FACTOR,
      times,
    });
    polls += outcome.polls;
    const snapshot = outcome.snapshot;
    if (outcome.timedOut) {
      throw new ReplicationIncomplete(
        ErrorCodes.timeout,
        `${label}: still replicating; re-run to keep waiting (a re-run does not resubmit), or raise 'timeout-minutes'. ` +
          `After ${formatElapsed(clock.now() - startedAt).replace(' elapsed', '')}: ${progressLine(snapshot, targets)}. Replication continues in Azure.`,
        result(snapshot, 'InProgress'),
      );
    }
    const failed = regionsIn(snapshot, targets, 'Failed');
    if (failed.length === 0) return result(snapshot);
    if (resubmits < inputs.retries) {
      resubmits++;
      // ARM restarts only the Failed regions when the same targetRegions are sent again; Completed ones stay untouched.
      current = await submit(`resubmitting failed region${failed.length > 1 ? 's' : ''} ${failed.join(', ')} (retry ${resubmits} of ${inputs.retries})`, failed);
      times.start(failed, clock.now());
      continue;
    }
    const details = failed.map((r) => `${r}: ${(snapshot.regions.get(r)?.details || 'no details from Azure').replace(/\.+$/, '')}`).join('; ');
    const succeeded = regionsIn(snapshot, targets, 'Completed');
    throw new ReplicationIncomplete(
      ErrorCodes.operationFailed,
      `${label}: replication failed in ${failed.join(', ')} after ${resubmits} resubmit${resubmits === 1 ? '' : 's'} (retries: ${inputs.retries}). ` +
        `Azure said: ${details}. Completed: ${succeeded.length ? succeeded.join(', ') : 'none'}. ` +
        `Fix the cause in those regions (quota, disk encryption set access, region capacity), then re-run to resubmit only them, or drop them from 'regions' with mode exact.`,
      result(snapshot, 'Failed'),
    );
  }
}

/** "adding eastus, uksouth; removing northeurope". */
function describePlan(plan: RegionPlan): string {
  return [
    plan.added.length ? `adding ${plan.added.join(', ')}` : '',
    plan.changed.length ? `updating ${plan.changed.join(', ')}` : '',
    plan.removed.length ? `removing ${plan.removed.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
