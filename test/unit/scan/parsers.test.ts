import { describe, expect, it } from 'vitest';
import { countBySeverity, type Severity, type SeverityCounts } from '../../../src/core/scan/finding.js';
import { parseReport } from '../../../src/core/scan/detect-format.js';
import { mergeReports } from '../../../src/core/scan/load-reports.js';
import { fixture, readFixture } from './fixtures.js';

/*
 * Expected counts are computed here from the raw files with reductions written separately from the parsers
 * (plain loops over JSON.parse output, regexes over the XML), and each is also pinned to the number read by
 * hand with jq/grep (noted beside it), so a parser bug and a reducer bug would have to agree to pass.
 */

type Json = Record<string, unknown>;
const zero = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, unknown: 0, info: 0 });
const word = (s: unknown): Severity => {
  const w = String(s).toLowerCase();
  if (w === 'negligible') return 'low';
  if (w === 'none' || w === 'info') return 'info';
  return (['critical', 'high', 'medium', 'low'] as string[]).includes(w) ? (w as Severity) : 'unknown';
};
const band = (score: number): Severity => (score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score >= 0.1 ? 'low' : 'unknown');

function activeCounts(file: string): SeverityCounts {
  const report = parseReport(fixture(file), readFixture(file));
  return countBySeverity(report.findings.filter((f) => f.suppressedBy === undefined));
}

/**
 * Trivy: vulnerabilities whose Status is not not_affected, plus misconfigurations with Status FAIL, plus one
 * high finding when Metadata.OS.EOSL is true (the default end-of-support severity).
 */
function trivyExpected(file: string): SeverityCounts {
  const doc = JSON.parse(readFixture(file)) as { Results?: Json[]; Metadata?: { OS?: { EOSL?: boolean } } };
  const counts = zero();
  if (doc.Metadata?.OS?.EOSL === true) counts.high++;
  for (const r of doc.Results ?? []) {
    for (const v of (r.Vulnerabilities as Json[] | undefined) ?? []) if (v.Status !== 'not_affected') counts[word(v.Severity)]++;
    for (const m of (r.Misconfigurations as Json[] | undefined) ?? []) if (m.Status === 'FAIL') counts[word(m.Severity)]++;
  }
  return counts;
}

function grypeExpected(file: string): SeverityCounts {
  const doc = JSON.parse(readFixture(file)) as { matches: { vulnerability: Json }[] };
  const counts = zero();
  for (const m of doc.matches) counts[word(m.vulnerability.severity)]++;
  return counts;
}

/** SARIF: each result's rule security-severity, in GitHub's bands. */
function sarifExpected(file: string): SeverityCounts {
  const doc = JSON.parse(readFixture(file)) as { runs: { tool: { driver: { rules: Json[] } }; results: Json[] }[] };
  const counts = zero();
  for (const run of doc.runs) {
    for (const result of run.results) {
      const rule = run.tool.driver.rules.find((r) => r.id === result.ruleId) as { properties: Json };
      counts[band(Number(rule.properties['security-severity']))]++;
    }
  }
  return counts;
}

/** XCCDF: regex over the raw XML for rule-results whose result is fail, by their severity attribute. */
function xccdfExpected(file: string): SeverityCounts {
  const counts = zero();
  const re = /<rule-result\b[^>]*\bseverity="(\w+)"[^>]*>((?:(?!<\/rule-result>)[\s\S])*)<\/rule-result>/g;
  for (const m of readFixture(file).matchAll(re)) if (/<result>fail<\/result>/.test(m[2] ?? '')) counts[word(m[1])]++;
  return counts;
}

/** CycloneDX: the rating from the vulnerability's own source, else the most severe rating, once per affected ref. */
function cdxExpected(file: string): SeverityCounts {
  const doc = JSON.parse(readFixture(file)) as { vulnerabilities?: Json[] };
  const counts = zero();
  for (const v of doc.vulnerabilities ?? []) {
    const source = (v.source as Json | undefined)?.name;
    const ratings = v.ratings as Json[];
    const own = ratings.find((r) => (r.source as Json).name === source);
    const order: Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];
    const severity = own !== undefined ? word(own.severity) : order.find((s) => ratings.some((r) => word(r.severity) === s)) ?? 'unknown';
    counts[severity] += (v.affects as unknown[]).length;
  }
  return counts;
}

