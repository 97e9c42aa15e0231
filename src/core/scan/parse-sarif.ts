import type { Finding, ParsedReport, Severity } from './finding.js';
import { asNumber, asString, reportInvalid, type JsonObject } from './report-input.js';
import { at, checkShape, type ReportPath } from './report-shape.js';
import { sarifDocument, sarifResult, type SarifRule } from './report-shapes/sarif-shape.js';
import { readSeverity, severityFromScore, type ParseOptions } from './severity.js';

// SARIF level `none` means "not a problem" (§3.27.10): informational.
const LEVEL_SEVERITY: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

/** Severity from a property bag: GitHub's numeric `security-severity` first, then a `severity` word. */
function severityFromProperties(props: Readonly<Record<string, unknown>> | undefined, where: ReportPath, options: ParseOptions): Severity | undefined {
  const rawScore = props?.['security-severity'];
  if (rawScore !== undefined) {
    const score = asNumber(rawScore);
    if (score === undefined || score < 0 || score > 10) {
      throw reportInvalid(where.file, `${at(where, 'security-severity').path}: expected a score from 0.0 to 10.0, got ${JSON.stringify(rawScore)}`);
    }
    return severityFromScore(score);
  }
  const word = props?.severity;
  if (word === undefined) return undefined;
  if (typeof word !== 'string') throw reportInvalid(where.file, `${at(where, 'severity').path}: expected a severity word, got ${JSON.stringify(word)}`);
  return readSeverity(word, at(where, 'severity'), options);
}

interface PackageRef {
  name: string;
  version: string;
  fixed?: string;
}

/**
 * Vulnerability scanners put the package only in the message text: Trivy as "Package: x\nInstalled Version: y",
 * Grype as "package: x, version y". Recovering it lets a SARIF finding merge with the same scanner's JSON.
 */
function packageFromMessage(text: string): PackageRef | undefined {
  const trivyName = /^Package: (\S+)$/m.exec(text)?.[1];
  const trivyVersion = /^Installed Version: (\S+)$/m.exec(text)?.[1];
  if (trivyName !== undefined && trivyVersion !== undefined) {
    return { name: trivyName, version: trivyVersion, fixed: /^Fixed Version: (\S+)$/m.exec(text)?.[1] };
  }
  const grype = /\bpackage: ([^,\s]+), version (\S+)/.exec(text);
  if (grype?.[1] !== undefined && grype[2] !== undefined) return { name: grype[1], version: grype[2] };
  return undefined;
}

/**
 * Parses SARIF 2.1.0 from any tool. Severity order: the result's properties, the rule's properties
 * (security-severity, then severity), then the level (error→high, warning→medium, note→low, none→info).
 * Results of kind pass/notApplicable/informational are not findings; suppressed results are kept but marked.
 */
export function parseSarif(file: string, raw: JsonObject, options: ParseOptions = {}): ParsedReport {
  if (raw.version !== '2.1.0') {
    throw reportInvalid(file, `SARIF version ${String(raw.version)} is not supported (expected 2.1.0)`);
  }
  const root: ReportPath = { file, path: '$' };
  const doc = checkShape(sarifDocument, raw, root);
  const findings: Finding[] = [];
  doc.runs.forEach((run, r) => {
    const runPath = at(root, 'runs', r);
    const tool = asString(run.tool.driver.name) ?? 'sarif';
    const rulesByIndex = run.tool.driver.rules ?? [];
    const rulesById = new Map<string, { rule: SarifRule; index: number }>();
    rulesByIndex.forEach((rule, index) => {
      if (rule.id !== undefined && !rulesById.has(rule.id)) rulesById.set(rule.id, { rule, index });
    });
    run.results.forEach((value, i) => {
      const where = at(runPath, 'results', i);
      const result = checkShape(sarifResult, value, where);
      const kind = result.kind ?? 'fail';
      if (kind !== 'fail' && kind !== 'open' && kind !== 'review') return;
      const index = result.ruleIndex ?? result.rule?.index;
      const ruleId = asString(result.ruleId) ?? asString(result.rule?.id);
      const byId = ruleId !== undefined ? rulesById.get(ruleId) : undefined;
      const ruleIndex = byId?.index ?? (index !== undefined && index >= 0 && index < rulesByIndex.length ? index : undefined);
      const rule = ruleIndex === undefined ? undefined : rulesByIndex[ruleIndex];
      const rulePath = at(runPath, 'tool', 'driver', 'rules', ruleIndex ?? 0, 'properties');
      const id = ruleId ?? asString(rule?.id) ?? 'unknown-rule';
      const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
      const severity =
        severityFromProperties(result.properties, at(where, 'properties'), options) ??
        severityFromProperties(rule?.properties, rulePath, options) ??
        LEVEL_SEVERITY[level] ??
        'unknown';
      const physical = result.locations?.[0]?.physicalLocation;
      const uri = asString(physical?.artifactLocation?.uri);
      const text = asString(result.message.text) ?? asString(rule?.shortDescription?.text) ?? id;
      const pkg = packageFromMessage(text);
      // Grype names rules "<vuln id>-<package>"; the vulnerability id alone is what other reports use.
      const vulnId = pkg !== undefined && id.endsWith(`-${pkg.name}`) ? id.slice(0, -pkg.name.length - 1) : id;
      const finding: Finding = {
        id: vulnId,
        kind: pkg === undefined ? 'code' : 'vulnerability',
        severity,
        title: pkg === undefined ? text : (asString(rule?.shortDescription?.text) ?? vulnId),
        tool,
        source: file,
        packageName: pkg?.name,
        installedVersion: pkg?.version,
        fixedVersion: pkg?.fixed,
        fixState: pkg?.fixed !== undefined ? 'fixed' : 'unknown',
        location: uri === undefined ? undefined : { uri, line: physical?.region?.startLine },
        url: asString(rule?.helpUri),
      };
      // An accepted (or status-less) suppression means the producer already dismissed it.
      if ((result.suppressions ?? []).some((s) => s.status === undefined || s.status === 'accepted')) finding.suppressedBy = 'SARIF suppression';
      findings.push(finding);
    });
  });
  return { file, format: 'sarif', tool: asString(doc.runs[0]?.tool.driver.name) ?? 'sarif', findings, compliance: [] };
}
