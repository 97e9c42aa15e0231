import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { loadReport, loadReports } from '../../../src/core/scan/load-reports.js';
import { readFixture } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'scan-errors-'));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function failure(file: string): Promise<ConfigurationError> {
  const error: unknown = await loadReport(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe('unreadable reports fail with E_REPORT_INVALID naming the file and why', () => {
  it('truncated JSON: position, and says it looks truncated', async () => {
    const full = readFixture('trivy/debian-buster.json.golden');
    const file = write('truncated.json', full.slice(0, 2000));
    const error = await failure(file);
    expect(error.code).toBe('E_REPORT_INVALID');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/invalid JSON at line \d+, column \d+ .*truncated/);
  });

  it('JSON syntax error in the middle: line and column of the bad character', async () => {
    const file = write('syntax.json', '{\n  "SchemaVersion": 2,\n  "Results": [ }\n}\n');
    const error = await failure(file);
    // The stray `}` is on line 3, column 16.
    expect(error.message).toContain('line 3, column 16');
    expect(error.message).not.toContain('truncated');
  });

  it('wrong Trivy SchemaVersion', async () => {
    const error = await failure(write('v3.json', JSON.stringify({ SchemaVersion: 3, Results: [] })));
    expect(error.message).toMatch(/v3\.json.*SchemaVersion 3 is not supported \(expected 2/);
  });

  it('Trivy SchemaVersion 1 (top-level array)', async () => {
    const error = await failure(write('v1.json', JSON.stringify([{ Target: 'x', Vulnerabilities: [] }])));
    expect(error.message).toMatch(/v1\.json.*SchemaVersion 1/);
  });

  it('unknown JSON, unknown text, empty file, unknown XML, SARIF 2.0, XCCDF benchmark without results', async () => {
    const cases: [string, string, RegExp][] = [
      ['other.json', '{"hello": "world"}', /unknown format \(no SchemaVersion, matches, runs or bomFormat/],
      ['notes.txt', 'CVE-2020-1234 is fine', /unknown format \(neither JSON nor XML\)/],
      ['empty.json', '  \n', /the file is empty/],
      ['pom.xml', '<project><modelVersion>4.0.0</modelVersion></project>', /unknown XML format \(root element <project>/],
      ['old.sarif', JSON.stringify({ version: '2.0.0', runs: [] }), /SARIF version 2\.0\.0 is not supported/],
      ['bench.xml', '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="b"><Rule id="r"/></Benchmark>', /no TestResult/],
      ['broken.xml', '<TestResult><rule-result></TestResult>', /invalid XML at line 1/],
    ];
    for (const [name, content, why] of cases) {
      const file = write(name, content);
      const error = await failure(file);
      expect(error.code, name).toBe('E_REPORT_INVALID');
      expect(error.message, name).toContain(file);
      expect(error.message, name).toMatch(why);
    }
  });

  it('a missing file is E_REPORT_NOT_FOUND naming it', async () => {
    const missing = path.join(dir, 'nope.json');
    const error: unknown = await loadReports([missing], dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_REPORT_NOT_FOUND' });
    expect((error as Error).message).toContain(missing);
  });

  it('a glob matching nothing is E_REPORT_NOT_FOUND naming the pattern', async () => {
    const error: unknown = await loadReports(['reports/*.sarif'], dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_REPORT_NOT_FOUND' });
    expect((error as Error).message).toContain('reports/*.sarif');
  });
});

describe('JSON error offsets agree with V8 where V8 reports a position', () => {
  it.each(['{"a": 1,}', '{"a": [1 2]}', '{"a": tru}', '[1, 2', '{"a": "x\u0001"}', '{"a": 1} x', '{"a": -}'])('%j', async (text) => {
    const { jsonErrorOffset } = await import('../../../src/core/scan/json-error-position.js');
    let v8: number | undefined;
    try {
      JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      v8 = m?.[1] === undefined ? undefined : Number(m[1]);
    }
    const ours = jsonErrorOffset(text);
    if (v8 !== undefined) expect(ours).toBe(v8);
    expect(ours).toBeGreaterThan(0);
    expect(ours).toBeLessThanOrEqual(text.length);
  });

  it('valid JSON has no error offset before its end', async () => {
    const { jsonErrorOffset } = await import('../../../src/core/scan/json-error-position.js');
    const text = readFixture('trivy/alpine-310.json.golden');
    expect(jsonErrorOffset(text)).toBe(text.length);
  });
});
