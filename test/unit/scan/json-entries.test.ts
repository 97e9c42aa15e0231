import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../src/core/scan/detect-format.js';
import { JsonEntries } from '../../../src/core/scan/json-entries.js';
import { ENTRY_LIST_MIN_CHARS, parseJsonReport } from '../../../src/core/scan/report-input.js';
import { fixturesDir } from './fixtures.js';

/*
 * Large finding lists are parsed one entry at a time (json-entries.ts, issue 18). Whatever the size, a report
 * must read exactly as a whole JSON.parse reads it: the same findings, or the same error. `0` makes every finding
 * list lazy, `Infinity` none.
 */
const LAZY = 0;
const WHOLE = Number.POSITIVE_INFINITY;

function read(file: string, text: string, minChars: number): unknown {
  try {
    return parseReport(file, text, {}, minChars);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Scanner reports among the third-party fixtures (../shared/fixtures, SOURCES.md): Trivy, Grype, SARIF, CycloneDX. */
const reports = ['trivy', 'grype', 'sarif', 'cyclonedx'].flatMap((dir) =>
  readdirSync(path.join(fixturesDir, dir))
    .filter((name) => /\.(json|sarif)(\.golden)?$/.test(name))
    .map((name) => path.join(dir, name)),
);

const vuln = (i: number): Record<string, unknown> => ({
  VulnerabilityID: `CVE-2024-${String(i).padStart(6, '0')}`,
  PkgName: `pkg-${i % 50}`,
  InstalledVersion: '1.0.0',
  FixedVersion: i % 2 === 0 ? '1.0.1' : '',
  Severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'][i % 4],
  Title: `Vulnerability ${i} with a title long enough to make the list large, as Trivy's are`,
  References: [`https://example.test/${i}`, `https://example.test/${i}/advisory`],
});
/** A Trivy report whose Vulnerabilities list is well over ENTRY_LIST_MIN_CHARS. */
const bigTrivy = JSON.stringify({ SchemaVersion: 2, ArtifactName: 'disk.img', Results: [{ Target: 'disk.img', Vulnerabilities: Array.from({ length: 6000 }, (_, i) => vuln(i)) }] }, null, 1);

describe('finding lists read one entry at a time', () => {
  it('the big report is over the threshold and its Vulnerabilities are read as entries by default', () => {
    expect(bigTrivy.length).toBeGreaterThan(ENTRY_LIST_MIN_CHARS);
    const doc = parseJsonReport('big.json', bigTrivy) as { Results: { Vulnerabilities: unknown }[] };
    expect(doc.Results[0]?.Vulnerabilities).toBeInstanceOf(JsonEntries);
    expect((doc.Results[0]?.Vulnerabilities as JsonEntries).length).toBe(6000);
    expect(read('big.json', bigTrivy, ENTRY_LIST_MIN_CHARS)).toEqual(read('big.json', bigTrivy, WHOLE));
  });

  it.each(reports)('%s reads the same entry by entry as whole', (name) => {
    const text = readFileSync(path.join(fixturesDir, name), 'utf8');
    expect(read(name, text, LAZY)).toEqual(read(name, text, WHOLE));
  });

  it('most of those fixtures are reports that parse (so the comparison above compares findings)', () => {
    const parsed = reports.filter((name) => !('error' in (read(name, readFileSync(path.join(fixturesDir, name), 'utf8'), WHOLE) as object)));
    expect(parsed.length).toBeGreaterThanOrEqual(reports.length - 2);
  });

  it('only finding lists are read lazily; other large arrays (a component tree, references) are parsed whole', () => {
    const doc = parseJsonReport('big.json', bigTrivy, LAZY) as { Results: { Vulnerabilities: JsonEntries }[] };
    const first: unknown[] = [];
    doc.Results[0]?.Vulnerabilities.forEach((v) => first.push(v));
    expect(Array.isArray((first[0] as { References: unknown }).References)).toBe(true);
    expect(first[0]).toEqual(vuln(0));
  });

  /** The text between entry i-1 and entry i in the pretty-printed report. */
  const before = (i: number): string => `},\n    {\n     "VulnerabilityID": "CVE-2024-${String(i).padStart(6, '0')}"`;
  const listEnd = '\n    }\n   ]\n  }\n ]\n}';
  // Each corruption of the big report, read with the threshold as shipped and with every list lazy, gives the same
  // error as a whole JSON.parse (line, column and offset) or, where the JSON stays valid, the same shape error.
  const corruptions: [string, (t: string) => string][] = [
    ['a comma between two entries removed', (t) => t.replace(before(11), before(11).replace('},', '}'))],
    ['a trailing comma after the last entry', (t) => t.replace(listEnd, listEnd.replace('}\n   ]', '},\n   ]'))],
    ['two commas between entries', (t) => t.replace(before(21), before(21).replace('},', '},,'))],
    ['an entry that is not JSON', (t) => t.replace(`"CVE-2024-000030"`, `CVE-2024-000030`)],
    ['the list closed with a brace', (t) => t.replace(listEnd, listEnd.replace('}\n   ]', '}\n   }'))],
    ['the file cut in the middle of the list', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['a null entry', (t) => t.replace(before(40), before(40).replace('},', '}, null,'))],
    ['an entry without its id', (t) => t.replace(`"VulnerabilityID": "CVE-2024-000050",`, '')],
    ['an unknown severity word', (t) => t.replace(`"Severity": "HIGH"`, `"Severity": "SEVERE"`)],
    ['a string holding brackets and escaped quotes', (t) => t.replace(`"Title": "Vulnerability 60 `, `"Title": "[{\\"]}\\\\ 60 `)],
  ];
  it.each(corruptions)('%s: the same outcome as a whole JSON.parse', (_name, corrupt) => {
    const text = corrupt(bigTrivy);
    expect(text).not.toBe(bigTrivy);
    const whole = read('big.json', text, WHOLE);
    expect(read('big.json', text, ENTRY_LIST_MIN_CHARS)).toEqual(whole);
    expect(read('big.json', text, LAZY)).toEqual(whole);
  });

  it('a report nested deeper than the call stack reads as a whole JSON.parse reads it, not as a stack overflow', () => {
    const depth = 600_000;
    const text = `{"SchemaVersion":2,"Results":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const whole = read('deep.json', text, WHOLE);
    expect(whole).toEqual({ error: expect.stringContaining('$.Results[0]: expected object, received array') });
    expect(read('deep.json', text, ENTRY_LIST_MIN_CHARS)).toEqual(whole);
  });

  it('a report key named __proto__ stays a plain property next to a lazy list', () => {
    const text = JSON.stringify({ matches: [{ vulnerability: { id: 'CVE-1', severity: 'High' }, artifact: { name: 'a', version: '1' } }] }).replace('{"matches"', '{"__proto__":{"polluted":true},"matches"');
    const doc = parseJsonReport('g.json', text, LAZY) as Record<string, unknown>;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(doc, '__proto__')).toBe(true);
    expect(doc.matches).toBeInstanceOf(JsonEntries);
  });
});
