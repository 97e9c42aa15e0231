// Scan benchmark: generates a Trivy report with 50,000 findings, then runs the scan pipeline as the step does
// (read, check every entry's shape, merge, policy, stream SARIF and the JSON report, summary) in a fresh process,
// and, as the same-run baseline, a process that only reads the same file and calls JSON.parse on it.
// Prints time and peak RSS of each and their ratio; never fails (figures vary by machine).
// Run: npm run bench -- scan   (targets from issue 18: ≤ 2 s and ≤ 256 MiB for the scan)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const FINDINGS = 50_000;
const self = fileURLToPath(import.meta.url);

interface Figures {
  seconds: number;
  peakMiB: number;
  detail: string;
}

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

/** Child process: the whole scan pipeline on `file`, as the step runs it. */
async function measureScan(file: string): Promise<Figures> {
  const { runScan } = await import('../src/core/scan/scan-run.js');
  const { scanPolicySchema } = await import('../src/core/scan/scan-policy.js');
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, mask: () => {}, group: <T>(_t: string, fn: () => Promise<T>) => fn() };
  const noAzure = {} as Parameters<typeof runScan>[1]['azure'];
  const start = performance.now();
  const result = await runScan(
    {
      reports: [file],
      scanner: 'none',
      policy: scanPolicySchema.parse({ failOn: 'critical', ignoreUnfixed: true }),
      checks: {},
      toolVersion: 'bench',
      workDir: path.join(path.dirname(file), 'out'),
      cwd: path.dirname(file),
    },
    { azure: noAzure, logger: quiet, signal: new AbortController().signal, now: Date.now() },
  );
  const seconds = (performance.now() - start) / 1000;
  const counts = Object.entries(result.counts).map(([s, n]) => `${n} ${s}`).join(', ');
  const detail = `remaining ${counts}; SARIF ${result.sarif.results} results, ${result.sarif.leftOut} left out (cap stated: ${result.warnings.some((w) => w.includes('25,000'))})`;
  return { seconds, peakMiB: process.resourceUsage().maxRSS / 1024, detail };
}

/** Child process: the same-run baseline, read the file and JSON.parse it. */
function measureBaseline(file: string): Figures {
  const start = performance.now();
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { Results: { Vulnerabilities: unknown[] }[] };
  const seconds = (performance.now() - start) / 1000;
  return { seconds, peakMiB: process.resourceUsage().maxRSS / 1024, detail: `${doc.Results[0]?.Vulnerabilities.length ?? 0} entries parsed` };
}

function runChild(mode: 'scan' | 'baseline', file: string): Figures {
  const child = spawnSync(process.execPath, [...process.execArgv, self, mode, file], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench child ${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Figures;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === 'scan' && file !== undefined) return void console.log(JSON.stringify(await measureScan(file)));
  if (mode === 'baseline' && file !== undefined) return void console.log(JSON.stringify(measureBaseline(file)));
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-scan-'));
  try {
    const report = path.join(dir, 'trivy-50k.json');
    generateTrivyReport(report, FINDINGS);
    const baseline = runChild('baseline', report);
    const scan = runChild('scan', report);
    console.log(`scan bench: ${FINDINGS} findings, input ${(statSync(report).size / 2 ** 20).toFixed(1)} MiB; each figure from its own process`);
    console.log(`  scan:     ${scan.seconds.toFixed(2)} s, peak RSS ${scan.peakMiB.toFixed(0)} MiB (${scan.detail})`);
    console.log(`  baseline: ${baseline.seconds.toFixed(2)} s, peak RSS ${baseline.peakMiB.toFixed(0)} MiB (readFileSync + JSON.parse: ${baseline.detail})`);
    console.log(`  ratio scan/baseline: time ${(scan.seconds / baseline.seconds).toFixed(1)}×, peak RSS ${(scan.peakMiB / baseline.peakMiB).toFixed(2)}×`);
    console.log('  targets (issue 18): scan ≤ 2 s and ≤ 256 MiB peak RSS');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
