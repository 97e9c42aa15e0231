import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { RunInfo } from '../run-info.js';
import { type MapSyntax, inputMap } from '../config/input-values.js';

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

/** How the `tags` input is written: key=value lines, or commas between entries, or a JSON object. */
export const TAG_INPUT_SYNTAX: MapSyntax = { commas: true, noun: 'tag' };

/** The `tags` input (the runtime's parsed map, or its text), refusing this tool's reserved tag names. */
export function parseTagInput(value: unknown, inputName = 'tags'): Record<string, string> {
  const tags = inputMap(value, inputName, TAG_INPUT_SYNTAX);
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
