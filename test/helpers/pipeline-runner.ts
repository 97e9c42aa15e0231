// Runs one job of an Azure Pipelines YAML file the way the agent does: steps in order, `$(name)` macros expanded
// from pipeline variables, variable groups, predefined variables and output variables (`$(step.variable)` from
// `##vso[task.setvariable ...;isOutput=true]`), each task of this repository (`task: Name@1` -> tasks/NameV1)
// as its own Node 24 process through runAzdoTask (INPUT_ and ENDPOINT_ variables), `bash:` steps with their
// `env:` mapping, and `condition:` status functions. A macro naming no variable throws (the agent would leave
// the text `$(name)` in place), and so do template and runtime expressions, which the examples do not use.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runAzdoTask, type AzdoEndpoint, type AzdoRunResult } from './runner.js';

export interface PipelineRunOptions {
  /** Build.SourcesDirectory / System.DefaultWorkingDirectory: the checked-out repository. */
  workspace: string;
  /** Contents of the variable groups the pipeline links, by group name; values marked secret are secret variables. */
  variableGroups: Record<string, Record<string, string | { value: string; secret: true }>>;
  /** Service connections by name: the agent hands tasks the endpoint by id. */
  serviceConnections: Record<string, AzdoEndpoint & { id: string }>;
  /** Predefined variables (Build.BuildId, Build.Repository.Name, ...); Agent.TempDirectory and the folders are added. */
  predefined: Record<string, string>;
  /** Environment of the agent itself (NODE_EXTRA_CA_CERTS ...). */
  agentEnv?: Record<string, string>;
  /** `task:` references to skip (conclusion 'skipped') because the task does not exist in this build yet. */
  unavailable?: readonly string[];
  /** Built-in or marketplace tasks the job may use; they are not run. Any other task missing from tasks/ throws. */
  externalTasks?: readonly string[];
  onStep?: (name: string) => void;
  /** Variables of one leg of a `strategy: matrix` job (test/helpers/pipeline-matrix.ts); they win over the pipeline's. */
  matrix?: Record<string, string>;
}

export interface PipelineStepResult {
  name: string | undefined;
  displayName: string;
  kind: 'task' | 'bash' | 'external' | 'checkout';
  task?: string;
  inputs: Record<string, string>;
  /** Output variables (isOutput=true) of a task. */
  outputs: Record<string, string>;
  conclusion: 'succeeded' | 'failed' | 'skipped';
  result?: AzdoRunResult;
  log: string;
  stderr: string;
}

export interface PipelineJobResult {
  conclusion: 'succeeded' | 'failed';
  steps: PipelineStepResult[];
  /** Everything the job showed: logs, stderr, uploaded summaries, output variables. */
  transcript: string;
  masks: string[];
}

interface PipelineStep {
  task?: string;
  bash?: string;
  checkout?: string;
  name?: string;
  displayName?: string;
  inputs?: Record<string, unknown>;
  env?: Record<string, unknown>;
  condition?: string;
}

interface Pipeline {
  variables?: ({ group: string } | { name: string; value: unknown })[] | Record<string, unknown>;
  jobs: { job: string; steps: PipelineStep[] }[];
}

interface TaskJson {
  version: { Major: number };
  inputs: { name: string; type: string; required?: boolean; defaultValue?: string }[];
  outputVariables?: { name: string }[];
}

interface Variable {
  value: string;
  secret: boolean;
}