describe('report parsers on real scanner output: counts per severity', () => {
  it.each([
    // jq '[.Results[].Vulnerabilities[]|.Severity]': 4 MEDIUM; jq .Metadata.OS.EOSL: true (Alpine 3.10 is out of support)
    ['trivy/alpine-310.json.golden', { medium: 4, high: 1 }],
    // 1 CRITICAL (libidn2-0, fixed) + 1 LOW (bash, affected)
    ['trivy/debian-buster.json.golden', { critical: 1, low: 1 }],
    // trivy vm of an Ubuntu 22.04 disk: 1 HIGH
    ['trivy/ubuntu-gp2-x86-vm.json.golden', { high: 1 }],
    // 8 LOW, one per Status; the not_affected one is suppressed by Trivy itself
    ['trivy/defectdojo-all_statuses.json', { low: 7 }],
    // Misconfigurations: 1 HIGH FAIL (MisconfSummary Failures: 1)
    ['trivy/dockerfile.json.golden', { high: 1 }],
  ])('Trivy %s', (file, hand) => {
    expect(activeCounts(file)).toEqual(trivyExpected(file));
    expect(activeCounts(file)).toEqual({ ...zero(), ...hand });
  });

  it.each([
    ['grype/grype-TestJsonImgsPresenter.golden', { critical: 1, low: 1 }],
    ['grype/defectdojo-fix_not_available.json', { high: 1 }],
  ])('Grype %s', (file, hand) => {
    expect(activeCounts(file)).toEqual(grypeExpected(file));
    expect(activeCounts(file)).toEqual({ ...zero(), ...hand });
  });

  it.each([
    // rules' security-severity 5.3, 5.3 over 4 results
    ['trivy/alpine-310.sarif.golden', { medium: 4 }],
    // security-severity 8.2 and 8.5
    ['grype/grype-TestSarifPresenter_image.golden', { high: 2 }],
  ])('SARIF %s', (file, hand) => {
    expect(activeCounts(file)).toEqual(sarifExpected(file));
    expect(activeCounts(file)).toEqual({ ...zero(), ...hand });
  });

  it.each([
    // grep: 12 fail results: 1 high, 8 medium, 3 low
    ['openscap/openscap-test_xccdf_overrides.arf.xml', { high: 1, medium: 8, low: 3 }],
    // one fail, severity="unknown"
    ['openscap/openscap-report-xccdf_rule_and_cpe_check.xml', { unknown: 1 }],
  ])('OpenSCAP %s', (file, hand) => {
    expect(activeCounts(file)).toEqual(xccdfExpected(file));
    expect(activeCounts(file)).toEqual({ ...zero(), ...hand });
  });

  it.each([
    // CVE-2020-9548: own source ghsa rates critical; CVE-2021-20190: source glad has no rating, all others say high
    ['cyclonedx/trivy-pom-cyclonedx.json.golden', { critical: 1, high: 1 }],
    // an SBOM without a vulnerabilities section
    ['cyclonedx/bom-examples_SBOM_laravel-7.12.0_bom.1.4.json', {}],
  ])('CycloneDX %s', (file, hand) => {
    expect(activeCounts(file)).toEqual(cdxExpected(file));
    expect(activeCounts(file)).toEqual({ ...zero(), ...hand });
  });
});

