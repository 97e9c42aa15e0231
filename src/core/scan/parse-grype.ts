import type { Finding, FixState, ParsedReport } from './finding.js';
import { parseSeverity } from './finding.js';
import { asArray, asObject, asString, type JsonObject } from './report-input.js';

function grypeFixState(fix: JsonObject | undefined, oldFixedIn: string | undefined): { state: FixState; version?: string } {
  // Old schema (grype < 0.10): vulnerability.fixedInVersion; current: vulnerability.fix {versions, state}.
  if (fix === undefined) return oldFixedIn === undefined ? { state: 'unknown' } : { state: 'fixed', version: oldFixedIn };
  const versions = asArray(fix.versions).map(asString).filter((v): v is string => v !== undefined);
  switch (fix.state) {
    case 'fixed':
      return { state: 'fixed', version: versions[0] };
    case 'not-fixed':
      return { state: 'not-fixed' };
    case 'wont-fix':
      return { state: 'wont-fix' };
    default:
      return versions.length > 0 ? { state: 'fixed', version: versions[0] } : { state: 'unknown' };
  }
}

function grypeTarget(doc: JsonObject): string | undefined {
  const source = asObject(doc.source);
  const target = source?.target;
  return asString(target) ?? asString(asObject(target)?.userInput);
}

/** Parses Grype JSON (`-o json`), current and old schema. `ignoredMatches` are already suppressed by Grype. */
export function parseGrype(file: string, doc: JsonObject): ParsedReport {
  const target = grypeTarget(doc);
  const findings: Finding[] = [];
  for (const m of asArray(doc.matches)) {
    const match = asObject(m);
    const vuln = asObject(match?.vulnerability);
    const artifact = asObject(match?.artifact);
    const id = asString(vuln?.id);
    if (vuln === undefined || id === undefined) continue;
    const fix = grypeFixState(asObject(vuln.fix), asString(vuln.fixedInVersion));
    const location = asString(asObject(asArray(artifact?.locations)[0])?.path);
    findings.push({
      id,
      kind: 'vulnerability',
      severity: parseSeverity(vuln.severity),
      title: asString(vuln.description) ?? id,
      tool: 'grype',
      source: file,
      packageName: asString(artifact?.name),
      installedVersion: asString(artifact?.version),
      fixedVersion: fix.version,
      fixState: fix.state,
      target,
      location: location === undefined ? undefined : { uri: location },
      url: asString(vuln.dataSource) ?? asString(asArray(vuln.urls)[0]),
    });
  }
  return { file, format: 'grype', tool: 'grype', findings, compliance: [] };
}
