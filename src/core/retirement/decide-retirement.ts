/**
 * The retirement decision as a pure function: versions + usage + policy + now -> one action per version, with
 * reasons. Everything that talks to Azure lives elsewhere so this can be table-tested in every combination.
 */
import { compareVersions, tryParseVersion } from '../versioning/gallery-version.js';
import type { Reason, RetirementAction, RetirementPolicy, UsageFacts, VersionFacts } from './retirement-types.js';
import { defined } from '../defined.js';

const DAY_MS = 86_400_000;

/** Orders versions newest first; names that are not x.y.z sort last (ARM only allows x.y.z, but be total). */
export function newestFirst(versions: readonly VersionFacts[]): VersionFacts[] {
  return [...versions].sort((a, b) => {
    const va = tryParseVersion(a.name);
    const vb = tryParseVersion(b.name);
    if (va && vb) return compareVersions(vb, va);
    if (va) return -1;
    if (vb) return 1;
    return a.name.localeCompare(b.name);
  });
}

/**
 * The version a definition-id ("latest") consumer gets today: the highest version that is not excluded from
 * latest and finished provisioning. Deprecating it would roll "latest" back, deleting it would break them.
 */
export function latestVersion(versions: readonly VersionFacts[]): string | undefined {
  return newestFirst(versions).find((v) => !v.excludeFromLatest && v.provisioningState === 'Succeeded')?.name;
}

/**
 * The end-of-life date deprecation writes: now, except that a future date protected by
 * blockDeletionBeforeEndOfLife is kept. Pulling it forward would defeat the safety profile (the next run could
 * delete a version its publisher promised until that date).
 */
export function deprecationEndOfLife(v: VersionFacts, now: number): number {
  return v.blockDeletionBeforeEndOfLife && v.endOfLifeAt !== undefined && v.endOfLifeAt > now ? v.endOfLifeAt : now;
}

/** True when the version is out of "latest" and carries the end-of-life date deprecation would write (or earlier). */
export function isDeprecated(v: VersionFacts, now: number): boolean {
  return v.excludeFromLatest && v.endOfLifeAt !== undefined && v.endOfLifeAt <= deprecationEndOfLife(v, now);
}

/** The keep tag counts unless its value says false, so `keep=` and `keep=true` both keep. */
export function hasKeepTag(tags: Readonly<Record<string, string>>, keepTag: string): boolean {
  const key = Object.keys(tags).find((k) => k.toLowerCase() === keepTag.toLowerCase());
  return key !== undefined && tags[key]?.trim().toLowerCase() !== 'false';
}

function days(ms: number): string {
  const d = ms / DAY_MS;
  return Number.isInteger(d) ? `${d}d` : `${d.toFixed(1)}d`;
}

/** Decides what to do with every version. Never deletes what is pinned, in use, serving latest, kept or blocked. */
export function decideRetirement(
  versions: readonly VersionFacts[],
  usage: UsageFacts,
  policy: RetirementPolicy,
  now: number,
): RetirementAction[] {
  const ordered = newestFirst(versions);
  const latest = latestVersion(versions);
  return ordered.map((v, rank) => decideOne(v, rank, latest, usage, policy, now));
}

function decideOne(
  v: VersionFacts,
  rank: number,
  latest: string | undefined,
  usage: UsageFacts,
  policy: RetirementPolicy,
  now: number,
): RetirementAction {
  const base = { version: v.name, id: v.id };
  const keep = (reasons: Reason[]): RetirementAction => ({ ...base, action: 'keep', reasons });

  // Absolute protections: none of these may be deprecated or deleted.
  const protections: Reason[] = [];
  if (rank < policy.keepLatest) protections.push({ code: 'newest', text: `one of the newest ${policy.keepLatest} (rank ${rank + 1})` });
  if (hasKeepTag(v.tags, policy.keepTag)) protections.push({ code: 'keep-tag', text: `tagged '${policy.keepTag}'` });
  const pins = usage.pins[v.name] ?? [];
  if (pins.length > 0) protections.push({ code: 'pinned', text: `pinned by channel ${pins.join(', ')}` });
  if (v.name === latest) {
    const who = usage.latestConsumers.length;
    protections.push({ code: 'serves-latest', text: `is what 'latest' resolves to${who > 0 ? ` for ${who} consumer(s)` : ''}` });
  }
  if (!['Succeeded', 'Failed', 'Deleting'].includes(v.provisioningState)) {
    protections.push({ code: 'busy', text: `provisioningState is ${v.provisioningState}: another operation owns it` });
  }
  if (protections.length > 0) return keep(protections);

  if (v.publishedAt === undefined) return keep([{ code: 'age-unknown', text: 'ARM reports no publishedDate, so its age is unknown' }]);
  const age = now - v.publishedAt;

  // Deletion blockers: the version may still be deprecated, never deleted.
  const consumers = usage.consumers[v.name] ?? [];
  const blockers: Reason[] = [];
  if (consumers.length > 0) blockers.push({ code: 'in-use', text: `used by ${consumers.length} consumer(s): ${consumers.slice(0, 3).join(', ')}${consumers.length > 3 ? ', ...' : ''}` });
  if (v.blockDeletionBeforeEndOfLife && (v.endOfLifeAt === undefined || v.endOfLifeAt > now)) {
    blockers.push({
      code: 'blocked-before-end-of-life',
      text: `safetyProfile.blockDeletionBeforeEndOfLife is set and end of life ${v.endOfLifeAt === undefined ? 'is not set' : `is ${new Date(v.endOfLifeAt).toISOString()}`}`,
    });
  }

  const deleteAfterMs = policy.deleteAfterMs;
  const deleteDue = deleteAfterMs !== undefined && age >= deleteAfterMs;
  if (deleteDue && blockers.length === 0) {
    return { ...base, action: 'delete', reasons: [{ code: 'delete-after', text: `published ${days(age)} ago (delete after ${days(deleteAfterMs)}), unused` }] };
  }
  // A version due for deletion but blocked is at least deprecated, so nothing new picks it up.
  const deprecateDue = deleteDue || (policy.deprecateAfterMs !== undefined && age >= policy.deprecateAfterMs);
  if (deprecateDue && !isDeprecated(v, now)) {
    const threshold = defined(policy.deprecateAfterMs ?? deleteAfterMs, 'deprecation threshold');
    return {
      ...base,
      action: 'deprecate',
      endOfLifeDate: new Date(deprecationEndOfLife(v, now)).toISOString(),
      reasons: [{ code: 'deprecate-after', text: `published ${days(age)} ago (deprecate after ${days(threshold)})` }, ...blockers],
    };
  }
  if (deprecateDue) return keep([{ code: 'already-deprecated', text: 'already deprecated' }, ...blockers]);
  return keep([{ code: 'too-young', text: `published ${days(age)} ago, below every threshold` }, ...blockers]);
}
