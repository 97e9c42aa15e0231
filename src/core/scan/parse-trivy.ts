import type { Finding, FixState, ParsedReport } from './finding.js';
import { reportInvalid, type JsonObject } from './report-input.js';
import { at, checkShape, type ReportPath } from './report-shape.js';
import { noEntries } from './report-shapes/entries.js';
import { trivyDocument, trivyMisconfiguration, trivySecret, trivyVulnerability } from './report-shapes/trivy-shape.js';
import { readSeverity, type ParseOptions } from './severity.js';

/** Trivy `Status` values (pkg/types/vulnerability status) mapped to whether a fix exists. */
function trivyFixState(status: string | undefined, fixedVersion: string | undefined): FixState {
  if (fixedVersion !== undefined) return 'fixed';
  switch (status) {
    case 'fixed':
      return 'fixed';
    case 'will_not_fix':
    case 'end_of_life':
      return 'wont-fix';
    case 'affected':
    case 'fix_deferred':
    case 'under_investigation':
      return 'not-fixed';
    default:
      return 'unknown';
  }
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** Trivy sets Metadata.OS.EOSL when the distribution no longer gets security updates: a finding of its own. */
function endOfSupportFinding(file: string, os: { Family?: string; Name?: string } | undefined, artifact: string | undefined, options: ParseOptions): Finding {
  const name = [os?.Family, os?.Name].filter((p) => p !== undefined && p !== '').join(' ') || 'the operating system';
  return {
    id: `EOSL-${name.replace(/\s+/g, '-')}`,
    kind: 'end-of-support',
    severity: options.endOfSupportSeverity ?? 'high',
    title: `${name} is out of support (Trivy Metadata.OS.EOSL): it gets no more security fixes, so the scan cannot show what remains unfixed`,
    tool: 'trivy',
    source: file,
    packageName: os?.Family,
    installedVersion: os?.Name,
    fixState: 'not-fixed',
    target: artifact,
  };
}

/**
 * Parses Trivy JSON SchemaVersion 2 (image, rootfs, fs, repository and `trivy vm` output): vulnerabilities,
 * failed misconfigurations, secrets and an end-of-support OS. Secret matches are never copied: they would leak.
 */
export function parseTrivy(file: string, raw: JsonObject, options: ParseOptions = {}): ParsedReport {
  if (raw.SchemaVersion !== 2) {
    throw reportInvalid(file, `Trivy SchemaVersion ${String(raw.SchemaVersion)} is not supported (expected 2; use Trivy 0.20 or later)`);
  }
  const root: ReportPath = { file, path: '$' };
  const doc = checkShape(trivyDocument, raw, root);
  const artifact = nonEmpty(doc.ArtifactName);
  const findings: Finding[] = [];
  if (doc.Metadata?.OS?.EOSL === true) findings.push(endOfSupportFinding(file, doc.Metadata.OS, artifact, options));
  (doc.Results ?? []).forEach((result, r) => {
    const here = at(root, 'Results', r);
    const target = nonEmpty(result.Target) ?? artifact;
    (result.Vulnerabilities ?? noEntries).forEach((value, i) => {
      const where = at(here, 'Vulnerabilities', i);
      const vuln = checkShape(trivyVulnerability, value, where);
      const fixedVersion = nonEmpty(vuln.FixedVersion);
      const finding: Finding = {
        id: vuln.VulnerabilityID,
        kind: 'vulnerability',
        severity: readSeverity(vuln.Severity, at(where, 'Severity'), options),
        title: nonEmpty(vuln.Title) ?? vuln.VulnerabilityID,
        tool: 'trivy',
        source: file,
        packageName: nonEmpty(vuln.PkgName),
        installedVersion: nonEmpty(vuln.InstalledVersion),
        fixedVersion,
        fixState: trivyFixState(vuln.Status, fixedVersion),
        target,
        url: nonEmpty(vuln.PrimaryURL),
      };
      if (vuln.Status === 'not_affected') finding.suppressedBy = 'Trivy status not_affected';
      findings.push(finding);
    });
    (result.Misconfigurations ?? noEntries).forEach((value, i) => {
      const where = at(here, 'Misconfigurations', i);
      const mis = checkShape(trivyMisconfiguration, value, where);
      // PASS and EXCEPTION entries are checks that succeeded or were excepted in Trivy itself.
      if (mis.Status !== 'FAIL') return;
      const id = nonEmpty(mis.ID) ?? mis.AVDID ?? '';
      findings.push({
        id,
        kind: 'misconfiguration',
        severity: readSeverity(mis.Severity, at(where, 'Severity'), options),
        title: nonEmpty(mis.Title) ?? nonEmpty(mis.Message) ?? id,
        tool: 'trivy',
        source: file,
        fixState: 'unknown',
        target,
        location: target === undefined ? undefined : { uri: target, line: mis.CauseMetadata?.StartLine },
        url: nonEmpty(mis.PrimaryURL),
      });
    });
    (result.Secrets ?? noEntries).forEach((value, i) => {
      const where = at(here, 'Secrets', i);
      const secret = checkShape(trivySecret, value, where);
      findings.push({
        id: secret.RuleID,
        kind: 'secret',
        severity: readSeverity(secret.Severity, at(where, 'Severity'), options),
        title: nonEmpty(secret.Title) ?? secret.RuleID,
        tool: 'trivy',
        source: file,
        fixState: 'unknown',
        target,
        location: target === undefined ? undefined : { uri: target, line: secret.StartLine },
      });
    });
  });
  return { file, format: 'trivy', tool: 'trivy', findings, compliance: [] };
}
