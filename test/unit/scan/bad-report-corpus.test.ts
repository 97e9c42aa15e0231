import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { loadReport } from '../../../src/core/scan/load-reports.js';
import { failureExitCode, failureText } from '../../../src/runtime/shared/failure.js';
import { scanStep } from '../../../src/steps/scan.js';
import { context } from './scan-context.js';

/*
 * Malformed reports from issue 14 point 1 (and their neighbours, one per shape the parsers read). Each must be an
 * error naming the file and the JSON path or XML element: before, most of them read as "0 findings, passed".
 * Every case runs twice: through the parser (code, file, path) and through the scan step as the runtimes call it
 * with `fail-on: low` (the exit code the runtimes give it, and that no output file claims a pass).
 */

const dir = mkdtempSync(path.join(tmpdir(), 'scan-corpus-'));

const trivy = (results: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({ SchemaVersion: 2, ArtifactName: 'disk.img', ...extra, Results: results });
const vuln = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ VulnerabilityID: 'CVE-2024-0001', PkgName: 'openssl', InstalledVersion: '3.0.1', Severity: 'CRITICAL', ...extra });
const grype = (matches: unknown): string => JSON.stringify({ matches, source: { type: 'image', target: 'img' } });
const match = (vulnerability: unknown, artifact: unknown = { name: 'zlib', version: '1.2' }): Record<string, unknown> => ({ vulnerability, artifact });
const sarifDoc = (results: unknown, rules: unknown[] = [{ id: 'R1' }]): string =>
  JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'lint', rules } }, results }] });
const cdx = (extra: Record<string, unknown>): string => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', ...extra });
const cdxVuln = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id: 'CVE-2024-2', ratings: [{ severity: 'high' }], affects: [{ ref: 'pkg:a' }], ...extra });
const xccdf = (ruleResults: string): string =>
  `<?xml version="1.0"?><TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_t_testresult_1">${ruleResults}</TestResult>`;
const arf = (ruleResults: string): string =>
  `<?xml version="1.0"?><arf:asset-report-collection xmlns:arf="http://scap.nist.gov/schema/asset-reporting-format/1.1"><arf:reports><arf:report id="r1"><arf:content>` +
  `<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_t_testresult_1">${ruleResults}</TestResult></arf:content></arf:report></arf:reports></arf:asset-report-collection>`;
const pass = '<rule-result idref="xccdf_r_ok" severity="low"><result>pass</result></rule-result>';

type Case = [name: string, file: string, content: string, code: string, where: string];

