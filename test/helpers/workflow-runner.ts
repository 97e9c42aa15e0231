// Runs one job of a GitHub Actions workflow file the way the runner does: steps in order, `${{ }}` expressions
// substituted from the contexts, each local action (`uses: ./...`) as its own Node 24 process through
// runGithubAction (INPUT_ variables, GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STEP_SUMMARY files), `run:` steps in
// bash, GITHUB_ENV exports carried to later steps, and `if:` status functions. Only the expression forms the
// examples use are supported; anything else throws, so a typo in an example fails the test instead of turning
// into an empty string as it would on GitHub.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseGithubFileCommands, runGithubAction, type GithubRunResult } from './runner.js';
import { PROJECT_SLUG } from '../../src/core/project-home.js';

/**
 * The folder of an action this checkout provides: `./x` as written, or this project's published form
 * (`<owner>/image-publish/actions/<step>@v1`, `<owner>/image-publish@v1`), which a runner would download from the
 * home repository that the workspace is a checkout of.
 */
function localAction(uses: string): string | undefined {
  if (uses.startsWith('./')) return uses;
  const [path, ref] = uses.split('@');
  if (ref === undefined || path === undefined) return undefined;
  if (path === PROJECT_SLUG) return './';
  return path.startsWith(`${PROJECT_SLUG}/`) ? `./${path.slice(PROJECT_SLUG.length + 1)}` : undefined;
}

export interface GithubContext {
  repository: string;
  ref: string;
  sha: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  actor: string;
  event_name: 'push' | 'workflow_dispatch';
  /** The job's GITHUB_TOKEN (a secret): what `${{ github.token }}` gives. */
  token: string;
}

export interface WorkflowRunOptions {
  /** GITHUB_WORKSPACE: the checked-out repository; `uses: ./x` resolves against it. */
  workspace: string;
  github: GithubContext;
  /** Repository variables; an expression naming one that is not here throws (GitHub would give ''). */
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** workflow_dispatch inputs; declared inputs that are missing take their declared default. */
  inputs?: Record<string, string>;
  /** What the runner itself provides: ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, NODE_EXTRA_CA_CERTS, ... */
  runnerEnv: Record<string, string>;
  /** Called before each step runs (progress in long tests). */
  onStep?: (name: string) => void;
  /**
   * `uses:` values to skip (conclusion 'skipped') because the action does not exist in this build yet; every
   * other missing action fails the run.
   */
  unavailable?: readonly string[];
  /** The `matrix` context of one leg of a matrix job (test/helpers/workflow-matrix.ts). */
  matrix?: Record<string, string>;
  /** The `needs` context: outputs of the jobs this one needs. */
  needs?: Record<string, { outputs: Record<string, string> }>;
}

export interface WorkflowStepResult {
  id: string | undefined;
  name: string;
  kind: 'action' | 'run' | 'external';
  /** `uses:` as written, for actions. */
  uses?: string;
  /** `with:` after substitution (external steps: what would have been passed). */
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  conclusion: 'success' | 'failure' | 'skipped';
  /** The process result of a local action. */
  action?: GithubRunResult;
  /** stdout as the runner shows it, and stderr. */
  log: string;
  stderr: string;
  summary: string;
}

export interface WorkflowJobResult {
  conclusion: 'success' | 'failure';
  steps: WorkflowStepResult[];
  /** Everything the job showed (logs, stderr, summaries, outputs): what a secret must never appear in. */
  transcript: string;
  /** Values the runner masks: secrets.* and every ::add-mask:: a step registered. */
  masks: string[];
}

interface WorkflowStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}

interface Workflow {
  env?: Record<string, unknown>;
  on?: { workflow_dispatch?: { inputs?: Record<string, { default?: unknown }> } };
  jobs: Record<string, { env?: Record<string, unknown>; steps: WorkflowStep[] }>;
}

interface ActionMetadata {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, unknown>;
}

/** The contexts an expression may read. `steps` holds only steps that ran, with their declared outputs. */
export interface ExpressionScope {
  github: GithubContext;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  inputs: Record<string, string>;
  env: Record<string, string>;
  runner: { temp: string; os: string; arch: string };
  steps: Record<string, { outputs: Record<string, string>; declared?: readonly string[] }>;
  /** Ids of every step in the job: one that has not run (skipped, or later) reads as '' as on GitHub. */
  stepIds?: readonly string[];
  matrix?: Record<string, string>;
  needs?: Record<string, { outputs: Record<string, string> }>;
}

function lookup(map: Record<string, string>, key: string, what: string, expr: string): string {
  if (!Object.prototype.hasOwnProperty.call(map, key)) throw new Error(`\${{ ${expr} }}: ${what} '${key}' is not defined`);
  return map[key] ?? '';
}

