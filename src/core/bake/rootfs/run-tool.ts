import { spawn } from 'node:child_process';

/** What a tool run produced; `missing` when the executable is not on PATH. */
export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
  missing: boolean;
}

export interface ToolOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Each stdout/stderr line as it arrives (progress in the step log). */
  onLine?: (line: string) => void;
}

/**
 * Runs a tool with an argument array (no shell, so paths with spaces stay one argument) and collects its output.
 * Output is kept in memory: mke2fs, debugfs, tar and oscap print kilobytes, not megabytes.
 */
export function runTool(command: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let stdout = '';
    let stderr = '';
    const lines = (chunk: string) => {
      if (options.onLine) for (const line of chunk.split('\n')) if (line.trim() !== '') options.onLine(line);
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      lines(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      lines(d.toString());
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') resolve({ code: -1, stdout, stderr, missing: true });
      else reject(error);
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, missing: false }));
  });
}

/** The last non-empty line a tool printed, for one-line error messages. */
export function lastLine(run: Pick<ToolRun, 'stdout' | 'stderr'>): string {
  return (run.stderr.trim() || run.stdout.trim()).split('\n').filter((l) => l.trim() !== '').pop() ?? '(no output)';
}
