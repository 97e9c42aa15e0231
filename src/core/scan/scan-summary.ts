import type { Summary, SummarySection } from '../summary/summary.js';
import { SEVERITIES } from './finding.js';
import type { MergedReports } from './load-reports.js';
import type { PolicyOutcome } from './evaluate-policy.js';

const TOP = 10;

/** The job summary: verdict, counts per severity, the most severe findings, compliance, failures. */
export function buildScanSummary(merged: MergedReports, outcome: PolicyOutcome): Summary {
  const total = outcome.active.length;
  const sections: SummarySection[] = [
    {
      kind: 'table',
      heading: 'Findings by severity',
      columns: ['Severity', 'Count'],
      rows: SEVERITIES.map((s) => [s, outcome.counts[s]]),
    },
  ];
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
  if (outcome.compliance?.passRate !== undefined) {
    const c = outcome.compliance;
    sections.push({
      kind: 'text',
      heading: 'OpenSCAP',
      text: `Pass rate ${c.passRate?.toFixed(1)}%: ${c.pass} pass, ${c.fail} fail, ${c.undecided} error/unknown, ${c.notEvaluated} not evaluated.`,
    });
  }
  if (outcome.failures.length > 0) sections.push({ kind: 'text', heading: 'Policy failures', text: outcome.failures.map((f) => `- ${f}`).join('\n') });
  if (outcome.warnings.length > 0) sections.push({ kind: 'text', heading: 'Warnings', text: outcome.warnings.map((w) => `- ${w}`).join('\n') });
  if (outcome.suppressed.length > 0) {
    sections.push({
      kind: 'details',
      summary: `${outcome.suppressed.length} suppressed finding(s)`,
      text: outcome.suppressed.map((s) => `${s.finding.id} ${s.finding.packageName ?? ''}: ${s.reason}`).join('\n'),
    });
  }
  sections.push({
    kind: 'details',
    summary: `${merged.reports.length} report(s) read, ${merged.duplicates} duplicate finding(s) merged`,
    text: merged.reports.map((r) => `${r.file} (${r.format}, ${r.tool}): ${r.findings} finding(s)`).join('\n'),
  });
  const counts = SEVERITIES.map((s) => `${outcome.counts[s]} ${s}`).join(', ');
  return { title: 'Image scan', status: `${outcome.passed ? 'Passed' : 'Failed'}: ${counts}`, sections };
}
