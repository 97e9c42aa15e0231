// Scan benchmark: generates a Trivy report with 50,000 findings, then reads, merges, applies the policy and
// writes SARIF and the JSON report as the scan step does. Prints time and peak memory against a stated
// budget; never fails (figures vary by machine). Run: bash scripts/node24 --import tsx bench/scan.ts
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { evaluatePolicy } from '../src/core/scan/evaluate-policy.js';
import { SEVERITIES } from '../src/core/scan/finding.js';
import { loadReports } from '../src/core/scan/load-reports.js';
import { buildSarif } from '../src/core/scan/sarif-writer.js';
import { scanPolicySchema } from '../src/core/scan/scan-policy.js';

const FINDINGS = 50_000;
/** Budget for the whole pipeline on a 2-core CI runner: peak RSS and wall time. */
const BUDGET = { peakRssMiB: 512, seconds: 10 };

function generateTrivyReport(file: string, count: number): void {
  const vulns = Array.from({ length: count }, (_, i) => ({
    VulnerabilityID: `CVE-2024-${String(i).padStart(6, '0')}`,
    PkgName: `pkg-${i % 2000}`,
    InstalledVersion: `1.${i % 13}.0`,
    FixedVersion: i % 3 === 0 ? '' : `1.${i % 13}.1`,
    Status: i % 3 === 0 ? 'affected' : 'fixed',
    Severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'][i % 5],
    Title: `Synthetic vulnerability ${i} in a package of the benchmark image`,
    Description: 'A generated description of moderate length, similar to what Trivy copies from the NVD for each entry.',
    PrimaryURL: `https://avd.aquasec.com/nvd/cve-2024-${i}`,
  }));
  writeFileSync(file, JSON.stringify({ SchemaVersion: 2, ArtifactName: 'disk.img', ArtifactType: 'vm', Results: [{ Target: 'disk.img (ubuntu 22.04)', Class: 'os-pkgs', Type: 'ubuntu', Vulnerabilities: vulns }] }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-scan-'));
  try {
    const report = path.join(dir, 'trivy-50k.json');
    generateTrivyReport(report, FINDINGS);
    const sizeMiB = statSync(report).size / 2 ** 20;
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    const merged = await loadReports([report], dir);
    const policy = scanPolicySchema.parse({ failOn: 'critical', ignoreUnfixed: true });
    const outcome = evaluatePolicy(merged.findings, merged.compliance, policy, Date.now());
    const sarif = buildSarif(outcome.active, { toolVersion: 'bench' });
    writeFileSync(path.join(dir, 'out.sarif'), JSON.stringify(sarif.log));
    writeFileSync(path.join(dir, 'out.json'), JSON.stringify({ counts: outcome.counts, findings: outcome.active }));
    const seconds = (performance.now() - start) / 1000;
    // maxRSS is in KiB and covers the whole process, including generating the input above.
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    const verdict = (value: number, budget: number): string => (value <= budget ? 'within budget' : 'OVER budget');
    console.log(`scan bench: ${FINDINGS} findings, input ${sizeMiB.toFixed(1)} MiB`);
    console.log(`  remaining after ignore-unfixed: ${outcome.active.length} (${SEVERITIES.map((s) => `${outcome.counts[s]} ${s}`).join(', ')}), SARIF results ${sarif.log.runs[0]?.results.length ?? 0}, left out ${sarif.truncated}`);
    console.log(`  time: ${seconds.toFixed(2)} s (budget ${BUDGET.seconds} s, ${verdict(seconds, BUDGET.seconds)})`);
    console.log(`  peak RSS: ${peakMiB.toFixed(0)} MiB (budget ${BUDGET.peakRssMiB} MiB, ${verdict(peakMiB, BUDGET.peakRssMiB)}); RSS before processing ${(rssBefore / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
