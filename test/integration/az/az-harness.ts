/**
 * Drives Debian's unmodified `az` (azure-cli) as child processes against an in-process emulator: its own
 * AZURE_CONFIG_DIR and HOME (temp dirs), REQUESTS_CA_BUNDLE = the run's test CA, proxies cleared, telemetry off.
 * The emulator registers as a custom cloud whose authority is `<emulator>/adfs` (the only authority path for which
 * MSAL skips public instance discovery), then `az login --service-principal` signs in through it.
 *
 * Client-side workaround, in this one place: CLIENT_WORKAROUNDS below (python/sitecustomize.py, loaded via PYTHONPATH).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startTestEmulator } from '../../helpers/emulator.js';

/**
 * Known defects of Debian's azure-cli 2.45 package that the harness works around on the client side, each with the
 * command that fails without it. The emulator never bends to these.
 */
export const CLIENT_WORKAROUNDS: readonly { command: string; failure: string; workaround: string }[] = [
  {
    command: 'az image create -g rg -n img --source <disk> --os-type Linux',
    failure: "ERROR: API version 2022-11-01 does not have operation group 'virtual_machines' (the packaged azure-mgmt-compute has no v2022_11_01; same for az vmss / az vm)",
    workaround: "python/sitecustomize.py sets the 'latest' profile's compute default (and virtual_machine_scale_sets) to 2022-08-01",
  },
  {
    command: 'az role assignment list [--all]',
    failure: "AttributeError: 'RoleDefinitionsOperations' object has no attribute 'config' (the packaged azure-mgmt-authorization calls it _config)",
    workaround: 'python/sitecustomize.py aliases RoleDefinitionsOperations.config to _config',
  },
];

/** The folder whose sitecustomize.py applies CLIENT_WORKAROUNDS inside az's Python. */
const workaroundPythonPath = join(import.meta.dirname, 'python');

/** Per-test time for az suites: each az process imports its Python modules anew (seconds on a busy machine). */
export const azTestTimeoutMs = 600_000;

export interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON, else undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- az's --output json, read field by field by the tests that assert on it
  json: any;
}

/** Where az is, or why the suite cannot run: under CI=true a missing az is a failure, elsewhere a printed skip. */
export function locateAz(): { path?: string; skipReason?: string } {
  const path = whichAz();
  if (path) return { path };
  const reason = 'az (Debian package azure-cli) is not installed: run scripts/install-test-tools.sh';
  if (process.env.CI === 'true') throw new Error(`${reason}. CI=true requires it.`);
  console.warn(`skipping the az contract suite: ${reason}`);
  return { skipReason: reason };
}

function whichAz(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v az'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface AzSession {
  emulator: EmulatorHandle;
  /** Runs `az <args> -o json` (unless args already set -o) and resolves with exit code, output and parsed JSON. */
  az(args: string[], options?: { timeoutMs?: number }): Promise<AzResult>;
  subscriptionId: string;
  tenantId: string;
}

/** The environment az runs in: nothing inherited but PATH and the locale; loopback only. */
function azEnvironment(configDir: string, home: string, caFile: string): NodeJS.ProcessEnv {
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
    PYTHONPATH: workaroundPythonPath,
    // Keep the source tree free of __pycache__ from sitecustomize.py.
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

function run(azPath: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<AzResult> {
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

/** Starts an emulator and a signed-in az for the file; `ready()` is false when az is absent (not under CI). */
export function useAzSession(azPath: string | undefined): { current: AzSession } {
  const ref = {} as { current: AzSession };
  let dir: string | undefined;
  beforeAll(async () => {
    if (!azPath) return;
    const emulator = await startTestEmulator();
    dir = mkdtempSync(join(tmpdir(), 'image-publish-az-'));
    const caDir = process.env.IMAGE_PUBLISH_TEST_CA_DIR;
    if (!caDir) throw new Error('IMAGE_PUBLISH_TEST_CA_DIR is not set: run tests through vitest.config.ts.');
    const env = azEnvironment(join(dir, 'config'), join(dir, 'home'), join(caDir, 'ca.pem'));
    const az = (args: string[], options: { timeoutMs?: number } = {}) =>
      run(azPath, args.includes('-o') || args.includes('--output') ? args : [...args, '-o', 'json'], env, options.timeoutMs ?? 90_000);
    ref.current = { emulator, az, subscriptionId: emulator.subscriptionId, tenantId: emulator.tenantId };
    // The ARM endpoint without its trailing slash: az appends '/metadata/endpoints' to it.
    const arm = emulator.url;
    // The rest (AD resource id, graph) az reads from the emulator's /metadata/endpoints; Microsoft Graph (which
    // `az role assignment list` calls to name principals) is the emulator's origin, which the metadata cannot say.
    const cloudConfig = { endpoints: { resourceManager: arm, activeDirectory: `${arm}/adfs`, microsoftGraphResourceId: `${arm}/` } };
    await expectOk(az(['cloud', 'register', '--name', 'ImagePublishEmulator', '--cloud-config', JSON.stringify(cloudConfig)]));
    await expectOk(az(['cloud', 'set', '--name', 'ImagePublishEmulator']));
  }, azTestTimeoutMs);
  afterAll(async () => {
    await ref.current?.emulator.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return ref;
}

/** Resolves with the result when az exited 0, else fails with what az printed. */
export async function expectOk(pending: Promise<AzResult>): Promise<AzResult> {
  const r = await pending;
  if (r.code !== 0) throw new Error(`az exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

/** Signs the session's az in as the emulator's default principal (service principal + secret). */
export async function loginDefaultPrincipal(s: AzSession): Promise<AzResult> {
  const p = s.emulator.defaultPrincipal;
  return s.az(['login', '--service-principal', '--username', p.clientId, '--password', p.clientSecret, '--tenant', s.tenantId]);
}
