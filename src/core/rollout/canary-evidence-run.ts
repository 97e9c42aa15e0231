/**
 * The canary evidence step of a rollout: collects samples from the first ring's first batch (through a hook in
 * apply-upgrade), judges them against the previous version's record, logs the comparison, stops the rollout on a
 * regression (or on "not enough data" when the policy says fail) and records the new figures on the version.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { RolloutHealthError } from './apply-upgrade.js';
import { measureInstances, statsOf, type EvidencePolicy, type InstanceSample } from './canary-evidence.js';
import { comparePlatform, describeComparison, overallVerdict, type EvidenceVerdict } from './canary-evidence-gate.js';
import { readRecord, writeRecord, type EvidenceRecord } from './canary-evidence-record.js';
import type { ScaleSetRef } from './rollout-types.js';

export interface CanaryEvidenceDeps {
  compute: ComputeManagementClient;
  logger: Logger;
  clock: Clock;
}

/** Gathers samples of one ring; `onBatchDone` is what apply-upgrade calls after each batch's health gate. */
export class CanaryCollector {
  readonly samples: InstanceSample[] = [];
  private readonly measured = new Set<string>();

  constructor(private readonly deps: CanaryEvidenceDeps) {}

  /** Measures a scale set's first batch only: later batches are not the canary. */
  readonly onBatchDone = async (ref: ScaleSetRef, batch: number, ids: readonly string[], requestedAt: number): Promise<void> => {
    if (batch !== 0 || this.measured.has(ref.name)) return;
    this.measured.add(ref.name);
    if (ref.orchestrationMode === 'Flexible') {
      this.deps.logger.info(`${ref.name}: canary evidence is read from scale-set VM instance views; a Flexible scale set gives none`);
      return;
    }
    const got = await measureInstances(this.deps.compute, ref, ids, requestedAt);
    this.samples.push(...got);
  };
}

/** The id of the version the ring ran before, when it is a gallery version (a definition id has no record). */
function previousVersionOf(previous: readonly string[]): string | undefined {
  return previous.find((p) => /\/versions\/[^/]+$/i.test(p));
}

/**
 * Judges the ring's samples; throws RolloutHealthError on a regression or, under `insufficient: fail`, on too few
 * samples. Returns the verdict (for the summary) and, when the rollout may go on, writes the version's record.
 */
export async function judgeCanary(
  deps: CanaryEvidenceDeps, ring: string, versionId: string, previousImages: readonly string[],
  collector: CanaryCollector, policy: EvidencePolicy, onVerdict: (v: EvidenceVerdict) => void,
): Promise<void> {
  const previousVersion = previousVersionOf(previousImages);
  const previousRecord = previousVersion === undefined ? undefined : await readRecord(deps.compute, previousVersion);
  const current = statsOf(collector.samples);
  const comparisons = comparePlatform(current, previousRecord, policy);
  const verdict: EvidenceVerdict = {
    ring, comparisons, verdict: overallVerdict(comparisons), samples: collector.samples.length,
    ...(previousVersion !== undefined ? { previousVersion } : {}),
  };
  onVerdict(verdict);
  const lines = comparisons.map(describeComparison);
  for (const line of lines) deps.logger.info(`Ring ${ring}: canary evidence: ${line}`);
  if (verdict.verdict === 'regressed') {
    throw new RolloutHealthError(ring, `The canary evidence of ring ${ring} shows a regression beyond ${policy.maxRegression}x of the previous version: ${lines.filter((l) => l.endsWith('regressed')).join('; ')}.`);
  }
  if (verdict.verdict === 'insufficient') {
    const why = previousRecord === undefined
      ? `no evidence recorded for the previous version${previousVersion ? ` ${previousVersion.split('/').pop() ?? ''}` : ' (the ring ran no exact gallery version before)'}`
      : `fewer than min-samples (${policy.minSamples}) samples on one side`;
    const message = `Not enough canary evidence in ring ${ring} to compare with the previous version: ${why}.`;
    if (policy.insufficient === 'fail') throw new RolloutHealthError(ring, `${message} insufficient-evidence is 'fail'.`);
    deps.logger.warn(`${message} Continuing (insufficient-evidence: warn).`);
  }
  if (collector.samples.length > 0) {
    const record: EvidenceRecord = { at: new Date(deps.clock.now()).toISOString(), platform: current, benchmarks: {} };
    await writeRecord(deps.compute, versionId, record);
  }
}
