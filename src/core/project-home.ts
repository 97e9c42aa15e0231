import pkg from '../../package.json' with { type: 'json' };

/**
 * The project's one canonical home, read from package.json `repository` when the bundle is built. Every URI that
 * names this project (buildType, builder ids, the manifest type, the image.yaml schema, help links, the Marketplace
 * listing) is derived from it, so a fork changes that one field and regenerates (docs/forking.md).
 */
export const PROJECT_HOME: string = homeOf(pkg.repository.url);

/** Branch the permanent document links point at; signed statements carry them, so they must keep resolving. */
export const DOCS_BRANCH = 'main';

/** `owner/name` of the home repository, as `uses:` lines spell it. */
export const PROJECT_SLUG: string = PROJECT_HOME.replace(/^https:\/\/github\.com\//, '');

/** The owner part of the slug: the GitHub organisation (and, by default, the Marketplace publisher). */
export const PROJECT_OWNER: string = PROJECT_SLUG.split('/')[0] ?? PROJECT_SLUG;

/** A document of this repository as GitHub shows it, e.g. docUrl('docs/steps/sign.md', 'build-type-v1'). */
export function docUrl(path: string, anchor?: string): string {
  return `${PROJECT_HOME}/blob/${DOCS_BRANCH}/${path}${anchor === undefined ? '' : `#${anchor}`}`;
}

/** A file of this repository as raw bytes (what editors fetch for a JSON Schema). */
export function rawFileUrl(path: string): string {
  return `https://raw.githubusercontent.com/${PROJECT_SLUG}/${DOCS_BRANCH}/${path}`;
}

/** `git+https://github.com/owner/name.git` -> `https://github.com/owner/name`; anything else is a build error. */
export function homeOf(repositoryUrl: string): string {
  const match = /^(?:git\+)?https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repositoryUrl);
  if (match === null) {
    throw new Error(`package.json repository.url '${repositoryUrl}' is not a GitHub repository URL (git+https://github.com/<owner>/<name>.git).`);
  }
  return `https://github.com/${match[1] ?? ''}/${match[2] ?? ''}`;
}
