/**
 * Debian's unmodified `az` (azure-cli) as a child process signed in to an emulator: the environment it runs in,
 * one invocation, and the sign-in (custom cloud whose authority is `<emulator>/adfs`, the only authority path for
 * which MSAL skips public instance discovery, then `az login --service-principal`). No test framework here: the
 * az contract suite (az-harness.ts) and bench/startup's baseline (bench/support/az-baseline.ts) share it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../../src/emulator/index.js';

export interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON, else undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- az's --output json, read field by field by the tests that assert on it
  json: any;
}

/** The folder whose sitecustomize.py applies az-harness.ts's CLIENT_WORKAROUNDS inside az's Python. */
const workaroundPythonPath = join(import.meta.dirname, 'python');

/**
 * The environment az runs in: nothing inherited but PATH and the locale; loopback only. `workarounds` loads
 * python/sitecustomize.py (commands that need it are listed in CLIENT_WORKAROUNDS); a timing leaves it off.
 */
export function azEnvironment(configDir: string, home: string, caFile: string, workarounds = true): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: home,
    AZURE_CONFIG_DIR: configDir,
    REQUESTS_CA_BUNDLE: caFile,
    NO_PROXY: 'localhost,127.0.0.1,::1',
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_SURVEY_MESSAGE: 'false',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    ...(workarounds
      ? {
          PYTHONPATH: workaroundPythonPath,
          // Keep the source tree free of __pycache__ from sitecustomize.py.
          PYTHONDONTWRITEBYTECODE: '1',
        }
      : {}),
  };
}

/** Runs az once and resolves with its exit code and output; killed after `timeoutMs`. */
export function runAz(azPath: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<AzResult> {
  return new Promise((resolve, reject) => {
    // Async spawn: the emulator answers from this same process, so a synchronous child would deadlock.
    const child = spawn(azPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: unknown;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

/** Resolves with the result when az exited 0, else fails with what az printed. */
export async function expectOk(pending: Promise<AzResult>): Promise<AzResult> {
  const r = await pending;
  if (r.code !== 0) throw new Error(`az exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

/** Registers the emulator as az's current cloud (az reads the rest from the emulator's /metadata/endpoints). */
export async function useEmulatorCloud(az: (args: string[]) => Promise<AzResult>, emulator: EmulatorHandle): Promise<void> {
  // The ARM endpoint without its trailing slash: az appends '/metadata/endpoints' to it.
  const arm = emulator.url;
  // Microsoft Graph (which `az role assignment list` calls to name principals) is the emulator's origin, which the
  // metadata cannot say.
  const cloudConfig = { endpoints: { resourceManager: arm, activeDirectory: `${arm}/adfs`, microsoftGraphResourceId: `${arm}/` } };
  await expectOk(az(['cloud', 'register', '--name', 'ImagePublishEmulator', '--cloud-config', JSON.stringify(cloudConfig)]));
  await expectOk(az(['cloud', 'set', '--name', 'ImagePublishEmulator']));
}

/** Signs az in as the emulator's default principal (service principal + secret). */
export function loginAsDefaultPrincipal(az: (args: string[]) => Promise<AzResult>, emulator: EmulatorHandle): Promise<AzResult> {
  const p = emulator.defaultPrincipal;
  return az(['login', '--service-principal', '--username', p.clientId, '--password', p.clientSecret, '--tenant', emulator.tenantId]);
}
