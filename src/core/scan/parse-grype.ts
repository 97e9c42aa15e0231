import type { Finding, FixState, ParsedReport } from './finding.js';
import { asObject, asString, type JsonObject } from './report-input.js';
import { at, checkShape, type ReportPath } from './report-shape.js';
import { grypeDocument, grypeMatch } from './report-shapes/grype-shape.js';
import { readSeverity, type ParseOptions } from './severity.js';

type GrypeFix = { versions?: string[] | null; state?: string } | undefined;

function grypeFixState(fix: GrypeFix, oldFixedIn: string | undefined): { state: FixState; version?: string } {
  // Old schema (grype < 0.10): vulnerability.fixedInVersion; current: vulnerability.fix {versions, state}.
  if (fix === undefined) return oldFixedIn === undefined || oldFixedIn === '' ? { state: 'unknown' } : { state: 'fixed', version: oldFixedIn };
  const versions = (fix.versions ?? []).filter((v) => v !== '');
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

function grypeTarget(source: { target?: unknown } | undefined): string | undefined {
  const target = source?.target;
  return asString(target) ?? asString(asObject(target)?.userInput);
}

/** Parses Grype JSON (`-o json`), current and old schema. `ignoredMatches` are already suppressed by Grype. */
export function parseGrype(file: string, raw: JsonObject, options: ParseOptions = {}): ParsedReport {
  const root: ReportPath = { file, path: '$' };
  const doc = checkShape(grypeDocument, raw, root);
  const target = grypeTarget(doc.source);
  const findings: Finding[] = doc.matches.map((value, i) => {
    const where = at(root, 'matches', i);
    const { vulnerability: vuln, artifact } = checkShape(grypeMatch, value, where);
    const fix = grypeFixState(vuln.fix, vuln.fixedInVersion);
    const location = asString(artifact.locations?.[0]?.path);
    return {
      id: vuln.id,
      kind: 'vulnerability',
      severity: readSeverity(vuln.severity, at(where, 'vulnerability', 'severity'), options),
      title: asString(vuln.description) ?? vuln.id,
      tool: 'grype',
      source: file,
      packageName: asString(artifact.name),
      installedVersion: asString(artifact.version),
      fixedVersion: fix.version,
      fixState: fix.state,
      target,
      location: location === undefined ? undefined : { uri: location },
      url: asString(vuln.dataSource) ?? asString(vuln.urls?.[0]),
    };
  });
  return { file, format: 'grype', tool: 'grype', findings, compliance: [] };
}
