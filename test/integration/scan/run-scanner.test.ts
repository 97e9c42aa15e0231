import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { loadReport } from '../../../src/core/scan/load-reports.js';
import { runScanner, scannerArgs } from '../../../src/core/scan/run-scanner.js';
import { fixture } from '../../unit/scan/fixtures.js';

/*
 * trivy and grype cannot be installed on this machine, so these tests put a small shell script named `trivy`
 * (or `grype`) first on PATH: a test double for the external binary only. It records the argument list it was
 * given and writes a real scanner fixture where --output/--file points, so invocation, arguments and parsing
 * of the produced report are all exercised through a real child process.
 */
const FAKE = `#!/bin/sh
printf '%s\\n' "$@" > "$FAKE_ARGS_FILE"
if [ -n "$FAKE_FAIL" ]; then echo "scanning..." >&2; echo "$FAKE_FAIL" >&2; exit 2; fi
prev=""
for a in "$@"; do
  # trivy writes to --output; grype's --output is the format and --file the path.
  case "$(basename "$0"):$prev" in trivy:--output|grype:--file) cp "$FAKE_FIXTURE" "$a" ;; esac
  prev="$a"
done
`;

function setup(tools: string[], fixtureFile: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'scan-run-'));
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  for (const tool of tools) {
    writeFileSync(path.join(bin, tool), FAKE);
    chmodSync(path.join(bin, tool), 0o755);
  }
  const argsFile = path.join(root, 'args.txt');
  // Only our bin plus the system folders for sh/cp/printf: a real trivy elsewhere must not be picked up.
  vi.stubEnv('PATH', `${bin}:/usr/bin:/bin`);
  vi.stubEnv('FAKE_ARGS_FILE', argsFile);
  vi.stubEnv('FAKE_FIXTURE', fixture(fixtureFile));
  const workDir = path.join(root, 'work');
  mkdirSync(workDir);
  return { root, workDir, args: () => readFileSync(argsFile, 'utf8').trimEnd().split('\n') };
}

describe('running scanners', () => {
  it('trivy rootfs on a folder: argument list, then the JSON it wrote is parsed', async () => {
    const env = setup(['trivy'], 'trivy/debian-buster.json.golden');
    const rootfs = path.join(env.root, 'root fs; rm -rf x');
    mkdirSync(rootfs);
    const report = await runScanner('auto', rootfs, env.workDir, silentLogger, new AbortController().signal);
    const out = path.join(env.workDir, 'trivy-report.json');
    expect(report).toBe(out);
    // One argument each, spaces and `;` intact: no shell was involved.
    expect(env.args()).toEqual(['rootfs', '--format', 'json', '--output', out, '--quiet', rootfs]);
    const parsed = await loadReport(report);
    expect(parsed.findings.map((f) => [f.id, f.severity])).toEqual([
      ['CVE-2019-18276', 'low'],
      ['CVE-2019-18224', 'critical'],
    ]);
  });

  it('trivy vm on a disk image file', async () => {
    const env = setup(['trivy'], 'trivy/ubuntu-gp2-x86-vm.json.golden');
    const disk = path.join(env.root, 'disk.vhd');
    writeFileSync(disk, 'not really a disk');
    const report = await runScanner('trivy', disk, env.workDir, silentLogger, new AbortController().signal);
    expect(env.args()[0]).toBe('vm');
    expect(env.args().at(-1)).toBe(disk);
    expect((await loadReport(report)).findings).toMatchObject([{ id: 'CVE-2022-3715', severity: 'high' }]);
  });

  it('auto falls back to grype when trivy is missing', async () => {
    const env = setup(['grype'], 'grype/grype-TestJsonImgsPresenter.golden');
    const rootfs = path.join(env.root, 'rootfs');
    mkdirSync(rootfs);
    const report = await runScanner('auto', rootfs, env.workDir, silentLogger, new AbortController().signal);
    const out = path.join(env.workDir, 'grype-report.json');
    expect(env.args()).toEqual([`dir:${rootfs}`, '--output', 'json', '--file', out, '--quiet']);
    expect((await loadReport(report)).format).toBe('grype');
  });

  it('no scanner installed: E_SCANNER_MISSING naming the tools and how to install them', async () => {
    const env = setup([], 'trivy/debian-buster.json.golden');
    const rootfs = path.join(env.root, 'rootfs');
    mkdirSync(rootfs);
    const error: unknown = await runScanner('auto', rootfs, env.workDir, silentLogger, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_SCANNER_MISSING' });
    expect((error as Error).message).toMatch(/trivy or grype is not installed on this runner\. For trivy, install it .*; For grype, install it .*reports input/);
  });

  it('scanner exits non-zero: E_SCANNER_FAILED with the last stderr line', async () => {
    const env = setup(['trivy'], 'trivy/debian-buster.json.golden');
    vi.stubEnv('FAKE_FAIL', 'FATAL failed to download vulnerability DB');
    const rootfs = path.join(env.root, 'rootfs');
    mkdirSync(rootfs);
    const error: unknown = await runScanner('trivy', rootfs, env.workDir, silentLogger, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_SCANNER_FAILED' });
    expect((error as Error).message).toMatch(/^trivy rootfs .* failed \(exit 2\): FATAL failed to download vulnerability DB\./);
  });

  it('grype cannot read disk images; a missing path is named', async () => {
    expect(() => scannerArgs('grype', '/images/os.vhd', false, '/tmp/o.json')).toThrow(/disk image, which grype cannot read/);
    const error: unknown = await runScanner('auto', '/nonexistent/rootfs', tmpdir(), silentLogger, new AbortController().signal).catch((e: unknown) => e);
    expect((error as Error).message).toBe('Input path: /nonexistent/rootfs does not exist. Pass the rootfs folder or disk image file to scan.');
  });
});
