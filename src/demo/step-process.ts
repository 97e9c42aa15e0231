/**
 * Runs one step through the real CLI runtime in its own process, as a user's shell or a CI script would:
 * argv flags, AZURE_* variables for the sign-in, logs on stderr and the outputs as JSON on stdout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** `source`: the CLI runtime from this tree via tsx; `bundle`: bin/image-publish.mjs (the committed dist/). */
export type Launcher = 'source' | 'bundle';

export interface StepProcessResult {
  exitCode: number;
  /** Outputs parsed from `--json` stdout, as strings (what a pipeline would hand to the next step). */
  outputs: Record<string, string>;
  /** stderr: the step's log and summary, already scrubbed by the CLI runtime. */
  log: string;
  stdout: string;
}

/** The command line that starts the CLI for `launcher`. */
export function cliCommand(launcher: Launcher, repoRoot: string): string[] {
  return launcher === 'bundle'
    ? [join(repoRoot, 'bin/image-publish.mjs')]
    : ['--import', 'tsx', join(repoRoot, 'src/demo/cli-entry.ts')];
}

/** Spawns `image-publish <step> ...flags --json` with exactly `env` (no inherited secrets) and collects its result. */
export function runStepProcess(opts: {
  launcher: Launcher;
  repoRoot: string;
  step: string;
  flags: readonly string[];
  env: Record<string, string>;
  onLogLine?: (line: string) => void;
}): Promise<StepProcessResult> {
  const argv = [...cliCommand(opts.launcher, opts.repoRoot), opts.step, ...opts.flags, '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: opts.repoRoot, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let log = '';
    let pending = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      log += text;
      if (opts.onLogLine === undefined) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) opts.onLogLine(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending !== '' && opts.onLogLine) opts.onLogLine(pending);
      resolve({ exitCode: code ?? -1, outputs: parseJsonOutputs(stdout), log, stdout });
    });
  });
}

/** The JSON object the CLI prints with --json; empty when the step failed before printing it. */
export function parseJsonOutputs(stdout: string): Record<string, string> {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) return {};
  try {
    const parsed = JSON.parse(stdout.slice(start, end + 1)) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch {
    return {};
  }
}
