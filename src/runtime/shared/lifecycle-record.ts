/**
 * Each runtime's part of the lifecycle overview: after every step, one record of how it went in the job's
 * journal (src/core/lifecycle/lifecycle-journal.ts), so a final overview step can show the whole run.
 */
import { join } from 'node:path';
import { appendLifecycleRecord, type LifecycleRecord } from '../../core/lifecycle/lifecycle-journal.js';
import type { AnyStepSpec } from '../../steps/step-spec.js';
import type { StepOutcome } from './execute-step.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Long values (replicate's regions JSON, ...) are cut here: the overview folds outputs, it does not archive them. */
const MAX_VALUE_CHARS = 300;

/**
 * The journal of this job: IMAGE_PUBLISH_LIFECYCLE_FILE when set, else a file in the runner's per-job temp folder
 * (RUNNER_TEMP on GitHub, AGENT_TEMPDIRECTORY on Azure DevOps, both emptied between jobs); none for a plain CLI run.
 */
export function lifecycleFile(env: Env): string | undefined {
  const explicit = env.IMAGE_PUBLISH_LIFECYCLE_FILE?.trim();
  if (explicit) return explicit;
  const temp = env.RUNNER_TEMP?.trim() || env.AGENT_TEMPDIRECTORY?.trim();
  return temp ? join(temp, 'image-publish', 'lifecycle.jsonl') : undefined;
}

function cut(text: string): string {
  const line = text.replace(/\s*\r?\n\s*/g, ' ').trim();
  return line.length > MAX_VALUE_CHARS ? `${line.slice(0, MAX_VALUE_CHARS - 1)}…` : line;
}

export interface LifecycleRecordInput {
  file: string | undefined;
  step: AnyStepSpec;
  outcome: StepOutcome;
  /** Epoch ms when the runtime started the step, and when it ended. */
  startedAt: number;
  endedAt: number;
  /** The failure text the runtime shows (already scrubbed and spelled for the platform). */
  failure: string | undefined;
  scrub(text: string): string;
  warn(message: string): void;
}

/** The record of one step run: status, time, the summary's status line or the failure, non-secret outputs. */
export function lifecycleRecord(o: Omit<LifecycleRecordInput, 'file' | 'warn'>): LifecycleRecord {
  const outputs = Object.fromEntries(
    Object.entries(o.outcome.outputs)
      .filter(([name]) => o.step.outputs[name]?.secret !== true)
      .map(([name, value]) => [name, cut(o.scrub(String(value)))]),
  );
  const detail = o.failure ?? o.outcome.summary?.status;
  return {
    step: o.step.name,
    status: o.outcome.status,
    startedAt: new Date(o.startedAt).toISOString(),
    durationMs: Math.max(0, o.endedAt - o.startedAt),
    ...(detail === undefined ? {} : { detail: cut(o.scrub(detail)) }),
    ...(Object.keys(outputs).length === 0 ? {} : { outputs }),
  };
}

/** Appends the step's record when the job keeps a journal; a journal that cannot be written costs a warning, never the step. */
export async function recordLifecycle(o: LifecycleRecordInput): Promise<void> {
  if (o.file === undefined || o.step.recordsLifecycle === false) return;
  try {
    await appendLifecycleRecord(o.file, lifecycleRecord(o));
  } catch (error) {
    o.warn(`Could not record ${o.step.name}'s result for the lifecycle overview in ${o.file}: ${(error as Error).message}`);
  }
}
