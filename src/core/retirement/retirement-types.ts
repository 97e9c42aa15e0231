/** The data the retirement decision is made from and the decisions it returns (issue 10). */

/** What retire knows about one gallery image version, read from ARM. */
export interface VersionFacts {
  /** `x.y.z` */
  name: string;
  id: string;
  /** publishingProfile.publishedDate in ms; undefined when ARM did not report one (age unknown). */
  publishedAt: number | undefined;
  /** publishingProfile.endOfLifeDate in ms. */
  endOfLifeAt: number | undefined;
  excludeFromLatest: boolean;
  /** safetyProfile.blockDeletionBeforeEndOfLife */
  blockDeletionBeforeEndOfLife: boolean;
  provisioningState: string;
  tags: Readonly<Record<string, string>>;
}

/** Who uses which version. A version absent from the maps is used by nobody. */
export interface UsageFacts {
  /** version name -> channel pins (`prod`, `prod.previous`) naming it. */
  pins: Readonly<Record<string, readonly string[]>>;
  /** version name -> resource ids of scale sets and VMs whose imageReference.id is exactly this version. */
  consumers: Readonly<Record<string, readonly string[]>>;
  /** Scale sets and VMs whose imageReference.id is the definition: they follow "latest". */
  latestConsumers: readonly string[];
}

/** The retirement policy, all durations in ms. Absent thresholds disable that action. */
export interface RetirementPolicy {
  /** The newest N versions (by version number) are never deprecated or deleted. */
  keepLatest: number;
  deprecateAfterMs: number | undefined;
  deleteAfterMs: number | undefined;
  /** Tag name that keeps a version; any value except 'false' counts. */
  keepTag: string;
}

export type RetirementActionKind = 'delete' | 'deprecate' | 'keep';

/** Stable reason codes, so pipelines can filter the JSON outputs. */
export type ReasonCode =
  | 'newest'
  | 'keep-tag'
  | 'pinned'
  | 'in-use'
  | 'serves-latest'
  | 'blocked-before-end-of-life'
  | 'busy'
  | 'age-unknown'
  | 'too-young'
  | 'already-deprecated'
  | 'deprecate-after'
  | 'delete-after';

export interface Reason {
  code: ReasonCode;
  /** One human sentence, e.g. "pinned by channel prod". */
  text: string;
}

/** One decision per version; `reasons` explain it (for keep: every reason it is kept). */
export interface RetirementAction {
  version: string;
  id: string;
  action: RetirementActionKind;
  reasons: Reason[];
  /** For deprecate: the endOfLifeDate to set (ISO). */
  endOfLifeDate?: string;
}
