import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../src/core/scan/evaluate-policy.js';
import type { ComplianceResult, Finding, Severity } from '../../../src/core/scan/finding.js';
import { scanPolicySchema, type ScanPolicyInput } from '../../../src/core/scan/scan-policy.js';
import { parseReport } from '../../../src/core/scan/detect-format.js';
import { readFixture } from './fixtures.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');

function vuln(id: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return { id, kind: 'vulnerability', severity, title: id, tool: 'trivy', source: 'r.json', packageName: 'pkg', installedVersion: '1', fixState: 'fixed', ...extra };
}

function run(findings: Finding[], policy: ScanPolicyInput, compliance: ComplianceResult[] = []) {
  return evaluatePolicy(findings, compliance, scanPolicySchema.parse(policy), NOW);
}

describe('policy: fail-on and max counts', () => {
  const findings = [vuln('C1', 'critical'), vuln('H1', 'high'), vuln('M1', 'medium'), vuln('M2', 'medium'), vuln('L1', 'low'), vuln('U1', 'unknown'), vuln('I1', 'info')];
  it.each<[string, ScanPolicyInput, boolean, RegExp | undefined]>([
    ['default fail-on high fails on critical+high', {}, false, /fail-on severity high: 1 critical, 1 high/],
    ['fail-on critical', { failOn: 'critical' }, false, /1 critical/],
    ['fail-on none passes', { failOn: 'none' }, true, undefined],
    ['fail-on unknown counts every finding but informational ones', { failOn: 'unknown' }, false, /1 critical, 1 high, 2 medium, 1 low, 1 unknown\./],
    ['fail-on info counts every finding', { failOn: 'info' }, false, /1 critical, 1 high, 2 medium, 1 low, 1 unknown, 1 info\./],
    ['max medium 1 exceeded', { failOn: 'none', maxCounts: { medium: 1 } }, false, /2 medium findings exceed the maximum of 1/],
    ['max medium 2 holds', { failOn: 'none', maxCounts: { medium: 2 } }, true, undefined],
    ['max critical 0', { failOn: 'none', maxCounts: { critical: 0 } }, false, /1 critical findings exceed the maximum of 0/],
  ])('%s', (_name, policy, passed, failure) => {
    const outcome = run(findings, policy);
    expect(outcome.passed).toBe(passed);
    expect(outcome.counts).toEqual({ critical: 1, high: 1, medium: 2, low: 1, unknown: 1, info: 1 });
    if (failure) expect(outcome.failures.join('\n')).toMatch(failure);
    else expect(outcome.failures).toEqual([]);
  });

  it('active findings are sorted most severe first', () => {
    expect(run(findings, { failOn: 'none' }).active.map((f) => f.id)).toEqual(['C1', 'H1', 'M1', 'M2', 'L1', 'U1', 'I1']);
  });
});

