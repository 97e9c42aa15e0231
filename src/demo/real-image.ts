/**
 * The real image of `npm run demo -- --real-image` and of test/e2e/real-image: a minimal Debian root filesystem
 * built by mmdebstrap from the Debian archive, cached under .tmp/ by release, variant and package list, plus the
 * tailoring file that accepts the findings a minimal cloud image has by design.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Debian 11: the newest release Debian's ssg-debian package has SCAP content for (ssg-debian11-ds.xml). */
export const realImage = { release: 'bullseye', variant: 'minbase', packages: [] as string[] } as const;
export const SSG_DEBIAN11 = '/usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml';

/** The tools the real image needs, each with the Debian package that brings it; those missing here. */
export function missingRealImageTools(): { tool: string; pkg: string }[] {
  const needed = [
    { tool: 'mmdebstrap', pkg: 'mmdebstrap' },
    { tool: 'mke2fs', pkg: 'e2fsprogs' },
    { tool: 'debugfs', pkg: 'e2fsprogs' },
    { tool: 'oscap', pkg: 'openscap-scanner' },
  ];
  const missing = needed.filter(({ tool }) => {
    try {
      execFileSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (!existsSync(SSG_DEBIAN11)) missing.push({ tool: SSG_DEBIAN11, pkg: 'ssg-debian' });
  return missing;
}

/** Cache file name: a different release, variant or package list is a different tarball. */
export function rootfsCacheName(image: { release: string; variant: string; packages: readonly string[] } = realImage): string {
  const key = createHash('sha256').update(JSON.stringify([image.release, image.variant, [...image.packages].sort()])).digest('hex').slice(0, 12);
  return `debian-${image.release}-${image.variant}-${key}.tar`;
}

/**
 * The cached rootfs tarball, built with mmdebstrap when missing (~30–60 s; as root, or unprivileged through
 * user namespaces). Written to a temporary name first, so an interrupted build is never taken for a cached one.
 */
export async function debianRootfs(cacheDir: string, log: (line: string) => void): Promise<{ tarball: string; cached: boolean; seconds: number }> {
  await mkdir(cacheDir, { recursive: true });
  const tarball = join(cacheDir, rootfsCacheName());
  if ((await stat(tarball).catch(() => undefined))?.isFile() === true) return { tarball, cached: true, seconds: 0 };
  const partial = `${tarball}.partial-${process.pid}`;
  // --format=tar: mmdebstrap otherwise infers the format from the file name, and the .partial name is no tarball.
  const args = ['--format=tar', `--variant=${realImage.variant}`, ...(realImage.packages.length > 0 ? [`--include=${realImage.packages.join(',')}`] : []), realImage.release, partial];
  log(`mmdebstrap ${args.join(' ')} (once; cached as ${tarball})`);
  const started = Date.now();
  const result = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn('mmdebstrap', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
  if (result.code !== 0) {
    await rm(partial, { force: true });
    throw new Error(`mmdebstrap failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  await rename(partial, tarball);
  return { tarball, cached: false, seconds: (Date.now() - started) / 1000 };
}

/** Rules of SSG's Debian standard profile a minimal Azure image fails by design, with the reason it is accepted. */
export const acceptedRules = [
  { rule: 'xccdf_org.ssgproject.content_rule_package_ntp_installed', reason: 'time comes from the Azure host (chrony/systemd-timesyncd with the Hyper-V PTP clock), not ntpd' },
  { rule: 'xccdf_org.ssgproject.content_rule_service_ntp_enabled', reason: 'no ntpd, as above' },
] as const;

/** An XCCDF 1.2 tailoring file: SSG's standard profile without the accepted rules. */
export function tailoringXml(): string {
  const selects = acceptedRules.map((r) => `    <!-- ${r.reason} -->\n    <xccdf:select idref="${r.rule}" selected="false"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xccdf:Tailoring xmlns:xccdf="http://checklists.nist.gov/xccdf/1.2" id="xccdf_image-publish_tailoring_azure-minimal">
  <xccdf:version time="2026-01-01T00:00:00">1</xccdf:version>
  <xccdf:Profile id="xccdf_image-publish_profile_standard_azure" extends="xccdf_org.ssgproject.content_profile_standard">
    <xccdf:title>Standard System Security Profile for a minimal Azure image</xccdf:title>
${selects}
  </xccdf:Profile>
</xccdf:Tailoring>
`;
}

/** Writes the tailoring file and returns its path. */
export async function writeTailoring(dir: string): Promise<string> {
  const file = join(dir, 'tailoring-azure-minimal.xml');
  await writeFile(file, tailoringXml());
  return file;
}
