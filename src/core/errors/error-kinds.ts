/**
 * What kind of failure a code is, which decides the exit code on every runtime (GitHub, Azure DevOps, CLI).
 *
 * - `user`: the input, image.yaml, credential or role assignment needs a change; nothing in Azure was changed.
 * - `service`: Azure or an external tool (packer, a scanner, Image Builder) failed in a way no input fixes;
 *   re-running is safe and resumes.
 * - `rejected`: the step worked and its check said no: a signature, trust, provenance or scan-policy check, or a
 *   rollout health gate. This is not a user error: the invocation was right and re-running gives the same answer;
 *   "fix the input" (say, trust the key that signed it) is exactly the wrong reflex. It exits 1 like every
 *   failed check in CI, and keeps its own kind so the troubleshooting page and `--json` can say "do not use it".
 * - `internal`: image-publish did not classify the failure (a bug).
 */
export type ErrorKind = 'user' | 'service' | 'rejected' | 'internal';

/** One registry entry: the code users see, its kind, and the troubleshooting text (markdown). */
export interface ErrorEntry {
  readonly code: `E_${string}`;
  readonly kind: ErrorKind;
  /** What happened, in a sentence. */
  readonly meaning: string;
  /** What to do about it (markdown; may hold a list). */
  readonly fix: string;
}

/** The exit code of each kind: 2 only when nothing was changed and an input fix is the answer. */
export const exitCodeOfKind: Readonly<Record<ErrorKind, 1 | 2>> = { user: 2, service: 1, rejected: 1, internal: 1 };

/** How the troubleshooting page names each kind. */
export const kindTitles: Readonly<Record<ErrorKind, string>> = {
  user: 'user error',
  service: 'service failure',
  rejected: 'rejected by a check',
  internal: 'unclassified',
};
