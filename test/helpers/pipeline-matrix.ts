// Runs a two-job Azure Pipelines file whose second job fans out over an output variable of the first, as the
// agent does: `strategy: matrix: $[ dependencies.<job>.outputs['<step>.<variable>'] ]` read from the first job's
// step outputs, parsed as the legs' JSON, and one run of the second job per leg with the leg's variables (one
// after the other here; Azure DevOps may run them in parallel, and the example's legs touch disjoint resources).
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { runPipelineJob, type PipelineJobResult, type PipelineRunOptions } from './pipeline-runner.js';

interface MatrixPipeline {
  jobs: { job: string; dependsOn?: string | string[]; strategy?: { matrix?: unknown } }[];
}

export interface PipelineMatrixResult {
  plan: PipelineJobResult;
  legs: { name: string; variables: Record<string, string>; run: PipelineJobResult }[];
}

/** Runs `planJob`, then each leg of `matrixJob` with its matrix variables. */
export async function runPipelineMatrix(pipelineFile: string, planJob: string, matrixJob: string, o: PipelineRunOptions): Promise<PipelineMatrixResult> {
  const pipeline = parseYaml(await readFile(pipelineFile, 'utf8')) as MatrixPipeline;
  const fan = pipeline.jobs.find((j) => j.job === matrixJob);
  if (fan === undefined) throw new Error(`${pipelineFile}: no job '${matrixJob}'`);
  if ([fan.dependsOn ?? []].flat().join() !== planJob) throw new Error(`${pipelineFile}: job '${matrixJob}' must depend on exactly '${planJob}'`);
  const text = String(fan.strategy?.matrix ?? '').trim();
  const m = new RegExp(`^\\$\\[\\s*dependencies\\.${planJob}\\.outputs\\['([\\w-]+)\\.([\\w-]+)'\\]\\s*\\]$`).exec(text);
  if (!m) throw new Error(`${pipelineFile}: ${matrixJob}.strategy.matrix must be $[ dependencies.${planJob}.outputs['<step>.<variable>'] ], is '${text}'`);
  const plan = await runPipelineJob(pipelineFile, planJob, o);
  if (plan.conclusion !== 'succeeded') return { plan, legs: [] };
  const step = plan.steps.find((s) => s.name === m[1]);
  if (step === undefined) throw new Error(`${pipelineFile}: job '${planJob}' has no step named '${m[1]}'`);
  const value = step.outputs[m[2] ?? ''];
  if (value === undefined) throw new Error(`${pipelineFile}: step '${m[1]}' set no output variable '${m[2]}' (outputs: ${Object.keys(step.outputs).join(', ')})`);
  const legs: PipelineMatrixResult['legs'] = [];
  for (const [name, vars] of Object.entries(JSON.parse(value) as Record<string, Record<string, unknown>>)) {
    const variables = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
    legs.push({ name, variables, run: await runPipelineJob(pipelineFile, matrixJob, { ...o, matrix: variables }) });
  }
  return { plan, legs };
}
