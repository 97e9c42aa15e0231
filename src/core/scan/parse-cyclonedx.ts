import type { Finding, ParsedReport, Severity } from './finding.js';
import { compareSeverity } from './finding.js';
import { asObject, asString, type JsonObject } from './report-input.js';
import type { Entries } from './json-entries.js';
import { at, checkShape, type ReportPath } from './report-shape.js';
import { noEntries } from './report-shapes/entries.js';
import { cyclonedxComponent, cyclonedxDocument, cyclonedxVulnerability, type CycloneDxVulnerability } from './report-shapes/cyclonedx-shape.js';
import { readSeverity, severityFromScore, type ParseOptions } from './severity.js';

/** VEX analysis states that mean the vulnerability does not need action. */
const SUPPRESSING_STATES = new Set(['not_affected', 'resolved', 'resolved_with_pedigree', 'false_positive']);

type Component = { name: string; version?: string };

/**
 * A vulnerability's severity: the rating from the vulnerability's own source when present (what Trivy and
 * Grype report as the primary severity), otherwise the most severe rating. `none` and `info` are informational.
 */
function cdxSeverity(vuln: CycloneDxVulnerability, where: ReportPath, options: ParseOptions): Severity {
  const sourceName = vuln.source?.name;
  let best: Severity | undefined;
  for (const [i, rating] of (vuln.ratings ?? []).entries()) {
    let severity = readSeverity(rating.severity, at(where, 'ratings', i, 'severity'), options);
    if (severity === 'unknown' && rating.score !== undefined) severity = severityFromScore(rating.score);
    if (sourceName !== undefined && rating.source?.name === sourceName && severity !== 'unknown') return severity;
    if (best === undefined || compareSeverity(severity, best) > 0) best = severity;
  }
  return best ?? 'unknown';
}

function collectComponents(list: Entries | undefined, where: ReportPath, into: Map<string, Component>): void {
  (list ?? noEntries).forEach((value, i) => {
    const here = at(where, i);
    const component = checkShape(cyclonedxComponent, value, here);
    if (component['bom-ref'] !== undefined) into.set(component['bom-ref'], component);
    collectComponents(component.components, at(here, 'components'), into);
  });
}

/** Parses a CycloneDX BOM/VEX (JSON): one finding per vulnerability and affected component. */
export function parseCycloneDx(file: string, raw: JsonObject, options: ParseOptions = {}): ParsedReport {
  const root: ReportPath = { file, path: '$' };
  const doc = checkShape(cyclonedxDocument, raw, root);
  const components = new Map<string, Component>();
  collectComponents(doc.components, at(root, 'components'), components);
  const tools = asObject(asObject(raw.metadata)?.tools)?.components;
  const tool = (Array.isArray(tools) ? asString(asObject(tools[0])?.name) : undefined) ?? 'cyclonedx';
  const findings: Finding[] = [];
  (doc.vulnerabilities ?? noEntries).forEach((value, i) => {
    const where = at(root, 'vulnerabilities', i);
    const vuln = checkShape(cyclonedxVulnerability, value, where);
    const severity = cdxSeverity(vuln, where, options);
    const state = vuln.analysis?.state;
    const affects = (vuln.affects ?? []).map((a) => a.ref);
    for (const ref of affects.length > 0 ? affects : [undefined]) {
      const component = ref === undefined ? undefined : components.get(ref);
      const finding: Finding = {
        id: vuln.id,
        kind: 'vulnerability',
        severity,
        title: asString(vuln.description) ?? vuln.id,
        tool,
        source: file,
        packageName: asString(component?.name) ?? ref,
        installedVersion: asString(component?.version),
        // CycloneDX states a fix only as free text (recommendation); treat it as "fix known" when present.
        fixState: asString(vuln.recommendation) !== undefined ? 'fixed' : 'unknown',
        url: asString(vuln.source?.url),
      };
      if (state !== undefined && SUPPRESSING_STATES.has(state)) finding.suppressedBy = `VEX ${state}`;
      findings.push(finding);
    }
  });
  return { file, format: 'cyclonedx', tool, findings, compliance: [] };
}
