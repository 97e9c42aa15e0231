import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { scanStep } from '../../../src/steps/scan.js';
import { fixture } from './fixtures.js';
import { context } from './scan-context.js';

describe('scan step', () => {
  it('passes with warnings, writes SARIF and report JSON, and returns counts and a summary', async () => {
    const { ctx, rec } = context();
    const inputs = scanStep.resolve(
      { reports: [fixture('trivy/alpine-310.json.golden'), fixture('trivy/alpine-310.sarif.golden')], 'end-of-support-severity': 'low' },
      undefined,
    );
    const result = await scanStep.run(inputs, ctx);
    // Trivy JSON: 4 MEDIUM and Alpine 3.10 end of support (rated low here); Trivy's SARIF of the same image holds
    // the same 4 (package read from the message).
    expect(result.outputs).toMatchObject({ passed: true, critical: 0, high: 0, medium: 4, low: 1, unknown: 0, info: 0 });
    expect(JSON.parse(String(result.outputs.counts))).toEqual({ critical: 0, high: 0, medium: 4, low: 1, unknown: 0, info: 0 });
    expect(result.warnings).toEqual([expect.stringMatching(/5 finding\(s\) remain below/)]);
    expect(rec.lines).toContain('info 4 duplicate finding(s) counted once.');
    const sarif = JSON.parse(readFileSync(String(result.outputs['sarif-file']), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(5);
    const report = JSON.parse(readFileSync(String(result.outputs['report-file']), 'utf8')) as { passed: boolean; findings: { id: string }[] };
    expect(report).toMatchObject({ passed: true });
    expect(report.findings).toHaveLength(5);
    expect(report.findings.map((f) => f.id)).toContain('EOSL-alpine-3.10.2');
    expect(result.summary?.status).toBe('Passed: 0 critical, 0 high, 4 medium, 1 low, 0 unknown, 0 info');
    expect(rec.lines.filter((l) => l.startsWith('group')).length).toBe(rec.lines.filter((l) => l === 'endgroup').length);
  });

  it('fails the policy with StepFailure carrying outputs and summary; files are still written', async () => {
    const { ctx } = context();
    const inputs = scanStep.resolve({ reports: [fixture('trivy/debian-buster.json.golden')], 'fail-on': 'critical' }, undefined);
    const error: unknown = await scanStep.run(inputs, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    const failure = error as StepFailure;
    expect(failure.cause).toMatchObject({ code: 'E_SCAN_POLICY_FAILED' });
    expect(failure.message).toMatch(/fail-on severity critical: 1 critical/);
    expect(failure.outputs).toMatchObject({ passed: false, critical: 1, low: 1 });
    expect(failure.summary?.status).toMatch(/^Failed/);
    expect(readFileSync(String(failure.outputs['sarif-file']), 'utf8')).toContain('CVE-2019-18224');
  });

  it('image.yaml scan section applies, and inputs override it', async () => {
    const config: ImageConfig = { scan: { failOn: 'none', allowlist: [{ id: 'CVE-2019-18224', reason: 'patched in bake', expires: '2026-06-30' }] } };
    const fromConfig = scanStep.resolve({ reports: [fixture('trivy/debian-buster.json.golden')] }, config);
    expect(fromConfig.policy.failOn).toBe('none');
    const { ctx } = context();
    const result = await scanStep.run(fromConfig, ctx);
    expect(result.outputs).toMatchObject({ passed: true, critical: 0, low: 1 });
    const overridden = scanStep.resolve({ reports: ['x'], 'fail-on': 'low', 'ignore-unfixed': true }, config);
    expect(overridden.policy).toMatchObject({ failOn: 'low', ignoreUnfixed: true });
    expect(overridden.policy.allowlist).toHaveLength(1);
  });

  it('expired allowlist entry warns and the finding fails the gate again', async () => {
    const { ctx, rec } = context(Date.parse('2026-07-01T00:00:00Z'));
    const inputs = scanStep.resolve(
      { reports: [fixture('trivy/debian-buster.json.golden')], allowlist: [{ id: 'CVE-2019-18224', reason: 'patched in bake', expires: '2026-06-30' }] },
      undefined,
    );
    const error: unknown = await scanStep.run(inputs, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    expect(rec.lines).toContain('warn Allowlist entry CVE-2019-18224 expired on 2026-06-30 and no longer suppresses; renew or remove it (reason was: patched in bake).');
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no reports and no path', {}, /Input reports or path is required/],
    ['bad max-counts', { reports: ['a'], 'max-counts': { high: -1 } }, /Scan policy max-counts .*scan\.maxCounts\.high/],
    ['allowlist entry without reason', { reports: ['a'], allowlist: [{ id: 'CVE-1', expires: '2026-01-01' }] }, /Scan policy allowlist/],
    ['pass rate not a number', { reports: ['a'], 'openscap-min-pass-rate': 'most' }, /openscap-min-pass-rate/],
  ])('resolve rejects %s naming the input', (_name, parsed, message) => {
    expect(() => scanStep.resolve(parsed, undefined)).toThrow(message);
  });

  it('secret findings never copy the matched secret into SARIF, report or summary', async () => {
    const { ctx, rec } = context();
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const file = path.join(ctx.workDir, 'secrets.json');
    writeFileSync(file, JSON.stringify({
      SchemaVersion: 2,
      ArtifactName: 'rootfs',
      Results: [{ Target: 'home/ci/.bashrc', Class: 'secret', Secrets: [{ RuleID: 'github-pat', Category: 'GitHub', Severity: 'CRITICAL', Title: 'GitHub Personal Access Token', StartLine: 3, EndLine: 3, Match: `export GH=${token}`, Code: { Lines: [{ Content: token }] } }] }],
    }));
    const inputs = scanStep.resolve({ reports: [file], 'fail-on': 'none' }, undefined);
    const result = await scanStep.run(inputs, ctx);
    expect(result.outputs.critical).toBe(1);
    const written = readFileSync(String(result.outputs['sarif-file']), 'utf8') + readFileSync(String(result.outputs['report-file']), 'utf8');
    expect(written).toContain('github-pat');
    expect(written).not.toContain(token);
    expect(JSON.stringify(result.summary)).not.toContain(token);
    expect(rec.lines.join('\n')).not.toContain(token);
  });
});
