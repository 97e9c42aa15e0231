// Runs a two-job GitHub workflow whose second job fans out over the first job's output as the runner does:
// the first job's `outputs:` evaluated from its steps, `strategy.matrix: ${{ fromJSON(needs.<job>.outputs.<x>) }}`
// parsed, and one leg of the second job per `include` entry with its `matrix` context (legs run one after the
// other here; GitHub runs them in parallel, and the example's legs touch disjoint resources).
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { runWorkflowJob, substitute, type WorkflowJobResult, type WorkflowRunOptions } from './workflow-runner.js';

interface MatrixWorkflow {
  jobs: Record<string, { needs?: string | string[]; outputs?: Record<string, string>; strategy?: { matrix?: unknown; 'fail-fast'?: boolean } }>;
}

export interface MatrixRunResult {
  plan: WorkflowJobResult;
  /** The first job's outputs, as `needs.<job>.outputs` gives them. */
  outputs: Record<string, string>;
  legs: { matrix: Record<string, string>; run: WorkflowJobResult }[];
}

/** Runs `planJob`, then every leg of `matrixJob`; `o.matrix` and `o.needs` are set per leg. */
export async function runWorkflowMatrix(workflowFile: string, planJob: string, matrixJob: string, o: WorkflowRunOptions): Promise<MatrixRunResult> {
  const workflow = parseYaml(await readFile(workflowFile, 'utf8')) as MatrixWorkflow;
  const fan = workflow.jobs[matrixJob];
  if (fan === undefined) throw new Error(`${workflowFile}: no job '${matrixJob}'`);
  if ([fan.needs ?? []].flat().join() !== planJob) throw new Error(`${workflowFile}: job '${matrixJob}' must need exactly '${planJob}'`);
  const plan = await runWorkflowJob(workflowFile, planJob, o);
  if (plan.conclusion !== 'success') return { plan, outputs: {}, legs: [] };
  const steps = Object.fromEntries(plan.steps.flatMap((s) => (s.id === undefined ? [] : [[s.id, { outputs: s.outputs }]])));
  const scope = { github: o.github, vars: o.vars, secrets: o.secrets, inputs: o.inputs ?? {}, env: {}, runner: { temp: '', os: 'Linux', arch: 'X64' }, steps };
  const outputs = Object.fromEntries(Object.entries(workflow.jobs[planJob]?.outputs ?? {}).map(([k, v]) => [k, substitute(String(v), scope)]));
  const matrixText = String(fan.strategy?.matrix ?? '');
  const m = new RegExp(`^\\$\\{\\{\\s*fromJSON\\(needs\\.${planJob}\\.outputs\\.([\\w-]+)\\)\\s*\\}\\}$`).exec(matrixText.trim());
  if (!m) throw new Error(`${workflowFile}: ${matrixJob}.strategy.matrix must be \${{ fromJSON(needs.${planJob}.outputs.<name>) }}, is '${matrixText}'`);
  const value = outputs[m[1] ?? ''];
  if (value === undefined) throw new Error(`${workflowFile}: job '${planJob}' declares no output '${m[1]}'`);
  const matrix = JSON.parse(value) as { include?: Record<string, unknown>[] };
  if (!Array.isArray(matrix.include) || matrix.include.length === 0) throw new Error(`${workflowFile}: the matrix has no include entries: ${value}`);
  const legs: MatrixRunResult['legs'] = [];
  for (const entry of matrix.include) {
    const legMatrix = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, String(v)]));
    legs.push({ matrix: legMatrix, run: await runWorkflowJob(workflowFile, matrixJob, { ...o, matrix: legMatrix, needs: { [planJob]: { outputs } } }) });
  }
  return { plan, outputs, legs };
}
