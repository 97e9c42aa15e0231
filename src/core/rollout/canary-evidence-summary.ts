/** The canary evidence in pin-rollout's summary: per ring a table of new vs previous figures and a bar chart. */
import { barChart } from '../summary/xychart.js';
import type { SummarySection } from '../summary/summary.js';
import { figureLabel, formatValue, type EvidenceVerdict } from './canary-evidence-gate.js';

const VERDICT_TEXT = { pass: 'pass', regressed: 'REGRESSED', insufficient: 'not enough data' } as const;

/** Sections for every judged ring (none when the gate was off). */
export function evidenceSections(verdicts: readonly EvidenceVerdict[] | undefined): SummarySection[] {
  return (verdicts ?? []).flatMap((v): SummarySection[] => {
    const previous = v.previousVersion?.split('/').pop() ?? 'none recorded';
    const table: SummarySection = {
      kind: 'table',
      heading: `Canary evidence, ring ${v.ring}: ${VERDICT_TEXT[v.verdict]} (${v.samples} instance${v.samples === 1 ? '' : 's'} measured; previous version ${previous})`,
      columns: ['Figure', 'New (median)', 'New n', 'Previous (median)', 'Previous n', 'Ratio', 'Limit', 'Verdict'],
      rows: v.comparisons.map((c) => [
        figureLabel(c.figure),
        c.current === undefined ? '–' : formatValue(c.current, c.unit), c.currentN,
        c.previous === undefined ? '–' : formatValue(c.previous, c.unit), c.previousN,
        c.ratio === undefined ? '–' : `${c.ratio.toFixed(2)}x`, `${c.limit}x`, VERDICT_TEXT[c.verdict],
      ]),
    };
    const timed = v.comparisons.filter((c) => c.unit === 'ms');
    if (timed.length === 0) return [table];
    const chart: SummarySection = {
      kind: 'mermaid',
      heading: `Ring ${v.ring}: previous (first bars) vs new (second bars), seconds`,
      source: barChart(`Ring ${v.ring} canary, ${VERDICT_TEXT[v.verdict]}`, 'seconds', timed.map((c) => figureLabel(c.figure)), [
        { name: 'previous', values: timed.map((c) => (c.previous === undefined ? undefined : c.previous / 1000)) },
        { name: 'new', values: timed.map((c) => (c.current === undefined ? undefined : c.current / 1000)) },
      ]),
    };
    return [table, chart];
  });
}
