import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';
import { fixture, repoRoot } from '../../unit/scan/fixtures.js';

// The committed bundle (dist/) run through actions/scan/action.yml and tasks/ScanImageV1/task.json, as the
// GitHub runner and the Azure DevOps agent run them. Scanning reports never needs Azure credentials.
const reports = [fixture('trivy/debian-buster.json.golden'), fixture('grype/grype-TestJsonImgsPresenter.golden')].join('\n');

/** Issue 14: a Trivy report whose Results is an object holding a CRITICAL used to pass `fail-on: low` with 0 findings. */
function resultsObjectReport(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scan-e2e-')), 'trivy.json');
  writeFileSync(file, JSON.stringify({ SchemaVersion: 2, Results: { Target: 'disk.img', Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-1', Severity: 'CRITICAL' }] } }));
  return file;
}

describe('scan as a GitHub Action', () => {
  it('passes with a warning, writes outputs, SARIF and the job summary', async () => {
    const run = await runGithubAction(join(repoRoot, 'actions/scan'), { reports, 'fail-on': 'none' });
    expect(run.exitCode, run.log + run.stderr).toBe(0);
    // debian-buster: 1 critical + 1 low; grype snapshot: 1 critical + 1 low; no overlap.
    expect(run.outputs).toMatchObject({ passed: 'true', critical: '2', high: '0', medium: '0', low: '2', unknown: '0' });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file'] ?? '', 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(4);
    expect(run.summary).toContain('Image scan');
    expect(run.summary).toContain('CVE-2019-18224');
    expect(run.annotations).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/4 finding\(s\) remain below/) }));
    expect(run.groups).toContain('Reports');
  });

  it('fails the gate with E_SCAN_POLICY_FAILED but still writes outputs and the summary', async () => {
    const run = await runGithubAction(join(repoRoot, 'actions/scan'), { reports, 'fail-on': 'critical' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(run.outputs.critical).toBe('2');
    expect(run.annotations[0]?.message).toMatch(/^E_SCAN_POLICY_FAILED: Image scan failed the policy: Findings at or above fail-on severity critical: 2 critical\./);
    expect(run.summary).toContain('Policy failures');
  });

  it('an unreadable report (the SARIF schema: JSON, but no report) fails with E_REPORT_INVALID naming the file', async () => {
    const run = await runGithubAction(join(repoRoot, 'actions/scan'), { reports: fixture('sarif/sarif-2.1.0-rtm.5.json') });
    // A user error that changed nothing exits 2 on every surface.
    expect(run.exitCode).toBe(2);
    // The SARIF *schema* is JSON but no report format: unknown format, named.
    expect(run.annotations[0]?.message).toContain(`E_REPORT_INVALID: Scan report ${fixture('sarif/sarif-2.1.0-rtm.5.json')} cannot be read: unknown format`);
  });
});

describe('scan with a malformed report, through every runtime', () => {
  const bad = resultsObjectReport();
  const expected = `E_REPORT_INVALID: Scan report ${bad} cannot be read: $.Results: expected array, received object`;

  it('GitHub Action: fails with the code, the file and the JSON path', async () => {
    const run = await runGithubAction(join(repoRoot, 'actions/scan'), { reports: bad, 'fail-on': 'low' });
    expect(run.exitCode).toBe(2);
    expect(run.outputs.passed).toBeUndefined();
    expect(run.annotations[0]?.message).toContain(expected);
  });

  it('Azure DevOps task: Failed with the same message', async () => {
    const run = await runAzdoTask(join(repoRoot, 'tasks/ScanImageV1'), { reports: bad, failOn: 'low', azureSubscription: 'conn-1' });
    expect(run.result).toBe('Failed');
    expect(run.resultMessage).toContain(expected);
  });

  it('CLI: exit code 2 (a user error) with the same message', async () => {
    const run = await runCliProcess('bin/image-publish.mjs', ['scan', '--reports', bad, '--fail-on', 'low']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(2);
    expect(run.stderr + run.stdout).toContain(expected);
  });
});

describe('scan as an Azure DevOps task', () => {
  it('only warnings left: SucceededWithIssues, output variables and an uploaded summary', async () => {
    const run = await runAzdoTask(join(repoRoot, 'tasks/ScanImageV1'), { reports, failOn: 'none', azureSubscription: 'conn-1' });
    expect(run.result, run.log + run.stderr).toBe('SucceededWithIssues');
    expect(run.outputs).toMatchObject({ passed: 'true', critical: '2', low: '2' });
    expect(run.summaries[0]).toContain('CVE-2019-18224');
  });

  it('a failing gate is Failed with the policy message', async () => {
    const run = await runAzdoTask(join(repoRoot, 'tasks/ScanImageV1'), { reports, failOn: 'high', azureSubscription: 'conn-1' });
    expect(run.result).toBe('Failed');
    expect(run.resultMessage).toMatch(/^E_SCAN_POLICY_FAILED: /);
    expect(run.outputs.passed).toBe('false');
  });
});
