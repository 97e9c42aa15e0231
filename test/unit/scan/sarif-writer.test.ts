import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildSarif, GITHUB_MAX_RESULTS_PER_RUN } from '../../../src/core/scan/sarif-writer.js';
import type { Finding, Severity } from '../../../src/core/scan/finding.js';
import { parseReport } from '../../../src/core/scan/detect-format.js';
import { mergeReports } from '../../../src/core/scan/load-reports.js';
import { readFixture } from './fixtures.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The fixture is the draft-04 SARIF 2.1.0 schema. Its only draft-04-specific keyword is the top-level `id`
 * (no boolean exclusiveMinimum/Maximum), so renaming it to `$id` gives the same constraints under draft-07.
 */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFixture('sarif/sarif-2.1.0-rtm.5.json')) as Record<string, unknown>;
  expect(JSON.stringify(schema)).not.toMatch(/exclusiveM(in|ax)imum/);
  const { id, $schema: _draft4, ...rest } = schema;
  // unicodeRegExp off: the schema's language pattern has a stray ']' that only the u flag rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: String(id), $schema: 'http://json-schema.org/draft-07/schema#' });
}

const validate = sarifValidator();

function finding(i: number, severity: Severity): Finding {
  return { id: `CVE-2024-${i}`, kind: 'vulnerability', severity, title: `t${i}`, tool: 'trivy', source: 'r.json', packageName: `p${i % 7}`, installedVersion: '1.0', fixState: 'fixed', target: 'disk.img (ubuntu 22.04)' };
}

describe('SARIF output', () => {
  it('the validator rejects invalid SARIF (so the passing checks below mean something)', () => {
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
    expect(validate({ version: '9', runs: [] })).toBe(false);
  });

  it('SARIF from every real fixture validates against the 2.1.0 schema and meets GitHub rules', () => {
    const files = [
      'trivy/alpine-310.json.golden',
      'trivy/debian-buster.json.golden',
      'trivy/ubuntu-gp2-x86-vm.json.golden',
      'trivy/dockerfile.json.golden',
      'grype/grype-TestJsonImgsPresenter.golden',
      'grype/grype-TestSarifPresenter_image.golden',
      'openscap/openscap-test_xccdf_overrides.arf.xml',
      'cyclonedx/trivy-pom-cyclonedx.json.golden',
    ];
    const merged = mergeReports(files.map((f) => parseReport(f, readFixture(f))));
    const { log, truncated } = buildSarif(merged.findings, { toolVersion: '0.1.0', category: 'image/ubuntu' });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(truncated).toBe(0);
    const run = log.runs[0];
    expect(log.runs).toHaveLength(1);
    expect(run?.results).toHaveLength(merged.findings.length);
    expect(run?.automationDetails).toEqual({ id: 'image/ubuntu' });
    for (const rule of run?.tool.driver.rules ?? []) {
      const score = Number(rule.properties['security-severity']);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(10);
    }
    for (const result of run?.results ?? []) {
      expect(Object.values(result.partialFingerprints)[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(run?.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).not.toMatch(/^\/| /);
    }
    // Distinct findings get distinct fingerprints (GitHub would otherwise merge alerts).
    const prints = new Set(run?.results.map((r) => Object.values(r.partialFingerprints)[0]));
    expect(prints.size).toBe(run?.results.length);
  });

  it('maps severities to levels and GitHub security-severity bands', () => {
    const { log } = buildSarif([finding(6, 'info'), finding(1, 'critical'), finding(2, 'high'), finding(3, 'medium'), finding(4, 'low'), finding(5, 'unknown')], { toolVersion: '0' });
    const run = log.runs[0];
    // Most severe first, informational last.
    expect(run?.results.map((r) => r.level)).toEqual(['error', 'error', 'warning', 'note', 'note', 'note']);
    expect(run?.tool.driver.rules.map((r) => r.properties['security-severity'])).toEqual(['9.5', '8.0', '5.5', '2.0', '0.0', '0.0']);
  });

  it('keeps at most 25,000 results, the most severe, and reports how many were left out', () => {
    const many = Array.from({ length: GITHUB_MAX_RESULTS_PER_RUN + 3 }, (_, i) => finding(i, i < 3 ? 'critical' : 'low'));
    // The critical ones are at the end of the input: they must still be kept.
    many.reverse();
    const { log, truncated } = buildSarif(many, { toolVersion: '0' });
    expect(truncated).toBe(3);
    expect(log.runs[0]?.results).toHaveLength(GITHUB_MAX_RESULTS_PER_RUN);
    expect(log.runs[0]?.results.filter((r) => r.properties.severity === 'critical')).toHaveLength(3);
    // The cap is stated in the SARIF itself.
    expect(log.runs[0]?.properties).toEqual({
      'image-publish/resultsLeftOut': 3,
      'image-publish/note': expect.stringContaining('3 lower-severity ones were left out (GitHub accepts at most 25,000 results per run)'),
    });
    // A small capped log (the schema validator is too slow for 25,000 results) still validates; no cap, no note.
    const small = buildSarif(many.slice(0, 10), { toolVersion: '0', maxResults: 4 });
    expect(small.log.runs[0]?.properties).toMatchObject({ 'image-publish/resultsLeftOut': 6 });
    expect(validate(small.log), JSON.stringify(validate.errors)).toBe(true);
    expect(buildSarif(many.slice(0, 10), { toolVersion: '0' }).log.runs[0]?.properties).toBeUndefined();
  });
});