/** Evaluates one property-dereference expression (`steps.bake.outputs.image-id`, `vars.X`, ...). */
export function evaluateExpression(expr: string, scope: ExpressionScope): string {
  const match = /^([a-z_]+)((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)$/.exec(expr.trim());
  if (!match) throw new Error(`\${{ ${expr} }}: unsupported expression (the test runner knows context.property forms only)`);
  const root = match[1] ?? '';
  const path = (match[2] ?? '').slice(1).split('.');
  const [first = '', second, third] = path;
  switch (root) {
    case 'vars':
    case 'secrets':
    case 'inputs':
    case 'env':
      if (path.length !== 1) break;
      return lookup(scope[root], first, root === 'vars' ? 'repository variable' : root === 'secrets' ? 'secret' : root === 'inputs' ? 'input' : 'environment variable', expr);
    case 'github':
      if (path.length !== 1 || !Object.prototype.hasOwnProperty.call(scope.github, first)) break;
      return String(scope.github[first as keyof GithubContext]);
    case 'runner':
      if (path.length !== 1 || !Object.prototype.hasOwnProperty.call(scope.runner, first)) break;
      return scope.runner[first as keyof ExpressionScope['runner']];
    case 'matrix':
      if (path.length !== 1 || scope.matrix === undefined) break;
      return lookup(scope.matrix, first, 'matrix property', expr);
    case 'needs': {
      const job = scope.needs?.[first];
      if (path.length !== 3 || second !== 'outputs' || third === undefined) break;
      if (job === undefined) throw new Error(`\${{ ${expr} }}: the job does not need '${first}'`);
      return lookup(job.outputs, third, `output of job ${first}`, expr);
    }
    case 'steps': {
      if (path.length !== 3 || second !== 'outputs' || third === undefined) break;
      const step = scope.steps[first];
      if (step === undefined) {
        if (scope.stepIds?.includes(first)) return '';
        throw new Error(`\${{ ${expr} }}: the job has no step with id '${first}'`);
      }
      if (step.declared !== undefined && !step.declared.includes(third)) {
        throw new Error(`\${{ ${expr} }}: step '${first}' declares no output '${third}' (outputs: ${step.declared.join(', ')})`);
      }
      return step.outputs[third] ?? '';
    }
  }
  throw new Error(`\${{ ${expr} }}: unsupported expression`);
}

/** Replaces every `${{ ... }}` in `text`. */
export function substitute(text: string, scope: ExpressionScope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => evaluateExpression(expr, scope));
}

/** `if:` as the examples use it: a status function, with or without `${{ }}`; true when absent means success(). */
function shouldRun(condition: string | undefined, jobFailed: boolean): boolean {
  const text = (condition ?? 'success()').trim().replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
  switch (text) {
    case 'success()':
      return !jobFailed;
    case 'failure()':
      return jobFailed;
    case 'always()':
      return true;
    case 'cancelled()':
      return false;
    default:
      throw new Error(`if: ${condition}: unsupported condition (the test runner knows status functions only)`);
  }
}

function evaluateMap(map: Record<string, unknown> | undefined, scope: ExpressionScope): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, substitute(String(v), scope)]));
}

/** The default environment variables of a GitHub-hosted job step. */
function defaultEnv(o: WorkflowRunOptions, runnerTemp: string): Record<string, string> {
  const g = o.github;
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_REPOSITORY: g.repository,
    GITHUB_REF: g.ref,
    GITHUB_SHA: g.sha,
    GITHUB_RUN_ID: g.run_id,
    GITHUB_RUN_NUMBER: g.run_number,
    GITHUB_RUN_ATTEMPT: g.run_attempt,
    GITHUB_ACTOR: g.actor,
    GITHUB_EVENT_NAME: g.event_name,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW_REF: `${g.repository}/.github/workflows/image-pipeline.yml@${g.ref}`,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...o.runnerEnv,
  };
}

