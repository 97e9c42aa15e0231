import { ConfigurationError, ErrorCodes } from '../errors.js';

/** ARM's documented tag limits (Azure Resource Manager "Use tags" page). */
export const MAX_TAGS = 50;
export const MAX_TAG_KEY_LENGTH = 512;
export const MAX_TAG_VALUE_LENGTH = 256;
const FORBIDDEN_KEY_CHARACTERS = ['<', '>', '%', '&', '\\', '?', '/'];

/** Every reason a tag set breaks ARM's limits; empty when valid. Pure, so it can run before any change. */
export function tagLimitViolations(tags: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) {
    problems.push(`${keys.length} tags (provenance + user + existing); ARM allows at most ${MAX_TAGS} per resource`);
  }
  const seen = new Map<string, string>();
  for (const key of keys) {
    const value = tags[key] ?? '';
    if (key.trim() === '') problems.push(`a tag key is empty`);
    if (key.length > MAX_TAG_KEY_LENGTH) {
      problems.push(`tag key '${key.slice(0, 40)}...' is ${key.length} characters; the limit is ${MAX_TAG_KEY_LENGTH}`);
    }
    const bad = FORBIDDEN_KEY_CHARACTERS.filter((ch) => key.includes(ch));
    if (bad.length > 0) problems.push(`tag key '${key}' contains ${bad.map((c) => `'${c}'`).join(', ')}, which ARM refuses in keys`);
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      problems.push(`tag '${key}' has a ${value.length}-character value; the limit is ${MAX_TAG_VALUE_LENGTH}`);
    }
    // ARM tag keys are case-insensitive: two keys differing only in case collide.
    const folded = key.toLowerCase();
    const previous = seen.get(folded);
    if (previous !== undefined) problems.push(`tag keys '${previous}' and '${key}' differ only in case; ARM treats them as one`);
    seen.set(folded, key);
  }
  return problems;
}

/** Throws E_INPUT_INVALID listing every violation when the tag set breaks ARM's limits. */
export function assertTagLimits(tags: Readonly<Record<string, string>>, where: string): void {
  const problems = tagLimitViolations(tags);
  if (problems.length > 0) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `The tags for ${where} break ARM's limits:\n- ${problems.join('\n- ')}\nFix the 'tags' input or image.yaml 'tags'.`,
    );
  }
}

/** Throws E_INPUT_MISSING listing required tag keys (from image.yaml) that the final tag set lacks or leaves empty. */
export function assertRequiredTags(tags: Readonly<Record<string, string>>, required: readonly string[]): void {
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  const missing = required.filter((key) => (lower.get(key.toLowerCase()) ?? '').trim() === '');
  if (missing.length > 0) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      `image.yaml requires the tag(s) ${missing.map((k) => `'${k}'`).join(', ')}, which the version would not have. ` +
        `Add them to the 'tags' input (key=value lines) or to image.yaml 'tags'.`,
    );
  }
}
