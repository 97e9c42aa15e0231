import { ImagePublishError } from '../core/errors.js';
import type { Summary } from '../core/summary/summary.js';
import type { StepOutputs } from './step-spec.js';

/**
 * A step throws this to fail while still reporting the outputs and summary it got to (so a re-run can resume
 * and the job summary says what happened); runtimes write both before failing.
 */
export class StepFailure extends Error {
  /** The stable E_* code of the cause, so callers can branch on it without unwrapping. */
  readonly code: string | undefined;

  constructor(
    override readonly cause: unknown,
    readonly outputs: StepOutputs,
    readonly summary?: Summary,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.code = cause instanceof ImagePublishError ? cause.code : undefined;
  }
}
