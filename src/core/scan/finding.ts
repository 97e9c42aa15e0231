/**
 * The normalised finding model every report format is parsed into, so policy, SARIF and the summary
 * never need to know which scanner produced a finding.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FindingKind = 'vulnerability' | 'misconfiguration' | 'secret' | 'compliance' | 'code' | 'end-of-support';

/** Whether a fix exists: `ignore-unfixed` suppresses everything that is not `fixed`. */
export type FixState = 'fixed' | 'not-fixed' | 'wont-fix' | 'unknown';

export type ReportFormat = 'trivy' | 'grype' | 'sarif' | 'xccdf' | 'arf' | 'cyclonedx';

export interface Finding {
  /** Vulnerability id (CVE-…, GHSA-…) or rule id. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  title: string;
  /** Scanner that reported it (trivy, grype, the SARIF driver name, openscap). */
  tool: string;
  /** Report file it came from. */
  source: string;
  packageName?: string;
  installedVersion?: string;
  fixedVersion?: string;
  fixState: FixState;
  /** What was scanned: image, rootfs, disk, file. */
  target?: string;
  location?: { uri: string; line?: number };
  url?: string;
  /** Set when the report itself says the finding does not apply (VEX not_affected, Trivy status, SARIF suppression). */
  suppressedBy?: string;
}

/** One XCCDF rule-result, kept for pass-rate and required-rule checks. */
export interface ComplianceResult {
  ruleId: string;
  /** XCCDF result: pass, fail, error, unknown, notapplicable, notchecked, notselected, informational, fixed. */
  result: string;
  severity: Severity;
  title?: string;
  source: string;
}

export interface ParsedReport {
  file: string;
  format: ReportFormat;
  tool: string;
  findings: Finding[];
  compliance: ComplianceResult[];
}

export type SeverityCounts = Record<Severity, number>;

// unknown ranks above info: an unrated finding may be anything, an informational one is known to need no action.
const RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, unknown: 1, info: 0 };

/** Orders severities: positive when `a` is more severe than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b];
}

/** A representative score inside each GitHub band, so SARIF shows the severity the policy used. */
export function scoreForSeverity(severity: Severity): string {
  return { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', unknown: '0.0', info: '0.0' }[severity];
}

/** Zero counts for every severity. */
export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, info: 0 };
}

/** Counts findings per severity. */
export function countBySeverity(findings: Iterable<Finding>): SeverityCounts {
  const counts = emptyCounts();
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/**
 * Identity for de-duplication: the same vulnerability in the same package version is one finding whichever
 * scanner or report found it; other kinds are identified by rule and location.
 */
export function findingKey(f: Finding): string {
  if (f.kind === 'vulnerability' && f.packageName !== undefined) {
    return ['v', f.id, f.packageName, f.installedVersion ?? ''].join('\u0000');
  }
  return [f.kind, f.id, f.target ?? '', f.location?.uri ?? '', String(f.location?.line ?? ''), f.packageName ?? '', f.title].join('\u0000');
}
