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
import { BenchmarkError, runBenchmark, type BenchmarkMetric } from './canary-benchmark.js';
import { compareBenchmarks, comparePlatform, describeComparison, figureLabel, overallVerdict, type EvidenceVerdict } from './canary-evidence-gate.js';
import { readRecord, writeRecord, type BenchmarkFigure, type EvidenceRecord } from './canary-evidence-record.js';
import type { Ring, ScaleSetRef } from './rollout-types.js';
import { compareWithSiblings, measureSiblings } from './canary-siblings.js';

export interface CanaryEvidenceDeps {
  compute: ComputeManagementClient;
  logger: Logger;
  clock: Clock;
}

/** Gathers samples of one ring; `onBatchDone` is what apply-upgrade calls after each batch's health gate. */
export class CanaryCollector {
  readonly samples: InstanceSample[] = [];
  /** Boot → healthy of the canary scale sets' instances still on the previous version. */
  readonly siblings: number[] = [];
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
    this.siblings.push(...(await measureSiblings(this.deps.compute, ref, ids)));
  };
}

/** The id of the version the ring ran before, when it is a gallery version (a definition id has no record). */
function previousVersionOf(previous: readonly string[]): string | undefined {
  return previous.find((p) => /\/versions\/[^/]+$/i.test(p));
}

/** Runs the ring's benchmark on the previous version (before the ring changes anything); a failure stops the rollout. */
export async function benchmarkPrevious(ring: Ring, version: string, scaleSets: readonly string[], signal: AbortSignal): Promise<BenchmarkMetric[] | undefined> {
  if (!ring.benchmark) return undefined;
  try {
    return await runBenchmark(ring.benchmark, { side: 'previous', ring: ring.name, version, scaleSets }, signal);
  } catch (e) {
    if (e instanceof BenchmarkError) throw new RolloutHealthError(ring.name, `Ring ${ring.name}: ${e.message}`);
    throw e;
  }
}

export interface RingEvidence {
  ring: Ring;
  versionId: string;
  previousImages: readonly string[];
  /** Platform samples of the canary (first ring only) and its policy. */
  canary?: { collector: CanaryCollector; policy: EvidencePolicy };
  /** Benchmark figures measured on the previous version before the ring started. */
  benchmarkBefore?: BenchmarkMetric[];
  signal: AbortSignal;
}

/**
 * Judges the ring's evidence; throws RolloutHealthError on a regression, on malformed benchmark output or, under
 * `insufficient: fail`, on too few samples. Hands the verdict on (for the summary) and, when the rollout may go
 * on, writes the version's record.
 */
export async function judgeRing(deps: CanaryEvidenceDeps, e: RingEvidence, onVerdict: (v: EvidenceVerdict) => void): Promise<void> {
  const ring = e.ring.name;
  const samples = e.canary?.collector.samples ?? [];
  const previousVersion = previousVersionOf(e.previousImages);
  const previousRecord = e.canary && previousVersion !== undefined ? await readRecord(deps.compute, previousVersion) : undefined;
  const current = statsOf(samples);
  const comparisons = e.canary ? [...comparePlatform(current, previousRecord, e.canary.policy), compareWithSiblings(samples, e.canary.collector.siblings, e.canary.policy)] : [];
  const benchmarks: Record<string, BenchmarkFigure> = {};
  if (e.ring.benchmark && e.benchmarkBefore) {
    let after: BenchmarkMetric[];
    try {
      after = await runBenchmark(e.ring.benchmark, { side: 'new', ring, version: e.versionId.split('/').pop() ?? '', scaleSets: e.ring.scaleSets.map((s) => s.name) }, e.signal);
    } catch (err) {
      if (err instanceof BenchmarkError) throw new RolloutHealthError(ring, `Ring ${ring}: ${err.message}`);
      throw err;
    }
    comparisons.push(...compareBenchmarks(e.benchmarkBefore, after, e.ring.benchmark.tolerance));
    for (const m of after) benchmarks[m.name] = { value: m.value, unit: m.unit, better: m.better, n: 1 };
  }
  const verdict: EvidenceVerdict = {
    ring, comparisons, verdict: overallVerdict(comparisons), samples: samples.length,
    ...(previousVersion !== undefined ? { previousVersion } : {}),
  };
  const policy = e.canary?.policy ?? { maxRegression: 1, minSamples: 1, insufficient: 'fail' as const };
  onVerdict(verdict);
  const lines = comparisons.map(describeComparison);
  for (const line of lines) deps.logger.info(`Ring ${ring}: canary evidence: ${line}`);
  if (verdict.verdict === 'regressed') {
    throw new RolloutHealthError(ring, `The canary evidence of ring ${ring} shows a regression beyond its limit against the previous version: ${lines.filter((l) => l.endsWith('regressed')).join('; ')}.`);
  }
  if (verdict.verdict === 'insufficient') {
    const short = comparisons.filter((c) => c.verdict === 'insufficient').map((c) => figureLabel(c.figure));
    const why = e.canary && previousRecord === undefined
      ? `no evidence recorded for the previous version${previousVersion ? ` ${previousVersion.split('/').pop() ?? ''}` : ' (the ring ran no exact gallery version before)'}`
      : `${short.join(', ') || 'no figure'} had fewer than ${policy.minSamples} sample(s) on one side`;
    const message = `Not enough canary evidence in ring ${ring} to compare with the previous version: ${why}.`;
    if (policy.insufficient === 'fail') throw new RolloutHealthError(ring, `${message} insufficient-evidence is 'fail'.`);
    deps.logger.warn(`${message} Continuing (insufficient-evidence: warn).`);
  }
  // Only the canary ring's figures become the version's record (a later ring must not overwrite them).
  if (e.canary && (samples.length > 0 || Object.keys(benchmarks).length > 0)) {
    const record: EvidenceRecord = { at: new Date(deps.clock.now()).toISOString(), platform: current, benchmarks };
    await writeRecord(deps.compute, e.versionId, record);
  }
}
