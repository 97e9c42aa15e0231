/**
 * The state a rollout leaves in tags, so a re-run resumes and `rollback: true` can restore: on each scale set the
 * imageReference it had before (for rollback) and the version pinned; on the image definition the lease and the
 * rings completed. Values over ARM's 256-character limit are split over numbered keys.
 */
import { TAG_PREFIX } from '../tags/provenance-tags.js';
import { MAX_TAG_VALUE_LENGTH } from '../tags/tag-limits.js';

export const RolloutTagKeys = {
  /** On a scale set: its imageReference before this rollout (an id, or JSON for marketplace references). */
  previous: `${TAG_PREFIX}rollout.previous`,
  /** On a scale set: the version id this rollout pinned. */
  pinned: `${TAG_PREFIX}rollout.pinned`,
  /** On the definition: `<owner>|<expiry ISO>|<version>` while a rollout runs. */
  lease: `${TAG_PREFIX}rollout.lease`,
  /**
   * On a host pool managed by session host update: the configuration's image before the last rollout that
   * succeeded, for a later `rollback: true` (the `previous` tag is gone once a rollout succeeds). A rollback clears it.
   */
  restore: `${TAG_PREFIX}rollout.restore`,
  /** On the definition: `<version>|<rings completed>`. */
  progress: `${TAG_PREFIX}rollout.progress`,
} as const;

type Tags = Record<string, string>;

/** Writes `value` under `key` (and `key.2`, `key.3`, ... when longer than one tag value may be). */
export function putLong(tags: Tags, key: string, value: string): void {
  removeLong(tags, key);
  const parts = value.match(new RegExp(`[\\s\\S]{1,${MAX_TAG_VALUE_LENGTH}}`, 'g')) ?? [''];
  parts.forEach((p, i) => {
    tags[i === 0 ? key : `${key}.${i + 1}`] = p;
  });
}

/** Reads a value written by putLong; undefined when absent. */
export function getLong(tags: Readonly<Tags> | undefined, key: string): string | undefined {
  let out = tags?.[key];
  if (!tags || out === undefined) return undefined;
  for (let i = 2; tags[`${key}.${i}`] !== undefined; i++) out += tags[`${key}.${i}`];
  return out;
}

export function removeLong(tags: Tags, key: string): void {
  delete tags[key];
  for (let i = 2; tags[`${key}.${i}`] !== undefined; i++) delete tags[`${key}.${i}`];
}

/** The imageReference as stored: a bare id when that is all it has, else canonical JSON. */
export function encodeImageReference(ref: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(ref).filter((k) => ref[k] !== undefined && k !== 'exactVersion');
  if (keys.length === 1 && keys[0] === 'id' && typeof ref.id === 'string') return ref.id;
  return JSON.stringify(Object.fromEntries(keys.sort().map((k) => [k, ref[k]])));
}

export function decodeImageReference(text: string): Record<string, unknown> {
  return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { id: text };
}

export interface Lease {
  owner: string;
  expiresAt: number;
  version: string;
}

export function encodeLease(l: Lease): string {
  return `${l.owner}|${new Date(l.expiresAt).toISOString()}|${l.version}`;
}

export function decodeLease(text: string | undefined): Lease | undefined {
  if (!text) return undefined;
  const [owner, expiry, version] = text.split('|');
  const expiresAt = Date.parse(expiry ?? '');
  if (!owner || Number.isNaN(expiresAt)) return undefined;
  return { owner, expiresAt, version: version ?? '' };
}

/** Rings completed for `version`, from the progress tag (0 when it records another version). */
export function ringsCompleted(tags: Readonly<Tags> | undefined, version: string): number {
  const [v, n] = (tags?.[RolloutTagKeys.progress] ?? '').split('|');
  return v === version ? Number(n) || 0 : 0;
}
