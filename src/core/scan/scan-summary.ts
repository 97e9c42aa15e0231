import type { Summary, SummarySection } from '../summary/summary.js';
import { describeResults, type ComplianceOutcome, type PolicyOutcome } from './evaluate-policy.js';
import { SEVERITIES } from './finding.js';
import type { CheckResult } from './image-checks.js';
import type { MergedReports } from './load-reports.js';

const TOP = 10;
const SUPPRESSED_SHOWN = 100;

/** One line per OpenSCAP outcome: every result value is counted, and an evaluation of nothing says so. */
function complianceText(c: ComplianceOutcome): string {
  const rate = c.passRate === undefined ? 'No rule was evaluated (no pass rate)' : `Pass rate ${c.passRate.toFixed(1)}%`;
  const lines = [`${rate}: ${c.pass} pass, ${c.fail} fail, ${c.undecided} error/unknown, ${c.notEvaluated} not evaluated.`];
  lines.push(`Results: ${describeResults(c.byResult)}.`);
  for (const file of c.emptyReports) lines.push(`${file}: no rule evaluated.`);
  return lines.join('\n');
}

/** The job summary: verdict, counts per severity, image checks, the most severe findings, compliance, failures. */
export function buildScanSummary(merged: MergedReports, outcome: PolicyOutcome, checks: readonly CheckResult[] = []): Summary {
  const total = outcome.active.length;
  const sections: SummarySection[] = [
    {
      kind: 'table',
      heading: 'Findings by severity',
      columns: ['Severity', 'Count'],
      rows: SEVERITIES.map((s) => [s, outcome.counts[s]]),
    },
  ];
  if (checks.length > 0) {
    sections.push({ kind: 'table', heading: 'Image checks', columns: ['Check', 'Result', 'Detail'], rows: checks.map((r) => [r.check, r.passed ? 'pass' : 'fail', r.detail]) });
  }
  if (total > 0) {
    sections.push({
      kind: 'table',
      heading: total > TOP ? `Top ${TOP} of ${total} findings` : 'Findings',
      columns: ['Severity', 'Id', 'Package', 'Installed', 'Fixed in', 'Tool'],
      rows: outcome.active
        .slice(0, TOP)
        .map((f) => [f.severity, f.id, f.packageName ?? f.target ?? '', f.installedVersion ?? '', f.fixedVersion ?? '', f.tool]),
    });
  }
  if (outcome.compliance !== undefined) sections.push({ kind: 'text', heading: 'OpenSCAP', text: complianceText(outcome.compliance) });
  if (outcome.failures.length > 0) sections.push({ kind: 'text', heading: 'Policy failures', text: outcome.failures.map((f) => `- ${f}`).join('\n') });
  if (outcome.warnings.length > 0) sections.push({ kind: 'text', heading: 'Warnings', text: outcome.warnings.map((w) => `- ${w}`).join('\n') });
  if (outcome.suppressed.length > 0) {
    sections.push({
      kind: 'details',
      summary: `${outcome.suppressed.length} suppressed finding(s)`,
      // A summary is read by people and size-limited by runners; the JSON report lists them all.
      text: [
        ...outcome.suppressed.slice(0, SUPPRESSED_SHOWN).map((s) => `${s.finding.id} ${s.finding.packageName ?? ''}: ${s.reason}`),
        ...(outcome.suppressed.length > SUPPRESSED_SHOWN ? [`… and ${outcome.suppressed.length - SUPPRESSED_SHOWN} more in the JSON report.`] : []),
      ].join('\n'),
    });
  }
  sections.push({
    kind: 'details',
    summary: `${merged.reports.length} report(s) read, ${merged.duplicates} duplicate finding(s) merged`,
    text: merged.reports
      .map((r) => `${r.file} (${r.format}, ${r.tool}): ${r.findings} finding(s)${r.results === undefined ? '' : `; rule-results: ${describeResults(r.results)}`}`)
      .join('\n'),
  });
  const counts = SEVERITIES.map((s) => `${outcome.counts[s]} ${s}`).join(', ');
  return { title: 'Image scan', status: `${outcome.passed ? 'Passed' : 'Failed'}: ${counts}`, sections };
}
