import type { Finding, ParsedReport, Severity } from './finding.js';
import { compareSeverity, parseSeverity, severityFromScore } from './finding.js';
import { asArray, asNumber, asObject, asString, type JsonObject } from './report-input.js';

/** VEX analysis states that mean the vulnerability does not need action. */
const SUPPRESSING_STATES = new Set(['not_affected', 'resolved', 'resolved_with_pedigree', 'false_positive']);

/**
 * A vulnerability's severity: the rating from the vulnerability's own source when present (what Trivy and
 * Grype report as the primary severity), otherwise the most severe rating.
 */
function cdxSeverity(vuln: JsonObject): Severity {
  const sourceName = asString(asObject(vuln.source)?.name);
  let best: Severity = 'unknown';
  for (const r of asArray(vuln.ratings)) {
    const rating = asObject(r);
    if (rating === undefined) continue;
    let severity = parseSeverity(rating.severity);
    const score = asNumber(rating.score);
    if (severity === 'unknown' && score !== undefined) severity = severityFromScore(score);
    if (sourceName !== undefined && asString(asObject(rating.source)?.name) === sourceName && severity !== 'unknown') return severity;
    if (compareSeverity(severity, best) > 0) best = severity;
  }
  return best;
}

/** Parses a CycloneDX BOM/VEX (JSON): one finding per vulnerability and affected component. */
export function parseCycloneDx(file: string, doc: JsonObject): ParsedReport {
  const components = new Map<string, JsonObject>();
  const collect = (list: unknown): void => {
    for (const c of asArray(list)) {
      const component = asObject(c);
      const ref = asString(component?.['bom-ref']);
      if (component === undefined) continue;
      if (ref !== undefined) components.set(ref, component);
      collect(component.components);
    }
  };
  collect(doc.components);
  const tool = asString(asObject(asArray(asObject(asObject(doc.metadata)?.tools)?.components)[0])?.name) ?? 'cyclonedx';
  const findings: Finding[] = [];
  for (const v of asArray(doc.vulnerabilities)) {
    const vuln = asObject(v);
    const id = asString(vuln?.id);
    if (vuln === undefined || id === undefined) continue;
    const severity = cdxSeverity(vuln);
    const analysis = asObject(vuln.analysis);
    const state = asString(analysis?.state);
    const affects = asArray(vuln.affects).map((a) => asString(asObject(a)?.ref)).filter((r): r is string => r !== undefined);
    for (const ref of affects.length > 0 ? affects : [undefined]) {
      const component = ref === undefined ? undefined : components.get(ref);
      const finding: Finding = {
        id,
        kind: 'vulnerability',
        severity,
        title: asString(vuln.description) ?? id,
        tool,
        source: file,
        packageName: asString(component?.name) ?? ref,
        installedVersion: asString(component?.version),
        // CycloneDX states a fix only as free text (recommendation); treat it as "fix known" when present.
        fixState: asString(vuln.recommendation) !== undefined ? 'fixed' : 'unknown',
        url: asString(asObject(vuln.source)?.url),
      };
      if (state !== undefined && SUPPRESSING_STATES.has(state)) finding.suppressedBy = `VEX ${state}`;
      findings.push(finding);
    }
  }
  return { file, format: 'cyclonedx', tool, findings, compliance: [] };
}
