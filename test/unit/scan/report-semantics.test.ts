import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import { failureExitCode } from '../../../src/runtime/shared/failure.js';
import { scanStep } from '../../../src/steps/scan.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { fixture } from './fixtures.js';
import { context } from './scan-context.js';

// The readable-but-tricky cases of issue 14 point 1, through the scan step: what they count as and how they show.

async function scan(parsed: Record<string, unknown>, config?: ImageConfig) {
  const { ctx, rec } = context();
  const inputs = scanStep.resolve(parsed, config);
  const outcome = await scanStep.run(inputs, ctx).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return { ctx, rec, outcome };
}

function reportFile(ctx: { workDir: string }, name: string, content: unknown): string {
  const file = path.join(ctx.workDir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const severe = { SchemaVersion: 2, Results: [{ Target: 'img', Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'a', InstalledVersion: '1', Severity: 'SEVERE' }] }] };

describe('severities', () => {
  it('a made-up severity counts once mapped by severity-map (any case), and then fails fail-on low', async () => {
    const { ctx } = context();
    const file = reportFile(ctx, 'severe.json', severe);
    const { outcome } = await scan({ reports: [file], 'fail-on': 'low', 'severity-map': { severe: 'high' } });
    expect(outcome.ok).toBe(false);
    const failure = (outcome as { error: StepFailure }).error;
    expect(failure).toBeInstanceOf(StepFailure);
    expect(failure.outputs).toMatchObject({ passed: false, high: 1 });
  });

  it('image.yaml scan.severityMap maps it too; an invalid target severity is E_INPUT_INVALID naming severity-map', async () => {
    const { ctx } = context();
    const file = reportFile(ctx, 'severe.json', severe);
    const { outcome } = await scan({ reports: [file], 'fail-on': 'none' }, { scan: { severityMap: { SEVERE: 'low' } } });
    expect(outcome.ok && outcome.result.outputs).toMatchObject({ low: 1 });
    expect(() => scanStep.resolve({ reports: [file], 'severity-map': { SEVERE: 'awful' } }, undefined)).toThrow(/Scan policy severity-map/);
  });

  it('CycloneDX severity none and info are informational: counted as info, below fail-on low', async () => {
    const { ctx } = context();
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ 'bom-ref': 'pkg:a', name: 'a', version: '1' }],
      vulnerabilities: [
        { id: 'CVE-N', ratings: [{ severity: 'none' }], affects: [{ ref: 'pkg:a' }] },
        { id: 'CVE-I', ratings: [{ severity: 'info' }], affects: [{ ref: 'pkg:a' }] },
      ],
    };
    const { outcome } = await scan({ reports: [reportFile(ctx, 'vex.json', bom)], 'fail-on': 'low' });
    expect(outcome.ok && outcome.result.outputs).toMatchObject({ passed: true, low: 0, unknown: 0, info: 2 });
  });
});

describe('Trivy end of support', () => {
  it('Metadata.OS.EOSL: true in the real alpine 3.10 golden file is a high finding by default and fails the default gate', async () => {
    const { outcome } = await scan({ reports: [fixture('trivy/alpine-310.json.golden')] });
    const failure = (outcome as { error: StepFailure }).error;
    expect(failure).toBeInstanceOf(StepFailure);
    expect(failure.message).toMatch(/fail-on severity high: 1 high/);
    expect(failureExitCode(failure)).toBe(1);
    const report = JSON.parse(readFileSync(String(failure.outputs['report-file']), 'utf8')) as { findings: { id: string; kind: string; severity: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'EOSL-alpine-3.10.2', kind: 'end-of-support', severity: 'high' }));
  });

  it('end-of-support-severity sets its severity; a report without EOSL has no such finding', async () => {
    const rated = await scan({ reports: [fixture('trivy/alpine-310.json.golden')], 'end-of-support-severity': 'critical', 'fail-on': 'none' });
    expect(rated.outcome.ok && rated.outcome.result.outputs).toMatchObject({ critical: 1, medium: 4 });
    const supported = await scan({ reports: [fixture('trivy/debian-buster.json.golden')], 'fail-on': 'none' });
    expect(supported.outcome.ok && supported.outcome.result.outputs).toMatchObject({ critical: 1, high: 0, low: 1 });
  });
});

