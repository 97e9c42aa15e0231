import type { Finding, FixState, ParsedReport } from './finding.js';
import { parseSeverity } from './finding.js';
import { asArray, asNumber, asObject, asString, reportInvalid, type JsonObject } from './report-input.js';

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

/**
 * Parses Trivy JSON SchemaVersion 2 (image, rootfs, fs, repository and `trivy vm` output): vulnerabilities,
 * failed misconfigurations and secrets. Secret matches are never copied: they would leak the secret.
 */
export function parseTrivy(file: string, doc: JsonObject): ParsedReport {
  if (doc.SchemaVersion !== 2) {
    throw reportInvalid(file, `Trivy SchemaVersion ${String(doc.SchemaVersion)} is not supported (expected 2; use Trivy 0.20 or later)`);
  }
  const artifact = asString(doc.ArtifactName);
  const findings: Finding[] = [];
  for (const resultValue of asArray(doc.Results)) {
    const result = asObject(resultValue);
    if (result === undefined) continue;
    const target = asString(result.Target) ?? artifact;
    for (const v of asArray(result.Vulnerabilities)) {
      const vuln = asObject(v);
      const id = asString(vuln?.VulnerabilityID);
      if (vuln === undefined || id === undefined) continue;
      const status = asString(vuln.Status);
      const fixedVersion = asString(vuln.FixedVersion);
      const finding: Finding = {
        id,
        kind: 'vulnerability',
        severity: parseSeverity(vuln.Severity),
        title: asString(vuln.Title) ?? id,
        tool: 'trivy',
        source: file,
        packageName: asString(vuln.PkgName),
        installedVersion: asString(vuln.InstalledVersion),
        fixedVersion,
        fixState: trivyFixState(status, fixedVersion),
        target,
        url: asString(vuln.PrimaryURL),
      };
      if (status === 'not_affected') finding.suppressedBy = 'Trivy status not_affected';
      findings.push(finding);
    }
    for (const m of asArray(result.Misconfigurations)) {
      const mis = asObject(m);
      const id = asString(mis?.ID) ?? asString(mis?.AVDID);
      // PASS and EXCEPTION entries are checks that succeeded or were excepted in Trivy itself.
      if (mis === undefined || id === undefined || mis.Status !== 'FAIL') continue;
      const cause = asObject(mis.CauseMetadata);
      const line = asNumber(cause?.StartLine);
      findings.push({
        id,
        kind: 'misconfiguration',
        severity: parseSeverity(mis.Severity),
        title: asString(mis.Title) ?? asString(mis.Message) ?? id,
        tool: 'trivy',
        source: file,
        fixState: 'unknown',
        target,
        location: target === undefined ? undefined : { uri: target, line },
        url: asString(mis.PrimaryURL),
      });
    }
    for (const s of asArray(result.Secrets)) {
      const secret = asObject(s);
      const id = asString(secret?.RuleID);
      if (secret === undefined || id === undefined) continue;
      findings.push({
        id,
        kind: 'secret',
        severity: parseSeverity(secret.Severity),
        title: asString(secret.Title) ?? id,
        tool: 'trivy',
        source: file,
        fixState: 'unknown',
        target,
        location: target === undefined ? undefined : { uri: target, line: asNumber(secret.StartLine) },
      });
    }
  }
  return { file, format: 'trivy', tool: 'trivy', findings, compliance: [] };
}
