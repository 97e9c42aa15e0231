import type { LifecycleRecord } from '../core/lifecycle/lifecycle-journal.js';
import { formatDuration, lifecycleOverview, type LifecycleStep } from '../core/summary/lifecycle-overview.js';
import { inputList } from '../core/config/input-values.js';
import { ErrorCodes } from '../core/errors.js';
import { inputError } from '../core/input-error.js';
import { defineStep } from './step-spec.js';

export interface OverviewInputs {
  /** Steps the job runs, in order; empty: the recorded ones in the order they ran. */
  steps: string[];
}

export type OverviewOutputs = {
  result: string;
  'failed-steps': string;
};

const NOT_RUN = 'no result recorded in this job: skipped after an earlier failure, or it never finished';

/** The listed steps in order (each with every record of it), then recorded steps the list does not name. */
function ordered(listed: readonly string[], records: readonly LifecycleRecord[]): { steps: LifecycleStep[]; unlisted: string[] } {
  const row = (r: LifecycleRecord): LifecycleStep => ({ name: r.step, status: r.status, durationMs: r.durationMs, ...(r.detail === undefined ? {} : { detail: r.detail }), ...(r.outputs === undefined ? {} : { outputs: r.outputs }) });
  if (listed.length === 0) return { steps: records.map(row), unlisted: [] };
  const steps = listed.flatMap((name) => {
    const ran = records.filter((r) => r.step === name);
    return ran.length > 0 ? ran.map(row) : [{ name, status: 'not run' as const, detail: NOT_RUN }];
  });
  const extra = records.filter((r) => !listed.includes(r.step));
  return { steps: [...steps, ...extra.map(row)], unlisted: [...new Set(extra.map((r) => r.step))] };
}

/** failed > incomplete (a listed step has no result) > succeeded-with-issues > succeeded. */
function overallResult(steps: readonly LifecycleStep[]): string {
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  if (steps.length === 0 || steps.some((s) => s.status === 'not run' || s.status === 'skipped')) return 'incomplete';
  return steps.some((s) => s.status === 'succeeded-with-issues') ? 'succeeded-with-issues' : 'succeeded';
}

/** Overview: the image-publish steps of this job as one picture, run last whatever happened before it. */
export const overviewStep = defineStep<OverviewInputs, OverviewOutputs>({
  name: 'overview',
  title: 'Image lifecycle overview',
  description:
    "Shows the image-publish steps that ran in this job (result, duration, what each did, its outputs) as one picture and table in the job summary. Each step records its result in the job's temp folder; run this step last with if: always() (GitHub) or condition: always() (Azure DevOps) so a failed run shows where it stopped. Needs no Azure access.",
  azdoTaskName: 'ImageLifecycleOverview',
  azdoTaskId: 'c9bf30b1-cbd8-4140-9534-941b9758cf52',
  azure: 'none',
  configScope: 'file',
  recordsLifecycle: false,
  inputs: {
    steps: {
      type: 'list',
      description: 'The image-publish steps this job runs, in order (e.g. bake, scan, sign, publish): a listed step without a recorded result shows as not run. Default: the steps that recorded a result, in the order they ran.',
    },
  },
  outputs: {
    result: { description: "succeeded, succeeded-with-issues, failed (a step failed) or incomplete (a listed step has no result)." },
    'failed-steps': { description: 'Comma-separated names of the steps that failed; empty when none did.' },
  },
  resolve(parsed) {
    const steps = [...new Set(inputList(parsed.steps))];
    const bad = steps.find((s) => !/^[a-z][a-z0-9-]*$/.test(s));
    if (bad !== undefined) throw inputError(ErrorCodes.inputInvalid, 'steps', `names '${bad}'; list step names as in the CLI (bake, scan, sign, publish, replicate, pin-rollout, verify, ...).`);
    return { steps };
  },
  async run(inputs, ctx) {
    const records = ctx.lifecycle === undefined ? [] : await ctx.lifecycle.read();
    const { steps, unlisted } = ordered(inputs.steps, records);
    const warnings: string[] = [];
    if (ctx.lifecycle === undefined) {
      warnings.push('No lifecycle journal in this run: the CLI keeps one only when IMAGE_PUBLISH_LIFECYCLE_FILE, RUNNER_TEMP or AGENT_TEMPDIRECTORY is set.');
    } else if (records.length === 0) {
      warnings.push(`No image-publish step recorded a result in this job (${ctx.lifecycle.location}). The overview covers the steps of its own job: run it last in that job.`);
    }
    if (unlisted.length > 0) warnings.push(`${unlisted.join(', ')} ran but input 'steps' does not list ${unlisted.length === 1 ? 'it' : 'them'}: check the spelling, or add ${unlisted.length === 1 ? 'it' : 'them'} to the list.`);
    for (const s of steps) ctx.logger.info(`${s.name}: ${s.status}${s.durationMs === undefined ? '' : ` in ${formatDuration(s.durationMs)}`}${s.detail ? `: ${s.detail}` : ''}`);
    const failed = steps.filter((s) => s.status === 'failed').map((s) => s.name);
    return {
      outputs: { result: overallResult(steps), 'failed-steps': [...new Set(failed)].join(',') },
      summary: lifecycleOverview(steps, { title: 'Image lifecycle' }),
      warnings,
    };
  },
});
