import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRootfsDisk } from '../../../src/core/bake/rootfs/rootfs-disk.js';
import { loadReports } from '../../../src/core/scan/load-reports.js';
import { countPrintedResults } from '../../../src/core/scan/openscap/oscap-eval.js';
import { scanWithOpenscap } from '../../../src/core/scan/openscap/openscap-scan.js';
import { SSG_CONTENT_DIR } from '../../../src/core/scan/openscap/scap-content.js';
import { requireTools } from '../../helpers/require-tool.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';

// Real oscap (openscap-scanner) with Debian's SSG content on a small Debian 11 tree, a folder and the same tree
// baked into a GPT disk read through debugfs. Fast: an almost empty tree makes most package rules fail quickly.
const tools = requireTools(['oscap', 'mke2fs', 'debugfs']);
const DEBIAN11 = join(SSG_CONTENT_DIR, 'ssg-debian11-ds.xml');
let dir: string;
let tree: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openscap-'));
  tree = join(dir, 'tree');
  await mkdir(join(tree, 'etc'), { recursive: true });
  await mkdir(join(tree, 'usr/lib'), { recursive: true });
  await mkdir(join(tree, 'var/lib/dpkg'), { recursive: true });
  await writeFile(join(tree, 'usr/lib/os-release'), 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n');
  await symlink('/usr/lib/os-release', join(tree, 'etc/os-release'));
  await writeFile(join(tree, 'var/lib/dpkg/status'), '');
  // What SSG's CPE check for Debian 11 reads (ssg-debian11-cpe-oval.xml: /etc/debian_version matching ^11.[0-9]+$).
  await writeFile(join(tree, 'etc/debian_version'), '11.9\n');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Counts per result in the XCCDF results, as the scan gate's parser reads them, leaving out rules the profile did not select. */
async function parsedCounts(resultsFile: string): Promise<Record<string, number>> {
  const merged = await loadReports([resultsFile], dir);
  const counts: Record<string, number> = {};
  for (const c of merged.compliance) if (c.result !== 'notselected') counts[c.result] = (counts[c.result] ?? 0) + 1;
  return counts;
}

describe.skipIf(!tools.ok)(`OpenSCAP offline scan${tools.ok ? '' : ` (skipped: ${tools.reason})`}`, () => {
  it('scans a rootfs folder with the SSG content its os-release names; the parsed results equal what oscap printed', async () => {
    const logger = new RecordingLogger();
    const result = await scanWithOpenscap({ target: tree, workDir: join(dir, 'folder') }, logger);
    expect(result.content).toBe(DEBIAN11);
    expect(result.profile).toBe('xccdf_org.ssgproject.content_profile_standard');
    const printed = countPrintedResults(await readFile(result.outputFile, 'utf8'));
    expect(printed.fail).toBeGreaterThan(0);
    expect(result.printed).toEqual(printed);
    expect(await parsedCounts(result.resultsFile)).toEqual(printed);
    // Every failed rule has a hint with its title and severity from the benchmark, most severe first.
    expect(result.hints).toHaveLength(printed.fail ?? 0);
    const ntp = result.hints.find((h) => h.ruleId === 'xccdf_org.ssgproject.content_rule_package_ntp_installed');
    expect(ntp).toMatchObject({ title: 'Install the ntp service', severity: 'high' });
    expect(ntp?.fixSystems).toEqual(expect.arrayContaining(['ansible', 'puppet']));
    expect(ntp?.references.some((r) => r.includes('CCI-000160'))).toBe(true);
    expect(result.hints[0]?.severity).toBe('high');
    expect(logger.lines.map((l) => l.message).join('\n')).toContain('FAIL [high] xccdf_org.ssgproject.content_rule_package_ntp_installed: Install the ntp service');
    expect(result.sections.map((s) => ('heading' in s ? s.heading : ''))).toEqual(['OpenSCAP evaluation', 'OpenSCAP remediation', 'Remediation script']);
  });

  it('scans the same tree baked into a GPT disk, read with debugfs without mounting, with the same results', async () => {
    const folder = await scanWithOpenscap({ target: tree, workDir: join(dir, 'again') }, new RecordingLogger());
    const disk = await buildRootfsDisk({ rootfs: tree, partitionTable: 'gpt', freeSpaceMiB: 0, outputPath: join(dir, 'disk.vhd') }, join(dir, 'bake'), new RecordingLogger());
    const logger = new RecordingLogger();
    const result = await scanWithOpenscap({ target: disk.path, workDir: join(dir, 'disk') }, logger);
    expect(result.printed).toEqual(folder.printed);
    expect(logger.lines.map((l) => l.message).join('\n')).toContain('ext filesystem in the gpt partition 1 at byte 1048576');
  });

  it('a tailoring file deselects rules; its profile is used when scap-profile is not given', async () => {
    const tailoring = join(dir, 'tailoring.xml');
    await writeFile(
      tailoring,
      `<?xml version="1.0" encoding="UTF-8"?>
<xccdf:Tailoring xmlns:xccdf="http://checklists.nist.gov/xccdf/1.2" id="xccdf_test_tailoring_no_ntp">
  <xccdf:version time="2026-01-01T00:00:00">1</xccdf:version>
  <xccdf:Profile id="xccdf_test_profile_standard_no_ntp" extends="xccdf_org.ssgproject.content_profile_standard">
    <xccdf:title>Standard without ntp (the image uses chrony from Azure's host clock)</xccdf:title>
    <xccdf:select idref="xccdf_org.ssgproject.content_rule_package_ntp_installed" selected="false"/>
    <xccdf:select idref="xccdf_org.ssgproject.content_rule_service_ntp_enabled" selected="false"/>
  </xccdf:Profile>
</xccdf:Tailoring>
`,
    );
    const result = await scanWithOpenscap({ target: tree, tailoringFile: tailoring, workDir: join(dir, 'tailored') }, new RecordingLogger());
    expect(result.profile).toBe('xccdf_test_profile_standard_no_ntp');
    expect(result.hints.map((h) => h.severity)).not.toContain('high');
    expect(result.hints.some((h) => h.ruleId.endsWith('_ntp_installed'))).toBe(false);
    expect(await parsedCounts(result.resultsFile)).toEqual(result.printed);
  });

  it('an unknown profile is E_INPUT_INVALID naming scap-profile and how to list the profiles', async () => {
    await expect(scanWithOpenscap({ target: tree, profile: 'xccdf_org.example_profile_nope', workDir: join(dir, 'bad-profile') }, new RecordingLogger())).rejects.toMatchObject({
      code: 'E_INPUT_INVALID',
      message: expect.stringMatching(/^Input scap-profile: xccdf_org\.example_profile_nope is not a profile of .*oscap info --profiles/),
    });
  });

  it('an OS without installed SSG content is E_SCAP_CONTENT_MISSING naming the file it looked for', async () => {
    const other = join(dir, 'other');
    await mkdir(join(other, 'etc'), { recursive: true });
    await writeFile(join(other, 'etc/os-release'), 'ID=plan9\nVERSION_ID=4\nPRETTY_NAME="Plan 9 4th edition"\n');
    await expect(scanWithOpenscap({ target: other, workDir: join(dir, 'other-work') }, new RecordingLogger())).rejects.toMatchObject({
      code: 'E_SCAP_CONTENT_MISSING',
      message: expect.stringMatching(/No SCAP Security Guide content for Plan 9 4th edition \(ssg-plan94-ds\.xml\).*installed: .*ssg-debian11-ds\.xml.*pass scap-content/),
    });
  });

  it('a disk without an ext filesystem is E_DISK_INVALID saying what it found', async () => {
    const blank = join(dir, 'blank.raw');
    await writeFile(blank, Buffer.alloc(2 * 1024 * 1024));
    await expect(scanWithOpenscap({ target: blank, workDir: join(dir, 'blank-work') }, new RecordingLogger())).rejects.toMatchObject({
      code: 'E_DISK_INVALID',
      message: expect.stringMatching(/no partition table and no ext filesystem at its start.*Scan the root filesystem folder instead/),
    });
  });
});
