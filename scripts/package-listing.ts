/**
 * The Marketplace listing check `npm run package` runs before it stages anything: every field the listing shows
 * (tags, links, repository, license, branding, categories, a real publisher, overview with every task; each
 * screenshot listed) must be there, and every file it names must exist. Each problem is one line naming the field and the fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Publisher ids that mean "nobody set this". */
const PLACEHOLDER_PUBLISHERS = new Set(['', 'image-publish', 'publisher', 'your-publisher', 'contoso', 'todo']);
const LINKS = ['home', 'getstarted', 'support', 'license'] as const;

/** Listing problems of a parsed vss-extension.json under `root`; empty when it is ready to publish. */
export function listingProblems(manifest: Record<string, unknown>, root: string, overviewPath: string): string[] {
  const problems: string[] = [];
  const fix = 'set it in src/runtime/metadata/extension-manifest.ts and run `npm run generate`';
  const publisher = typeof manifest.publisher === 'string' ? manifest.publisher : '';
  if (PLACEHOLDER_PUBLISHERS.has(publisher.toLowerCase())) {
    problems.push(`publisher '${publisher}' is a placeholder: use your Marketplace publisher id (docs/marketplace.md)`);
  }
  const nonEmptyList = (key: string): void => {
    const value = manifest[key];
    if (!Array.isArray(value) || value.length === 0) problems.push(`${key} is missing or empty: ${fix}`);
  };
  nonEmptyList('tags');
  nonEmptyList('categories');
  const links = (manifest.links ?? {}) as Record<string, { uri?: unknown } | undefined>;
  for (const link of LINKS) {
    const uri = links[link]?.uri;
    if (typeof uri !== 'string' || !/^https:\/\//.test(uri)) problems.push(`links.${link}.uri is missing (an https URL): ${fix}`);
  }
  const repository = manifest.repository as { type?: unknown; uri?: unknown } | undefined;
  if (repository?.type !== 'git' || typeof repository.uri !== 'string') problems.push(`repository { type: git, uri } is missing: ${fix}`);
  const branding = manifest.branding as { color?: unknown; theme?: unknown } | undefined;
  if (typeof branding?.color !== 'string' || (branding.theme !== 'dark' && branding.theme !== 'light')) {
    problems.push(`branding { color, theme: dark|light } is missing: ${fix}`);
  }
  const license = (manifest.content as Record<string, { path?: unknown }> | undefined)?.license?.path;
  if (typeof license !== 'string') problems.push(`content.license.path is missing: ${fix}`);
  else if (!existsSync(join(root, license))) problems.push(`content.license.path names ${license}, which does not exist`);
  // Screenshots are optional for the Marketplace; each one listed must exist.
  const screenshots = manifest.screenshots;
  if (screenshots !== undefined && !Array.isArray(screenshots)) problems.push(`screenshots must be a list of { path }: ${fix}`);
  else {
    for (const shot of (screenshots ?? []) as { path?: unknown }[]) {
      if (typeof shot.path !== 'string' || !existsSync(join(root, shot.path))) {
        problems.push(`screenshot ${String(shot.path)} does not exist: run \`npm run screenshots\` (scripts/screenshots.ts) and commit the PNG`);
      }
    }
  }
  if (!existsSync(join(root, overviewPath))) problems.push(`${overviewPath} is missing: the listing's overview`);
  else {
    const overview = readFileSync(join(root, overviewPath), 'utf8');
    const tasks = readTaskNames(root, manifest);
    const missing = tasks.filter((task) => !overview.includes(`${task}@1`));
    if (missing.length > 0) problems.push(`${overviewPath} does not list ${missing.map((t) => `${t}@1`).join(', ')}: add a row per task`);
  }
  return problems;
}

/** Task names of the manifest's task contributions, read from each task folder's task.json. */
function readTaskNames(root: string, manifest: Record<string, unknown>): string[] {
  const contributions = (manifest.contributions ?? []) as { properties?: { name?: string } }[];
  return contributions.flatMap((c) => {
    const file = join(root, c.properties?.name ?? '', 'task.json');
    return existsSync(file) ? [(JSON.parse(readFileSync(file, 'utf8')) as { name: string }).name] : [];
  });
}