const corpus: Case[] = [
  // Trivy
  ['Trivy Results is an object holding a CRITICAL finding', 'trivy-results-object.json', trivy({ Target: 'disk.img', Vulnerabilities: [vuln()] }), 'E_REPORT_INVALID', '$.Results: expected array, received object'],
  ['Trivy Vulnerabilities is an object', 'trivy-vulns-object.json', trivy([{ Target: 'x', Vulnerabilities: { 'CVE-2024-0001': vuln() } }]), 'E_REPORT_INVALID', '$.Results[0].Vulnerabilities: expected array, received object'],
  ['Trivy Vulnerabilities is a string', 'trivy-vulns-string.json', trivy([{ Target: 'x', Vulnerabilities: 'CVE-2024-0001' }]), 'E_REPORT_INVALID', '$.Results[0].Vulnerabilities: expected array, received string'],
  ['Trivy Vulnerabilities holds null', 'trivy-vulns-null.json', trivy([{ Target: 'x', Vulnerabilities: [vuln(), null] }]), 'E_REPORT_INVALID', '$.Results[0].Vulnerabilities[1]: expected object, received null'],
  ['Trivy Results holds null', 'trivy-result-null.json', trivy([null]), 'E_REPORT_INVALID', '$.Results[0]: expected object, received null'],
  ['Trivy vulnerability without VulnerabilityID', 'trivy-no-id.json', trivy([{ Vulnerabilities: [vuln({ VulnerabilityID: undefined })] }]), 'E_REPORT_INVALID', '$.Results[0].Vulnerabilities[0].VulnerabilityID: expected string, received undefined'],
  ['Trivy Severity is a number', 'trivy-severity-number.json', trivy([{ Vulnerabilities: [vuln({ Severity: 4 })] }]), 'E_REPORT_INVALID', '$.Results[0].Vulnerabilities[0].Severity: expected string, received number'],
  ['Trivy made-up severity SEVERE', 'trivy-severe.json', trivy([{ Vulnerabilities: [vuln({ Severity: 'SEVERE' })] }]), 'E_SEVERITY_UNMAPPED', '$.Results[0].Vulnerabilities[0].Severity has severity "SEVERE"'],
  ['Trivy Misconfigurations holds a string', 'trivy-misconf-string.json', trivy([{ Misconfigurations: ['DS002'] }]), 'E_REPORT_INVALID', '$.Results[0].Misconfigurations[0]: expected object, received string'],
  ['Trivy misconfiguration without ID or AVDID', 'trivy-misconf-noid.json', trivy([{ Misconfigurations: [{ Status: 'FAIL', Severity: 'HIGH' }] }]), 'E_REPORT_INVALID', '$.Results[0].Misconfigurations[0]: needs an ID or AVDID'],
  ['Trivy secret without RuleID', 'trivy-secret.json', trivy([{ Secrets: [{ Severity: 'HIGH' }] }]), 'E_REPORT_INVALID', '$.Results[0].Secrets[0].RuleID'],
  ['Trivy Metadata.OS.EOSL is a string', 'trivy-eosl-string.json', trivy([], { Metadata: { OS: { Family: 'debian', Name: '9', EOSL: 'true' } } }), 'E_REPORT_INVALID', '$.Metadata.OS.EOSL: expected boolean, received string'],
  // Grype
  ['Grype match with "vulnerability": null', 'grype-vuln-null.json', grype([match({ id: 'CVE-1', severity: 'High' }), match(null)]), 'E_REPORT_INVALID', '$.matches[1].vulnerability: expected object, received null'],
  ['Grype matches is an object', 'grype-matches-object.json', grype({ 'CVE-1': match({ id: 'CVE-1', severity: 'Critical' }) }), 'E_REPORT_INVALID', '$.matches: expected array, received object'],
  ['Grype match without artifact', 'grype-no-artifact.json', JSON.stringify({ matches: [{ vulnerability: { id: 'CVE-1', severity: 'High' } }] }), 'E_REPORT_INVALID', '$.matches[0].artifact: expected object, received undefined'],
  ['Grype vulnerability id is a number', 'grype-id-number.json', grype([match({ id: 1, severity: 'High' })]), 'E_REPORT_INVALID', '$.matches[0].vulnerability.id: expected string, received number'],
  ['Grype made-up severity', 'grype-severe.json', grype([match({ id: 'CVE-1', severity: 'Severe' })]), 'E_SEVERITY_UNMAPPED', '$.matches[0].vulnerability.severity has severity "Severe"'],
  // SARIF
  ['SARIF runs is an object', 'runs-object.sarif', JSON.stringify({ version: '2.1.0', runs: { tool: {} } }), 'E_REPORT_INVALID', '$.runs: expected array, received object'],
  ['SARIF results is null (the tool did not run)', 'results-null.sarif', sarifDoc(null), 'E_REPORT_INVALID', '$.runs[0].results: expected array, received null'],
  ['SARIF result is null', 'result-null.sarif', sarifDoc([null]), 'E_REPORT_INVALID', '$.runs[0].results[0]: expected object, received null'],
  ['SARIF result without message', 'no-message.sarif', sarifDoc([{ ruleId: 'R1' }]), 'E_REPORT_INVALID', '$.runs[0].results[0].message: expected object, received undefined'],
  ['SARIF level outside the spec', 'level.sarif', sarifDoc([{ ruleId: 'R1', level: 'fatal', message: { text: 'x' } }]), 'E_REPORT_INVALID', '$.runs[0].results[0].level'],
  ['SARIF security-severity not a score', 'score.sarif', sarifDoc([{ ruleId: 'R1', message: { text: 'x' }, properties: { 'security-severity': 'high' } }]), 'E_REPORT_INVALID', '$.runs[0].results[0].properties["security-severity"]: expected a score from 0.0 to 10.0'],
  ['SARIF rule with a made-up severity word', 'rule-severe.sarif', sarifDoc([{ ruleId: 'R1', message: { text: 'x' } }], [{ id: 'R1', properties: { severity: 'SEVERE' } }]), 'E_SEVERITY_UNMAPPED', '$.runs[0].tool.driver.rules[0].properties.severity has severity "SEVERE"'],
  // CycloneDX
  ['CycloneDX vulnerabilities is an object', 'cdx-vulns-object.json', cdx({ vulnerabilities: { 'CVE-1': cdxVuln() } }), 'E_REPORT_INVALID', '$.vulnerabilities: expected array, received object'],
  ['CycloneDX vulnerability holds null', 'cdx-vuln-null.json', cdx({ vulnerabilities: [null] }), 'E_REPORT_INVALID', '$.vulnerabilities[0]: expected object, received null'],
  ['CycloneDX made-up rating severity', 'cdx-severe.json', cdx({ vulnerabilities: [cdxVuln({ ratings: [{ severity: 'SEVERE' }] })] }), 'E_SEVERITY_UNMAPPED', '$.vulnerabilities[0].ratings[0].severity has severity "SEVERE"'],
  ['CycloneDX affects entry without ref', 'cdx-affects.json', cdx({ vulnerabilities: [cdxVuln({ affects: [{}] })] }), 'E_REPORT_INVALID', '$.vulnerabilities[0].affects[0].ref'],
  ['CycloneDX component without name', 'cdx-component.json', cdx({ components: [{ 'bom-ref': 'pkg:a', components: [{ 'bom-ref': 'pkg:b' }] }] }), 'E_REPORT_INVALID', '$.components[0].name'],
  ['CycloneDX nested component without name', 'cdx-nested.json', cdx({ components: [{ 'bom-ref': 'pkg:a', name: 'a', components: [{ 'bom-ref': 'pkg:b' }] }] }), 'E_REPORT_INVALID', '$.components[0].components[0].name'],
  ['CycloneDX analysis state outside the spec', 'cdx-state.json', cdx({ vulnerabilities: [cdxVuln({ analysis: { state: 'fine' } })] }), 'E_REPORT_INVALID', '$.vulnerabilities[0].analysis.state'],
  // OpenSCAP
  ['XCCDF rule-result without <result>', 'no-result.xml', xccdf(`${pass}<rule-result idref="xccdf_r_ssh" severity="high"><ident>CCE-1</ident></rule-result>`), 'E_REPORT_INVALID', '<TestResult[0]/rule-result[1]> (idref="xccdf_r_ssh") has no <result> element'],
  ['XCCDF result value outside the spec', 'passed.xml', xccdf('<rule-result idref="xccdf_r_ssh"><result>passed</result></rule-result>'), 'E_REPORT_INVALID', '<TestResult[0]/rule-result[0]/result> (idref="xccdf_r_ssh") is "passed"'],
  ['XCCDF rule-result without idref', 'no-idref.xml', xccdf('<rule-result><result>fail</result></rule-result>'), 'E_REPORT_INVALID', '<TestResult[0]/rule-result[0]> has no idref attribute'],
  ['XCCDF made-up severity', 'severe.xml', xccdf('<rule-result idref="xccdf_r_ssh" severity="severe"><result>fail</result></rule-result>'), 'E_SEVERITY_UNMAPPED', 'TestResult[0]/rule-result[0] severity has severity "severe"'],
  ['ARF rule-result without <result>', 'no-result.arf.xml', arf('<rule-result idref="xccdf_r_ssh"/>'), 'E_REPORT_INVALID', '<TestResult[0]/rule-result[0]> (idref="xccdf_r_ssh") has no <result> element'],
];

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('bad-report corpus: parser level', () => {
  it.each(corpus)('%s', async (_name, name, content, code, where) => {
    const file = write(name, content);
    const error: unknown = await loadReport(file).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe(code);
    const message = (error as Error).message;
    expect(message).toContain(`Scan report ${file}`);
    expect(message).toContain(where);
  });
});

describe('bad-report corpus: scan step with fail-on low, as the runtimes run it', () => {
  it.each(corpus)('%s: exit 2, no report written', async (_name, name, content, code) => {
    const file = write(`step-${name}`, content);
    const { ctx } = context();
    const inputs = scanStep.resolve({ reports: [file], 'fail-on': 'low' }, undefined);
    const error: unknown = await scanStep.run(inputs, ctx).then(() => undefined, (e: unknown) => e);
    expect(failureExitCode(error)).toBe(2);
    expect(failureText(error)).toMatch(new RegExp(`^${code}: Scan report ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(existsSync(path.join(ctx.workDir, 'image-scan.json'))).toBe(false);
    expect(existsSync(path.join(ctx.workDir, 'image-scan.sarif'))).toBe(false);
  });
});
