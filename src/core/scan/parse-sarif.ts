import type { Finding, ParsedReport, Severity } from './finding.js';
import { parseSeverity, severityFromScore } from './finding.js';
import { asArray, asNumber, asObject, asString, reportInvalid, type JsonObject } from './report-input.js';

const LEVEL_SEVERITY: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'unknown' };

/** Severity from a property bag: GitHub's numeric `security-severity` first, then a `severity` word. */
function severityFromProperties(props: JsonObject | undefined): Severity | undefined {
  const score = asNumber(props?.['security-severity']);
  if (score !== undefined) return severityFromScore(score);
  const word = parseSeverity(props?.severity);
  return word === 'unknown' ? undefined : word;
}

function ruleTable(run: JsonObject): { byId: Map<string, JsonObject>; byIndex: JsonObject[] } {
  const driver = asObject(asObject(run.tool)?.driver);
  const byIndex = asArray(driver?.rules).map((r) => asObject(r) ?? {});
  const byId = new Map<string, JsonObject>();
  for (const rule of byIndex) {
    const id = asString(rule.id);
    if (id !== undefined) byId.set(id, rule);
  }
  return { byId, byIndex };
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
 * (security-severity, then severity), then the level (error→high, warning→medium, note→low).
 * Results of kind pass/notApplicable/informational are not findings; suppressed results are kept but marked.
 */
export function parseSarif(file: string, doc: JsonObject): ParsedReport {
  if (doc.version !== '2.1.0') {
    throw reportInvalid(file, `SARIF version ${String(doc.version)} is not supported (expected 2.1.0)`);
  }
  const findings: Finding[] = [];
  let firstTool: string | undefined;
  for (const runValue of asArray(doc.runs)) {
    const run = asObject(runValue);
    if (run === undefined) continue;
    const tool = asString(asObject(asObject(run.tool)?.driver)?.name) ?? 'sarif';
    firstTool ??= tool;
    const rules = ruleTable(run);
    for (const resultValue of asArray(run.results)) {
      const result = asObject(resultValue);
      if (result === undefined) continue;
      const kind = asString(result.kind) ?? 'fail';
      if (kind !== 'fail' && kind !== 'open' && kind !== 'review') continue;
      const ruleRef = asObject(result.rule);
      const index = asNumber(result.ruleIndex) ?? asNumber(ruleRef?.index);
      const ruleId = asString(result.ruleId) ?? asString(ruleRef?.id);
      const rule = (ruleId !== undefined ? rules.byId.get(ruleId) : undefined) ?? (index !== undefined ? rules.byIndex[index] : undefined);
      const id = ruleId ?? asString(rule?.id) ?? 'unknown-rule';
      const ruleProps = asObject(rule?.properties);
      const level = asString(result.level) ?? asString(asObject(rule?.defaultConfiguration)?.level) ?? 'warning';
      const severity =
        severityFromProperties(asObject(result.properties)) ?? severityFromProperties(ruleProps) ?? LEVEL_SEVERITY[level] ?? 'unknown';
      const physical = asObject(asObject(asArray(result.locations)[0])?.physicalLocation);
      const uri = asString(asObject(physical?.artifactLocation)?.uri);
      const message = asObject(result.message);
      const text = asString(message?.text) ?? asString(asObject(rule?.shortDescription)?.text) ?? id;
      const pkg = packageFromMessage(text);
      // Grype names rules "<vuln id>-<package>"; the vulnerability id alone is what other reports use.
      const vulnId = pkg !== undefined && id.endsWith(`-${pkg.name}`) ? id.slice(0, -pkg.name.length - 1) : id;
      const finding: Finding = {
        id: vulnId,
        kind: pkg === undefined ? 'code' : 'vulnerability',
        severity,
        title: pkg === undefined ? text : (asString(asObject(rule?.shortDescription)?.text) ?? vulnId),
        tool,
        source: file,
        packageName: pkg?.name,
        installedVersion: pkg?.version,
        fixedVersion: pkg?.fixed,
        fixState: pkg?.fixed !== undefined ? 'fixed' : 'unknown',
        location: uri === undefined ? undefined : { uri, line: asNumber(asObject(physical?.region)?.startLine) },
        url: asString(rule?.helpUri),
      };
      const suppressions = asArray(result.suppressions).map(asObject);
      // An accepted (or status-less) suppression means the producer already dismissed it.
      if (suppressions.some((s) => s !== undefined && (s.status === undefined || s.status === 'accepted'))) {
        finding.suppressedBy = 'SARIF suppression';
      }
      findings.push(finding);
    }
  }
  return { file, format: 'sarif', tool: firstTool ?? 'sarif', findings, compliance: [] };
}
