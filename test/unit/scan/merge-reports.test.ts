import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countBySeverity } from '../../../src/core/scan/finding.js';
import { loadReports, mergeReports } from '../../../src/core/scan/load-reports.js';
import { parseReport } from '../../../src/core/scan/detect-format.js';
import { fixture, readFixture } from './fixtures.js';

describe('merging mixed reports', () => {
  it('expands globs, detects each format and sums distinct findings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scan-merge-'));
    mkdirSync(path.join(dir, 'out'));
    // Names deliberately say nothing about the format: detection is by content.
    copyFileSync(fixture('trivy/debian-buster.json.golden'), path.join(dir, 'out', 'a.report'));
    copyFileSync(fixture('grype/grype-TestJsonImgsPresenter.golden'), path.join(dir, 'out', 'b.report'));
    copyFileSync(fixture('openscap/openscap-test_xccdf_overrides.arf.xml'), path.join(dir, 'out', 'c.report'));
    const merged = await loadReports(['out/*.report'], dir);
    expect(merged.reports.map((r) => [path.basename(r.file), r.format])).toEqual([
      ['a.report', 'trivy'],
      ['b.report', 'grype'],
      ['c.report', 'arf'],
    ]);
    // debian-buster {critical 1, low 1} + grype {critical 1, low 1} + ARF {high 1, medium 8, low 3}; no overlap.
    expect(countBySeverity(merged.findings)).toEqual({ critical: 2, high: 1, medium: 8, low: 5, unknown: 0, info: 0 });
    expect(merged.compliance).toHaveLength(28);
    expect(merged.duplicates).toBe(0);
  });

  it('the same vulnerability in the same package version is counted once across reports and files', () => {
    const trivy = parseReport('t.json', readFixture('trivy/alpine-310.json.golden'));
    const again = parseReport('t-copy.json', readFixture('trivy/alpine-310.json.golden'));
    const merged = mergeReports([trivy, again]);
    // 4 vulnerabilities + the end-of-support finding (alpine 3.10 has Metadata.OS.EOSL: true), each seen twice.
    expect(merged.findings).toHaveLength(5);
    expect(merged.duplicates).toBe(5);
  });

  it('a duplicate from another scanner keeps the higher severity and the known fix', () => {
    const trivy = parseReport('t.json', JSON.stringify({
      SchemaVersion: 2,
      Results: [{ Target: 'img', Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'zlib', InstalledVersion: '1.0', Severity: 'MEDIUM', Status: 'affected' }] }],
    }));
    const grype = parseReport('g.json', JSON.stringify({
      matches: [{ vulnerability: { id: 'CVE-1', severity: 'High', fix: { versions: ['1.1'], state: 'fixed' } }, artifact: { name: 'zlib', version: '1.0' } }],
    }));
    const merged = mergeReports([trivy, grype]);
    expect(merged.findings).toHaveLength(1);
    expect(merged.findings[0]).toMatchObject({ severity: 'high', fixState: 'fixed', fixedVersion: '1.1' });
    // Merging keeps the first report's object (no second copy of every finding) and updates it.
    expect(merged.findings[0]).toBe(trivy.findings[0]);
  });

  it('same id in different packages or versions are different findings', () => {
    const doc = {
      SchemaVersion: 2,
      Results: [{
        Target: 'img',
        Vulnerabilities: [
          { VulnerabilityID: 'CVE-1', PkgName: 'libssl', InstalledVersion: '1.0', Severity: 'LOW' },
          { VulnerabilityID: 'CVE-1', PkgName: 'libcrypto', InstalledVersion: '1.0', Severity: 'LOW' },
          { VulnerabilityID: 'CVE-1', PkgName: 'libssl', InstalledVersion: '1.1', Severity: 'LOW' },
          { VulnerabilityID: 'CVE-1', PkgName: 'libssl', InstalledVersion: '1.0', Severity: 'LOW' },
        ],
      }],
    };
    const merged = mergeReports([parseReport('x.json', JSON.stringify(doc))]);
    expect(merged.findings).toHaveLength(3);
    expect(merged.duplicates).toBe(1);
  });
});