/** Expands `$(name)` macros; a name that is not a variable throws. */
export function expandMacros(text: string, variables: ReadonlyMap<string, Variable>, where: string): string {
  if (/\$\[|\$\{\{/.test(text)) throw new Error(`${where}: runtime and template expressions are not supported by the test runner: ${text}`);
  return text.replace(/\$\(([A-Za-z0-9_.-]+)\)/g, (_, name: string) => {
    const variable = variables.get(name.toLowerCase());
    if (variable === undefined) throw new Error(`${where}: $(${name}) names no variable (define it, or check the step name and output variable)`);
    return variable.value;
  });
}

/** `condition:` as the examples use it; absent means succeeded(). */
function shouldRun(condition: string | undefined, jobFailed: boolean): boolean {
  switch ((condition ?? 'succeeded()').trim()) {
    case 'succeeded()':
      return !jobFailed;
    case 'failed()':
      return jobFailed;
    case 'succeededOrFailed()':
    case 'always()':
      return true;
    default:
      throw new Error(`condition: ${condition}: unsupported (the test runner knows status functions only)`);
  }
}

/** Agent environment name of a variable: upper case, '.' and ' ' to '_'. */
function envName(name: string): string {
  return name.replace(/[. ]/g, '_').toUpperCase();
}

/** A `bash:` step: the script in a file, run with bash; logging commands on stdout set variables. */
async function runBash(script: string, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'azdo-bash-'));
  await writeFile(join(dir, 'script.sh'), script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', join(dir, 'script.sh')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `##vso[task.setvariable variable=x;isOutput=..;issecret=..]value` lines of a script's stdout. */
function setVariableCommands(stdout: string): { name: string; value: string; isOutput: boolean; secret: boolean }[] {
  return stdout.split(/\r?\n/).flatMap((line) => {
    const match = /^##vso\[task\.setvariable ([^\]]*)\](.*)$/.exec(line);
    if (!match) return [];
    const props = Object.fromEntries((match[1] ?? '').split(';').filter((p) => p.includes('=')).map((p) => [p.slice(0, p.indexOf('=')).trim().toLowerCase(), p.slice(p.indexOf('=') + 1)]));
    return [{ name: props.variable ?? '', value: match[2] ?? '', isOutput: props.isoutput === 'true', secret: props.issecret === 'true' }];
  });
}

/** tasks/<Name>V<major>/task.json in the workspace: a task of this repository (others are built-in or marketplace). */
function isRepositoryTask(workspace: string, reference: string): boolean {
  const match = /^([A-Za-z][A-Za-z0-9]*)@(\d+)$/.exec(reference);
  return match !== null && existsSync(join(workspace, 'tasks', `${match[1]}V${match[2]}`, 'task.json'));
}

/** Runs job `jobName` of the pipeline file; stops at the first failed step (later steps run only with a matching condition). */
export async function runPipelineJob(pipelineFile: string, jobName: string, o: PipelineRunOptions): Promise<PipelineJobResult> {
  const pipeline = parseYaml(await readFile(pipelineFile, 'utf8')) as Pipeline;
  const job = pipeline.jobs.find((j) => j.job === jobName);
  if (job === undefined) throw new Error(`${pipelineFile}: no job '${jobName}'`);
  const tempDir = await mkdtemp(join(tmpdir(), 'azdo-agent-temp-'));
  // Variable names are case-insensitive in Azure Pipelines.
  const variables = new Map<string, Variable & { name: string }>();
  const define = (name: string, value: string, secret = false): void => {
    variables.set(name.toLowerCase(), { name, value, secret });
  };
  for (const [name, value] of Object.entries({
    ...o.predefined,
    'Agent.TempDirectory': tempDir,
    'Build.SourcesDirectory': o.workspace,
    'System.DefaultWorkingDirectory': o.workspace,
  })) define(name, value);
  const declared = Array.isArray(pipeline.variables) ? pipeline.variables : Object.entries(pipeline.variables ?? {}).map(([name, value]) => ({ name, value }));
  for (const entry of declared) {
    if ('group' in entry) {
      const group = o.variableGroups[entry.group];
      if (group === undefined) throw new Error(`${pipelineFile}: variable group '${entry.group}' is not provided`);
      for (const [name, value] of Object.entries(group)) typeof value === 'string' ? define(name, value) : define(name, value.value, true);
    } else {
      define(entry.name, expandMacros(String(entry.value), variables, `variable ${entry.name}`));
    }
  }
  for (const [name, value] of Object.entries(o.matrix ?? {})) define(name, value);
  const masks = [...variables.values()].filter((v) => v.secret && v.value !== '').map((v) => v.value);
  const results: PipelineStepResult[] = [];
  let failed = false;

  for (const [index, step] of job.steps.entries()) {
    const displayName = step.displayName ?? step.task ?? step.name ?? `step ${index + 1}`;
    const kind: PipelineStepResult['kind'] = step.checkout !== undefined ? 'checkout' : step.bash !== undefined ? 'bash' : step.task !== undefined && isRepositoryTask(o.workspace, step.task) ? 'task' : 'external';
    const base = { name: step.name, displayName, kind, ...(step.task ? { task: step.task } : {}), inputs: {}, outputs: {}, log: '', stderr: '' };
    if (!shouldRun(step.condition, failed) || (step.task !== undefined && o.unavailable?.includes(step.task))) {
      results.push({ ...base, conclusion: 'skipped' });
      continue;
    }
    o.onStep?.(displayName);
    // Non-secret variables reach every step as environment variables; secrets only through an explicit env: mapping.
    const publicEnv = Object.fromEntries([...variables.values()].filter((v) => !v.secret).map((v) => [envName(v.name), v.value]));
    let result: PipelineStepResult;
    if (step.checkout !== undefined) {
      result = { ...base, conclusion: 'succeeded' };
    } else if (step.bash !== undefined) {
      const script = expandMacros(step.bash, variables, displayName);
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tempDir, ...o.agentEnv, ...publicEnv };
      for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expandMacros(String(value), variables, `${displayName} env ${name}`);
      const proc = await runBash(script, env, o.workspace);
      for (const command of setVariableCommands(proc.stdout)) {
        define(command.isOutput && step.name ? `${step.name}.${command.name}` : command.name, command.value, command.secret);
        if (command.secret) masks.push(command.value);
      }
      result = { ...base, conclusion: proc.code === 0 ? 'succeeded' : 'failed', log: proc.stdout, stderr: proc.stderr };
    } else if (kind === 'task' && step.task !== undefined) {
      const [taskName = '', major = ''] = step.task.split('@');
      const taskDir = join(o.workspace, 'tasks', `${taskName}V${major}`);
      const task = JSON.parse(await readFile(join(taskDir, 'task.json'), 'utf8')) as TaskJson;
      if (String(task.version.Major) !== major) throw new Error(`${displayName}: ${step.task} but ${taskDir} is version ${task.version.Major}`);
      const inputs = Object.fromEntries(Object.entries(step.inputs ?? {}).map(([k, v]) => [k, expandMacros(String(v), variables, `${displayName} input ${k}`)]));
      const byName = new Map(task.inputs.map((i) => [i.name, i]));
      const endpoints: Record<string, AzdoEndpoint> = {};
      for (const [name, value] of Object.entries(inputs)) {
        const spec = byName.get(name);
        if (spec === undefined) throw new Error(`${displayName}: ${step.task} has no input '${name}'`);
        if (spec.type.startsWith('connectedService:')) {
          // The agent passes the connection's id as the input value and its details as ENDPOINT_* variables.
          const connection = o.serviceConnections[value];
          if (connection === undefined) throw new Error(`${displayName}: service connection '${value}' does not exist`);
          const { id, ...endpoint } = connection;
          inputs[name] = id;
          endpoints[id] = endpoint;
        }
      }
      for (const spec of task.inputs) {
        if (spec.required && (inputs[spec.name] ?? spec.defaultValue ?? '') === '') throw new Error(`${displayName}: required input '${spec.name}' of ${step.task} is empty`);
      }
      const pipelineVariables = Object.fromEntries([...variables.values()].map((v) => [v.name, v.secret ? { value: v.value, secret: true as const } : v.value]));
      const run = await runAzdoTask(taskDir, inputs, { endpoints, variables: pipelineVariables, env: { ...o.agentEnv, AGENT_TEMPDIRECTORY: tempDir }, cwd: o.workspace });
      masks.push(...run.masks);
      for (const [name, variable] of Object.entries(run.variables)) {
        define(variable.isOutput && step.name ? `${step.name}.${name}` : name, variable.value, variable.isSecret);
      }
      const declaredOutputs = new Set((task.outputVariables ?? []).map((v) => v.name));
      for (const name of Object.keys(run.outputs)) if (!declaredOutputs.has(name)) throw new Error(`${displayName}: ${step.task} set output variable '${name}' that task.json does not declare`);
      result = { ...base, inputs, outputs: run.outputs, conclusion: run.result === 'Succeeded' || run.result === 'SucceededWithIssues' ? 'succeeded' : 'failed', result: run, log: run.log, stderr: run.stderr };
    } else {
      if (step.task === undefined || !o.externalTasks?.includes(step.task)) {
        throw new Error(`${displayName}: task ${step.task ?? '(none)'} is neither in tasks/ nor an allowed external task`);
      }
      // Marketplace/built-in tasks (PublishBuildArtifacts, ...) are not run; their inputs are still expanded so
      // a broken macro fails, and the test can check what they would have received.
      const inputs = Object.fromEntries(Object.entries(step.inputs ?? {}).map(([k, v]) => [k, expandMacros(String(v), variables, `${displayName} input ${k}`)]));
      result = { ...base, inputs, conclusion: 'succeeded' };
    }
    results.push(result);
    if (result.conclusion === 'failed') failed = true;
  }
  const transcript = results.map((r) => [r.log, r.stderr, ...(r.result?.summaries ?? []), JSON.stringify(r.outputs)].join('\n')).join('\n');
  return { conclusion: failed ? 'failed' : 'succeeded', steps: results, transcript, masks };
}