/** Runs a `run:` script with bash as the runner's default shell does (`bash -e {0}` with pipefail). */
async function runScript(script: string, env: Record<string, string>, cwd: string): Promise<WorkflowStepResult & { env: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-run-'));
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ENV: join(dir, 'env'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const file of Object.values(files)) await writeFile(file, '');
  await writeFile(join(dir, 'script.sh'), script);
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir };
  const proc = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'script.sh')], { cwd, env: { ...base, ...env, ...files }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return {
    id: undefined,
    name: '',
    kind: 'run',
    inputs: {},
    outputs: parseGithubFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    env: parseGithubFileCommands(await readFile(files.GITHUB_ENV, 'utf8')),
    conclusion: proc.code === 0 ? 'success' : 'failure',
    log: proc.stdout,
    stderr: proc.stderr,
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

/** Runs `jobId` of the workflow file; stops at the first failed step (later steps run only with `if: always()`). */
export async function runWorkflowJob(workflowFile: string, jobId: string, o: WorkflowRunOptions): Promise<WorkflowJobResult> {
  const workflow = parseYaml(await readFile(workflowFile, 'utf8')) as Workflow;
  const job = workflow.jobs[jobId];
  if (job === undefined) throw new Error(`${workflowFile}: no job '${jobId}'`);
  const declaredInputs = workflow.on?.workflow_dispatch?.inputs ?? {};
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declaredInputs)) inputs[name] = o.inputs?.[name] ?? (o.github.event_name === 'workflow_dispatch' ? String(spec.default ?? '') : '');
  for (const name of Object.keys(o.inputs ?? {})) if (!(name in declaredInputs)) throw new Error(`${workflowFile}: workflow_dispatch declares no input '${name}'`);
  const runnerTemp = await mkdtemp(join(tmpdir(), 'gh-runner-temp-'));
  const scope: ExpressionScope = { github: o.github, vars: o.vars, secrets: o.secrets, inputs, env: {}, runner: { temp: runnerTemp, os: 'Linux', arch: 'X64' }, steps: {},
    stepIds: job.steps.flatMap((s) => (s.id === undefined ? [] : [s.id])), ...(o.matrix ? { matrix: o.matrix } : {}), ...(o.needs ? { needs: o.needs } : {}) };
  // Workflow env, then job env; each level may use the contexts available at its level.
  scope.env = { ...evaluateMap(workflow.env, scope) };
  Object.assign(scope.env, evaluateMap(job.env, scope));
  const masks = Object.values(o.secrets).filter((s) => s !== '');
  const results: WorkflowStepResult[] = [];
  let failed = false;

  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    if (!shouldRun(step.if, failed) || (step.uses !== undefined && o.unavailable?.includes(step.uses))) {
      results.push({
        id: step.id, name, kind: step.run !== undefined ? 'run' : 'action', ...(step.uses === undefined ? {} : { uses: step.uses }),
        inputs: {}, outputs: {}, conclusion: 'skipped', log: '', stderr: '', summary: '',
      });
      continue;
    }
    o.onStep?.(name);
    const stepEnv = { ...scope.env, ...evaluateMap(step.env, scope) };
    let result: WorkflowStepResult;
    let exported: Record<string, string> = {};
    if (step.run !== undefined) {
      const script = await runScript(substitute(step.run, { ...scope, env: stepEnv }), { ...defaultEnv(o, runnerTemp), ...stepEnv }, o.workspace);
      exported = script.env;
      result = { ...script, id: step.id, name };
      if (step.id !== undefined) scope.steps[step.id] = { outputs: result.outputs };
    } else if (step.uses !== undefined && localAction(step.uses) !== undefined) {
      const actionDir = join(o.workspace, localAction(step.uses) ?? '');
      const metadata = parseYaml(await readFile(join(actionDir, 'action.yml'), 'utf8')) as ActionMetadata;
      const declared = metadata.inputs ?? {};
      const withValues = evaluateMap(step.with, { ...scope, env: stepEnv });
      for (const key of Object.keys(withValues)) if (!(key in declared)) throw new Error(`${name}: ${step.uses} has no input '${key}'`);
      // The runner evaluates expression defaults (sign's `${{ github.token }}`) before handing them to the action.
      const actionInputs: Record<string, string> = {};
      for (const [key, spec] of Object.entries(declared)) {
        if (spec.default !== undefined && spec.default.includes('${{')) actionInputs[key] = substitute(spec.default, { ...scope, env: stepEnv });
      }
      Object.assign(actionInputs, withValues);
      for (const [key, spec] of Object.entries(declared)) {
        if (spec.required && (actionInputs[key] ?? spec.default ?? '') === '') throw new Error(`${name}: required input '${key}' of ${step.uses} is empty`);
      }
      const run = await runGithubAction(actionDir, actionInputs, { env: { ...defaultEnv(o, runnerTemp), ...stepEnv }, cwd: o.workspace });
      exported = run.env;
      masks.push(...run.masks);
      result = {
        id: step.id, name, kind: 'action', uses: step.uses, inputs: withValues, outputs: run.outputs,
        conclusion: run.exitCode === 0 ? 'success' : 'failure', action: run, log: run.log, stderr: run.stderr, summary: run.summary,
      };
      if (step.id !== undefined) scope.steps[step.id] = { outputs: run.outputs, declared: Object.keys(metadata.outputs ?? {}) };
    } else if (step.uses !== undefined) {
      // Marketplace actions (checkout, upload-sarif) are not run here; their inputs are still substituted so a
      // broken expression fails, and the test can check what they would have received.
      result = { id: step.id, name, kind: 'external', uses: step.uses, inputs: evaluateMap(step.with, { ...scope, env: stepEnv }), outputs: {}, conclusion: 'success', log: '', stderr: '', summary: '' };
      if (step.id !== undefined) scope.steps[step.id] = { outputs: {} };
    } else {
      throw new Error(`${name}: a step needs 'uses' or 'run'`);
    }
    Object.assign(scope.env, exported);
    results.push(result);
    if (result.conclusion === 'failure') failed = true;
  }
  const transcript = results.map((r) => [r.log, r.stderr, r.summary, JSON.stringify(r.outputs)].join('\n')).join('\n');
  return { conclusion: failed ? 'failure' : 'success', steps: results, transcript, masks };
}