const testResult = (results: string[]): string =>
  '<?xml version="1.0"?><Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_b"><TestResult id="xccdf_t_testresult_1">' +
  results.map((r, i) => `<rule-result idref="xccdf_r_${i}" severity="medium"><result>${r}</result></rule-result>`).join('') +
  '</TestResult></Benchmark>';

describe('OpenSCAP undecided and empty evaluations', () => {
  it('every undecided result is counted and shown in the summary and the JSON report', async () => {
    const { ctx } = context();
    const undecided = ['error', 'unknown', 'notchecked', 'notapplicable', 'notselected', 'informational', 'fixed'];
    const file = reportFile(ctx, 'undecided.xml', testResult(['pass', 'fail', ...undecided]));
    const { outcome } = await scan({ reports: [file], 'fail-on': 'none' });
    expect(outcome.ok).toBe(true);
    const result = (outcome as { result: Awaited<ReturnType<typeof scanStep.run>> }).result;
    const openscap = result.summary?.sections.find((s) => s.kind === 'text' && s.heading === 'OpenSCAP');
    const text = openscap?.kind === 'text' ? openscap.text : '';
    // pass + fixed pass; error + unknown are undecided; the other four were not evaluated: 2 of 5 = 40%.
    expect(text).toContain('Pass rate 40.0%: 2 pass, 1 fail, 2 error/unknown, 4 not evaluated.');
    for (const r of ['pass', 'fail', ...undecided]) expect(text).toContain(`1 ${r}`);
    const report = JSON.parse(readFileSync(String(result.outputs['report-file']), 'utf8')) as { compliance: { byResult: Record<string, number> } };
    expect(report.compliance.byResult).toEqual(Object.fromEntries(['pass', 'fail', ...undecided].map((r) => [r, 1])));
  });

  it('a report where nothing was evaluated is shown and warned about; with openscap-min-pass-rate it fails the gate', async () => {
    const { ctx } = context();
    const file = reportFile(ctx, 'empty.xml', testResult(['notselected', 'notapplicable', 'notchecked']));
    const open = await scan({ reports: [file] });
    expect(open.outcome.ok).toBe(true);
    const result = (open.outcome as { result: Awaited<ReturnType<typeof scanStep.run>> }).result;
    expect((result.warnings ?? []).join('\n')).toContain(`OpenSCAP evaluated no rule in ${file} (1 notselected, 1 notapplicable, 1 notchecked)`);
    expect(JSON.stringify(result.summary)).toContain('No rule was evaluated (no pass rate)');
    const gated = await scan({ reports: [file], 'openscap-min-pass-rate': '0' });
    const failure = (gated.outcome as { error: StepFailure }).error;
    expect(failure).toBeInstanceOf(StepFailure);
    expect(failure.cause).toMatchObject({ code: 'E_SCAN_POLICY_FAILED' });
    expect(failure.message).toContain('OpenSCAP pass rate required (0%) but no rule was evaluated');
    expect(failure.message).toContain(`OpenSCAP evaluated no rule in ${file}`);
  });

  it('one empty report among evaluated ones still fails the min-pass-rate gate', async () => {
    const { ctx } = context();
    const empty = reportFile(ctx, 'empty.xml', testResult(['notselected']));
    const { outcome } = await scan({ reports: [empty, fixture('openscap/openscap-report-xccdf_rule_and_cpe_check.xml')], 'fail-on': 'none', 'openscap-min-pass-rate': '10' });
    expect((outcome as { error: StepFailure }).error.message).toContain(`OpenSCAP evaluated no rule in ${empty} (1 notselected)`);
  });
});
