import { readdir, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join, posix } from 'node:path';
import { ConfigurationError, ErrorCodes } from '../../errors.js';

/** Where Debian's ssg-debian (and the other distributions' scap-security-guide) install the data streams. */
export const SSG_CONTENT_DIR = '/usr/share/xml/scap/ssg/content';

export interface OsRelease {
  id: string;
  versionId: string;
  prettyName: string;
}

/** Resolves a path inside the image: an absolute symlink (/etc/os-release → /usr/lib/os-release) points into the image, not the host. */
async function readInside(root: string, relative: string, hops = 0): Promise<string | undefined> {
  const full = join(root, relative);
  const link = await readlink(full).catch(() => undefined);
  if (link !== undefined && hops < 8) {
    const next = isAbsolute(link) ? link : posix.join(posix.dirname(relative), link);
    return readInside(root, posix.normalize(next).replace(/^(\.\.\/)+/, ''), hops + 1);
  }
  return readFile(full, 'utf8').catch(() => undefined);
}

/** The image's /etc/os-release (or /usr/lib/os-release), parsed; undefined when it has neither. */
export async function readOsRelease(root: string): Promise<OsRelease | undefined> {
  const text = (await readInside(root, 'etc/os-release')) ?? (await readInside(root, 'usr/lib/os-release'));
  if (text === undefined) return undefined;
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) fields.set(match[1], (match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2'));
  }
  const id = fields.get('ID') ?? '';
  return { id, versionId: fields.get('VERSION_ID') ?? '', prettyName: fields.get('PRETTY_NAME') ?? id };
}

/**
 * The SSG data stream names for an OS, most specific first, following SSG's product naming: debian11,
 * ubuntu2204, rhel9, sle15, fedora, ol8.
 */
export function ssgProductNames(os: OsRelease): string[] {
  const major = os.versionId.split('.')[0] ?? '';
  const compact = os.versionId.replace(/\./g, '');
  const byId: Record<string, string[]> = {
    debian: [`debian${major}`],
    ubuntu: [`ubuntu${compact}`],
    rhel: [`rhel${major}`],
    centos: [`centos${major}`, `rhel${major}`],
    rocky: [`rhel${major}`],
    almalinux: [`almalinux${major}`, `rhel${major}`],
    ol: [`ol${major}`],
    fedora: ['fedora'],
    sles: [`sle${major}`],
    'opensuse-leap': [`opensuse`],
  };
  return byId[os.id] ?? [`${os.id}${major}`];
}

/** The installed SSG data stream that matches the image's os-release, or E_SCAP_CONTENT_MISSING saying what to install or pass. */
export async function chooseSsgContent(root: string, contentDir = SSG_CONTENT_DIR): Promise<{ file: string; os: OsRelease }> {
  const os = await readOsRelease(root);
  if (os === undefined) {
    throw new ConfigurationError(ErrorCodes.scapContentMissing, `The image at ${root} has no etc/os-release, so no SCAP content can be chosen for it. Pass scap-content (a data stream file) and scap-profile.`);
  }
  const installed = await readdir(contentDir).catch(() => [] as string[]);
  for (const product of ssgProductNames(os)) {
    const file = `ssg-${product}-ds.xml`;
    if (installed.includes(file)) return { file: join(contentDir, file), os };
  }
  const available = installed.filter((f) => f.endsWith('-ds.xml')).join(', ') || 'none';
  throw new ConfigurationError(
    ErrorCodes.scapContentMissing,
    `No SCAP Security Guide content for ${os.prettyName} (${ssgProductNames(os).map((p) => `ssg-${p}-ds.xml`).join(' or ')}) in ${contentDir} (installed: ${available}). ` +
      'Install the matching package (Debian: ssg-debian; others: scap-security-guide), or pass scap-content with a data stream and scap-profile.',
  );
}