describe('format detection and details', () => {
  it.each([
    ['trivy/alpine-310.json.golden', 'trivy', 'trivy'],
    ['grype/grype-TestJsonImgsPresenter.golden', 'grype', 'grype'],
    ['grype/grype-TestSarifPresenter_image.golden', 'sarif', 'grype'],
    ['trivy/alpine-310.sarif.golden', 'sarif', 'Trivy'],
    ['openscap/openscap-test_xccdf_overrides.arf.xml', 'arf', 'openscap'],
    ['openscap/openscap-report-xccdf_rule_and_cpe_check.xml', 'xccdf', 'openscap'],
    ['cyclonedx/trivy-pom-cyclonedx.json.golden', 'cyclonedx', 'trivy'],
  ])('%s is %s from %s', (file, format, tool) => {
    const report = parseReport(fixture(file), readFixture(file));
    expect(report.format).toBe(format);
    expect(report.tool).toBe(tool);
  });

  it('maps Trivy statuses and fixed versions to fix states', () => {
    const report = parseReport('s.json', readFixture('trivy/defectdojo-all_statuses.json'));
    const states = Object.fromEntries(report.findings.map((f) => [f.id, f.fixState]));
    expect(states).toMatchObject({
      'CVE-2011-3374': 'unknown',
      'TEMP-0841856-B18BAF': 'not-fixed',
      'CVE-2018-1000876': 'fixed',
      'CVE-2018-12697': 'not-fixed',
      'CVE-2018-12698': 'wont-fix',
      'CVE-2018-12699': 'not-fixed',
      'CVE-2018-12934': 'wont-fix',
    });
    expect(report.findings.find((f) => f.id === 'CVE-2019-18276')?.suppressedBy).toMatch(/not_affected/);
    const buster = parseReport('b.json', readFixture('trivy/debian-buster.json.golden'));
    expect(buster.findings.find((f) => f.id === 'CVE-2019-18224')).toMatchObject({ packageName: 'libidn2-0', fixedVersion: '2.0.5-1+deb10u1', fixState: 'fixed' });
  });

  it('reads Grype fix states from current and old schemas', () => {
    const current = parseReport('g.json', readFixture('grype/grype-TestJsonImgsPresenter.golden'));
    expect(current.findings.map((f) => [f.id, f.fixState, f.fixedVersion])).toEqual([
      ['CVE-1999-0001', 'fixed', '1.2.1'],
      ['CVE-1999-0002', 'unknown', undefined],
    ]);
    const old = parseReport('old.json', JSON.stringify({
      matches: [{ vulnerability: { id: 'CVE-2020-1', severity: 'Negligible', fixedInVersion: '1.2' }, artifact: { name: 'zlib', version: '1.1' } }],
      source: { type: 'image', target: 'alpine:3.12' },
      distro: { name: 'alpine' },
    }));
    expect(old.findings[0]).toMatchObject({ severity: 'low', fixState: 'fixed', fixedVersion: '1.2', target: 'alpine:3.12' });
  });

  it('keeps OpenSCAP rule results for pass-rate checks', () => {
    const arf = parseReport('a.xml', readFixture('openscap/openscap-test_xccdf_overrides.arf.xml'));
    const byResult: Record<string, number> = {};
    for (const c of arf.compliance) byResult[c.result] = (byResult[c.result] ?? 0) + 1;
    // grep -o '<result>[a-z]*</result>' | sort | uniq -c: 12 fail, 1 notchecked, 4 notselected, 11 pass
    expect(byResult).toEqual({ fail: 12, notchecked: 1, notselected: 4, pass: 11 });
    expect(arf.findings.find((f) => f.id.endsWith('no_empty_passwords'))).toMatchObject({ severity: 'high', kind: 'compliance' });
  });

  it('SARIF from Trivy and Grype: package and version recovered from the message, Grype rule suffix removed', () => {
    const trivy = parseReport('t.sarif', readFixture('trivy/alpine-310.sarif.golden'));
    expect(trivy.findings[0]).toMatchObject({ id: 'CVE-2019-1549', kind: 'vulnerability', packageName: 'libcrypto1.1', installedVersion: '1.1.1c-r0', fixedVersion: '1.1.1d-r0', fixState: 'fixed' });
    const grype = parseReport('g.sarif', readFixture('grype/grype-TestSarifPresenter_image.golden'));
    expect(grype.findings.map((f) => [f.id, f.packageName, f.installedVersion])).toEqual([
      ['CVE-1999-0001', 'package-1', '1.1.1'],
      ['CVE-1999-0002', 'package-2', '2.2.2'],
    ]);
    // Grype's SARIF and JSON of the same scan are the same two findings.
    const json = parseReport('g.json', readFixture('grype/grype-TestJsonImgsPresenter.golden'));
    expect(mergeReports([grype, json]).findings).toHaveLength(2);
  });

  it('SARIF: level and properties.severity when there is no security-severity; suppressions and pass results', () => {
    const doc = {
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'lint', rules: [{ id: 'R1', defaultConfiguration: { level: 'error' } }, { id: 'R2', properties: { severity: 'critical' } }] } },
        results: [
          { ruleId: 'R1', message: { text: 'a' } },
          { ruleId: 'R2', level: 'note', message: { text: 'b' } },
          { ruleId: 'R1', level: 'note', message: { text: 'c' } },
          { ruleId: 'R1', level: 'warning', message: { text: 'd' }, properties: { 'security-severity': '9.1' } },
          { ruleId: 'R1', kind: 'pass', message: { text: 'e' } },
          { ruleId: 'R1', message: { text: 'f' }, suppressions: [{ kind: 'external', status: 'accepted' }] },
        ],
      }],
    };
    const report = parseReport('lint.sarif', JSON.stringify(doc));
    expect(report.findings.map((f) => [f.title, f.severity, f.suppressedBy !== undefined])).toEqual([
      ['a', 'high', false],
      ['b', 'critical', false],
      ['c', 'low', false],
      ['d', 'critical', false],
      ['f', 'high', true],
    ]);
  });

  it('CycloneDX VEX not_affected and resolved suppress; in_triage does not', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [{ 'bom-ref': 'pkg:a', name: 'a', version: '1' }],
      vulnerabilities: ['not_affected', 'resolved', 'in_triage'].map((state, i) => ({
        id: `CVE-0-${i}`,
        ratings: [{ severity: 'high' }],
        analysis: { state },
        affects: [{ ref: 'pkg:a' }],
      })),
    };
    const report = parseReport('vex.json', JSON.stringify(bom));
    expect(report.findings.map((f) => [f.id, f.suppressedBy])).toEqual([
      ['CVE-0-0', 'VEX not_affected'],
      ['CVE-0-1', 'VEX resolved'],
      ['CVE-0-2', undefined],
    ]);
    expect(report.findings[2]).toMatchObject({ packageName: 'a', installedVersion: '1', severity: 'high' });
  });
});