describe('policy: suppressions', () => {
  it('ignore-unfixed drops vulnerabilities without a fix, not misconfigurations', () => {
    const findings = [
      vuln('A', 'high', { fixState: 'not-fixed' }),
      vuln('B', 'high', { fixState: 'wont-fix' }),
      vuln('C', 'high', { fixState: 'unknown' }),
      vuln('D', 'high', { fixState: 'fixed' }),
      { ...vuln('DS-1', 'high'), kind: 'misconfiguration' as const, fixState: 'unknown' as const },
    ];
    const outcome = run(findings, { ignoreUnfixed: true });
    expect(outcome.active.map((f) => f.id)).toEqual(['D', 'DS-1']);
    expect(outcome.suppressed.map((s) => s.reason)).toEqual(Array(3).fill('ignore-unfixed: no fixed version'));
    expect(run(findings, {}).active).toHaveLength(5);
  });

  it('ignore-unfixed on the real Trivy all-statuses report keeps only the fixed one', () => {
    // 8 LOW: not_affected suppressed by Trivy; of the other 7 only Status "fixed" (CVE-2018-1000876) has a fix.
    const report = parseReport('s.json', readFixture('trivy/defectdojo-all_statuses.json'));
    const outcome = run(report.findings, { failOn: 'none', ignoreUnfixed: true });
    expect(outcome.active.map((f) => f.id)).toEqual(['CVE-2018-1000876']);
    expect(outcome.suppressed).toHaveLength(7);
  });

  it.each<[string, string, boolean, boolean]>([
    // expires, suppresses?, warns?
    ['future expiry suppresses', '2026-12-31', true, false],
    ['expiry day itself still suppresses (end of day UTC)', '2026-03-10', true, false],
    ['expired yesterday: counts again and warns', '2026-03-09', false, true],
  ])('allowlist: %s', (_name, expires, suppresses, warns) => {
    const outcome = run([vuln('CVE-1', 'critical')], { allowlist: [{ id: 'CVE-1', reason: 'kernel not booted in image', expires }] });
    expect(outcome.passed).toBe(suppresses);
    expect(outcome.active.length).toBe(suppresses ? 0 : 1);
    const warning = outcome.warnings.find((w) => w.includes('expired'));
    if (warns) expect(warning).toBe(`Allowlist entry CVE-1 expired on ${expires} and no longer suppresses; renew or remove it (reason was: kernel not booted in image).`);
    else expect(warning).toBeUndefined();
    if (suppresses) expect(outcome.suppressed[0]?.reason).toBe(`allowlist until ${expires}: kernel not booted in image`);
  });

  it('allowlist entry with a package only matches that package', () => {
    const outcome = run([vuln('CVE-1', 'high', { packageName: 'openssl' }), vuln('CVE-1', 'high', { packageName: 'curl' })], {
      allowlist: [{ id: 'CVE-1', package: 'openssl', reason: 'r', expires: '2027-01-01' }],
    });
    expect(outcome.active.map((f) => f.packageName)).toEqual(['curl']);
  });

  it('producer suppressions (VEX, Trivy not_affected) are honoured', () => {
    const outcome = run([vuln('CVE-1', 'critical', { suppressedBy: 'VEX not_affected' })], {});
    expect(outcome.passed).toBe(true);
    expect(outcome.suppressed).toEqual([{ finding: expect.objectContaining({ id: 'CVE-1' }), reason: 'VEX not_affected' }]);
  });

  it('rejects allowlist entries without reason or with a bad expiry date', () => {
    expect(scanPolicySchema.safeParse({ allowlist: [{ id: 'CVE-1', expires: '2026-01-01' }] }).success).toBe(false);
    expect(scanPolicySchema.safeParse({ allowlist: [{ id: 'CVE-1', reason: 'x', expires: 'next year' }] }).success).toBe(false);
  });
});

describe('policy: OpenSCAP', () => {
  const arf = parseReport('arf.xml', readFixture('openscap/openscap-test_xccdf_overrides.arf.xml'));
  // 11 pass, 12 fail; notchecked/notselected are not evaluated: 11 / 23 = 47.83 %.
  it.each<[string, number, boolean]>([
    ['min pass rate 40 passes', 40, true],
    ['min pass rate 47.8 passes', 47.8, true],
    ['min pass rate 48 fails', 48, false],
  ])('%s', (_name, minPassRate, passed) => {
    const outcome = run([], { failOn: 'none', openscap: { minPassRate } }, arf.compliance);
    expect(outcome.compliance).toMatchObject({ pass: 11, fail: 12, undecided: 0, notEvaluated: 5 });
    expect(outcome.compliance?.passRate).toBeCloseTo((11 / 23) * 100, 5);
    expect(outcome.passed).toBe(passed);
    if (!passed) expect(outcome.failures[0]).toBe('OpenSCAP pass rate 47.8% is below the required 48% (11 of 23 rules pass).');
  });

  it('required rules: passing, failing, not evaluated', () => {
    const base = 'xccdf_org.ssgproject.content_rule_';
    const outcome = run([], { failOn: 'none', openscap: { requiredRules: [`${base}sshd_disable_empty_passwords`, `${base}no_empty_passwords`, `${base}no_such_rule`] } }, arf.compliance);
    expect(outcome.failures).toEqual([
      `Required OpenSCAP rule ${base}no_empty_passwords did not pass (result: fail).`,
      `Required OpenSCAP rule ${base}no_such_rule was not evaluated (not in any report); select it in the profile.`,
    ]);
  });

  it('min pass rate without any OpenSCAP report fails clearly', () => {
    expect(run([], { openscap: { minPassRate: 90 } }).failures).toEqual([
      'OpenSCAP pass rate required (90%) but no rule was evaluated in the reports.',
    ]);
  });
});
