/**
 * Drives Debian's unmodified `az` (azure-cli) as child processes against an in-process emulator: its own
 * AZURE_CONFIG_DIR and HOME (temp dirs), REQUESTS_CA_BUNDLE = the run's test CA, proxies cleared, telemetry off.
 * The emulator registers as a custom cloud whose authority is `<emulator>/adfs` (the only authority path for which
 * MSAL skips public instance discovery), then `az login --service-principal` signs in through it.
 *
 * Client-side workaround, in this one place: CLIENT_WORKAROUNDS below (python/sitecustomize.py, loaded via PYTHONPATH).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { azEnvironment, loginAsDefaultPrincipal, runAz, useEmulatorCloud, type AzResult } from './az-client.js';

export { expectOk, type AzResult } from './az-client.js';

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

/** Per-test time for az suites: each az process imports its Python modules anew (seconds on a busy machine). */
export const azTestTimeoutMs = 600_000;

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
      runAz(azPath, args.includes('-o') || args.includes('--output') ? args : [...args, '-o', 'json'], env, options.timeoutMs ?? 90_000);
    ref.current = { emulator, az, subscriptionId: emulator.subscriptionId, tenantId: emulator.tenantId };
    await useEmulatorCloud(az, emulator);
  }, azTestTimeoutMs);
  afterAll(async () => {
    await ref.current?.emulator.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return ref;
}

/** Signs the session's az in as the emulator's default principal (service principal + secret). */
export function loginDefaultPrincipal(s: AzSession): Promise<AzResult> {
  return loginAsDefaultPrincipal(s.az, s.emulator);
}
