import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { RunInfo } from '../run-info.js';
import { inputError } from '../input-error.js';

/** Every tag this tool writes starts with this prefix, so users' own tags never collide with ours. */
export const TAG_PREFIX = 'image-publish.';

export const ProvenanceTagKeys = {
  commit: `${TAG_PREFIX}commit`,
  ref: `${TAG_PREFIX}ref`,
  repository: `${TAG_PREFIX}repository`,
  runUrl: `${TAG_PREFIX}run-url`,
  runId: `${TAG_PREFIX}run-id`,
  actor: `${TAG_PREFIX}actor`,
  platform: `${TAG_PREFIX}platform`,
  sourceId: `${TAG_PREFIX}source-id`,
  bakeEngine: `${TAG_PREFIX}bake-engine`,
  /** Identifies which run created a version, so racing `auto` publishers can tell whose number it is. */
  claim: `${TAG_PREFIX}claim`,
  /** On a run's intent register (a gallery application): the `<definition>/<version>` it is about to create. */
  intent: `${TAG_PREFIX}intent`,
} as const;

/** The provenance tags for one publish; absent facts are left out rather than written empty. */
export function provenanceTags(run: RunInfo, sourceId: string, bakeEngine?: string): Record<string, string> {
  const tags: Record<string, string> = {};
  const put = (key: string, value: string | number | undefined) => {
    if (value !== undefined && String(value) !== '') tags[key] = truncate(String(value));
  };
  put(ProvenanceTagKeys.platform, run.platform);
  put(ProvenanceTagKeys.repository, run.repository);
  put(ProvenanceTagKeys.commit, run.commit);
  put(ProvenanceTagKeys.ref, run.ref);
  put(ProvenanceTagKeys.runUrl, run.runUrl);
  put(ProvenanceTagKeys.runId, run.runAttempt === undefined ? run.runId : `${run.runId ?? ''}/${run.runAttempt}`);
  put(ProvenanceTagKeys.actor, run.actor);
  put(ProvenanceTagKeys.sourceId, sourceId);
  put(ProvenanceTagKeys.bakeEngine, bakeEngine);
  return tags;
}

// Long run URLs or resource ids must not make the whole publish fail on ARM's 256-character value limit;
// the tail (run number, resource name) is the part that identifies, so keep that.
function truncate(value: string): string {
  return value.length <= 256 ? value : `...${value.slice(value.length - 253)}`;
}

/** Parses `key=value` lines (or a JSON object) from the `tags` input. */
export function parseTagInput(text: string, inputName = 'tags'): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw inputError(ErrorCodes.inputInvalid, inputName, `starts with '{' but is not a JSON object of strings; use JSON or key=value lines.`);
    }
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') {
        throw inputError(ErrorCodes.inputInvalid, inputName,
          `gives tag '${key}' the ${value === null ? 'value null' : Array.isArray(value) ? 'array' : `${typeof value} value`} ${JSON.stringify(value)}; ` +
            `tag values are strings: quote numbers and booleans (e.g. "${key}": "1") and flatten objects.`,
        );
      }
      tags[key] = value;
    }
    assertNoReservedTags(tags, `Input '${inputName}'`);
    return tags;
  }
  const tags: Record<string, string> = {};
  for (const raw of trimmed.split(/\r?\n|,(?=[^=,]+=)/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      throw inputError(ErrorCodes.inputInvalid, inputName, `has the line '${line}', which is not key=value; write one tag per line as key=value.`);
    }
    tags[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  assertNoReservedTags(tags, `Input '${inputName}'`);
  return tags;
}

/** The signature tags sign outputs (signature-tags) for publish to record: this tool's own, handed over by input. */
export const SIGNATURE_TAG_PREFIX = `${TAG_PREFIX}signature.`;

/**
 * User tags must not use this tool's prefix: they would silently replace provenance (or the claim that keeps
 * racing runs apart). ARM tag names are case-insensitive, so neither may any spelling of it. The signature tags
 * are the exception: sign writes them for publish's tags input, and publish writes no tag of that name itself.
 */
export function assertNoReservedTags(tags: Readonly<Record<string, string>>, where: string): void {
  const reserved = Object.keys(tags).filter((key) => key.toLowerCase().startsWith(TAG_PREFIX) && !key.toLowerCase().startsWith(SIGNATURE_TAG_PREFIX));
  if (reserved.length > 0) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `${where} sets ${reserved.map((k) => `'${k}'`).join(', ')}: tag names starting with '${TAG_PREFIX}' are reserved for the ` +
        `provenance tags this tool writes. Rename the tag (e.g. without the prefix).`,
    );
  }
}
