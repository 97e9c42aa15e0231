/**
 * The canary evidence gate: new figures against the previous version's record, per figure a ratio and a verdict.
 * A regression beyond max-regression fails; too few samples on either side is "insufficient", which the policy
 * turns into a warning or a failure — never a silent pass.
 */
import type { BenchmarkMetric } from './canary-benchmark.js';
import { SIBLING_FIGURE, type EvidencePolicy, type FigureStats, type PlatformFigure } from './canary-evidence.js';
import type { EvidenceRecord } from './canary-evidence-record.js';

export type FigureVerdict = 'pass' | 'regressed' | 'insufficient';

export interface FigureComparison {
  figure: string;
  unit: string;
  better: 'lower' | 'higher';
  previous?: number;
  previousN: number;
  current?: number;
  currentN: number;
  /** current / previous for lower-is-better figures, previous / current for higher-is-better: >1 is worse. */
  ratio?: number;
  limit: number;
  verdict: FigureVerdict;
  /** A second view on the same evidence (the canary's siblings): it can fail the gate, but lacking data it adds no verdict. */
  supplementary?: boolean;
}

export interface EvidenceVerdict {
  ring: string;
  previousVersion?: string;
  comparisons: FigureComparison[];
  /** regressed when any figure regressed; insufficient when none did but one lacked samples; pass otherwise. */
  verdict: FigureVerdict;
  samples: number;
}

const FIGURE_LABELS: Record<PlatformFigure | typeof SIBLING_FIGURE, string> = {
  toRunningMs: 'request → running', toHealthyMs: 'request → healthy', [SIBLING_FIGURE]: 'boot → healthy, vs. same scale set on previous',
};

export function figureLabel(figure: string): string {
  return (FIGURE_LABELS as Record<string, string>)[figure] ?? figure;
}

/** One figure: ratio of new to previous ("worse" direction > 1) and its verdict under the policy. */
export function compareFigure(
  figure: string, unit: string, better: 'lower' | 'higher',
  current: { value: number; n: number } | undefined, previous: { value: number; n: number } | undefined,
  limit: number, minSamples: number,
): FigureComparison {
  const base = { figure, unit, better, previousN: previous?.n ?? 0, currentN: current?.n ?? 0, limit };
  const withValues = { ...base, ...(previous ? { previous: previous.value } : {}), ...(current ? { current: current.value } : {}) };
  if (!current || !previous || current.n < minSamples || previous.n < minSamples) return { ...withValues, verdict: 'insufficient' };
  const ratio = better === 'lower'
    ? (previous.value === 0 ? (current.value === 0 ? 1 : Infinity) : current.value / previous.value)
    : (current.value === 0 ? (previous.value === 0 ? 1 : Infinity) : previous.value / current.value);
  return { ...withValues, ratio, verdict: ratio > limit ? 'regressed' : 'pass' };
}

/** Platform figures of the canary against the previous record. */
export function comparePlatform(current: FigureStats, previous: EvidenceRecord | undefined, policy: EvidencePolicy): FigureComparison[] {
  return (['toRunningMs', 'toHealthyMs'] as const).map((f) => {
    const c = current[f];
    const p = previous?.platform[f];
    return compareFigure(f, 'ms', 'lower', c ? { value: c.median, n: c.n } : undefined, p ? { value: p.median, n: p.n } : undefined, policy.maxRegression, policy.minSamples);
  });
}

/** Benchmark metrics of the new version against the same benchmark on the previous one; a metric gone is insufficient. */
export function compareBenchmarks(before: readonly BenchmarkMetric[], after: readonly BenchmarkMetric[], tolerance: number): FigureComparison[] {
  const names = [...new Set([...before.map((m) => m.name), ...after.map((m) => m.name)])];
  return names.map((name) => {
    const b = before.find((m) => m.name === name);
    const a = after.find((m) => m.name === name);
    const shape = a ?? b;
    return compareFigure(name, shape?.unit ?? '', shape?.better ?? 'lower', a ? { value: a.value, n: 1 } : undefined, b ? { value: b.value, n: 1 } : undefined, 1 + tolerance, 1);
  });
}

/** The overall verdict of a ring's comparisons. */
export function overallVerdict(comparisons: readonly FigureComparison[]): FigureVerdict {
  if (comparisons.some((c) => c.verdict === 'regressed')) return 'regressed';
  const primary = comparisons.filter((c) => c.supplementary !== true);
  if (primary.length === 0 || primary.some((c) => c.verdict === 'insufficient')) return 'insufficient';
  return 'pass';
}

/** One line per figure, for logs and failure messages. */
export function describeComparison(c: FigureComparison): string {
  const fmt = (v: number | undefined, n: number) => (v === undefined ? `no data (n=${n})` : `${formatValue(v, c.unit)} (n=${n})`);
  const ratio = c.ratio === undefined ? '' : `, ${c.ratio.toFixed(2)}x (limit ${c.limit}x)`;
  return `${figureLabel(c.figure)}: ${fmt(c.current, c.currentN)} vs previous ${fmt(c.previous, c.previousN)}${ratio}: ${c.verdict}`;
}

export function formatValue(v: number, unit: string): string {
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(1)}s` : `${Math.round(v)}ms`;
  return `${Number(v.toPrecision(6))}${unit ? ` ${unit}` : ''}`;
}
