// The same-run baseline of bench/startup.ts: Debian's `az` (azure-cli 2.45, /usr/bin/az) running `az sig list`
// against the same emulator, signed in the way the az contract suite signs in (test/integration/az/az-client.ts:
// `az cloud register` with the emulator's AD FS-style authority, REQUESTS_CA_BUNDLE = the emulator's CA,
// `az login --service-principal`). Cloud registration and login happen once, before and outside the timing; each
// timed run is one `az sig list`, from spawn to the first ARM request the emulator sees, as for our steps. Its
// token comes from az's MSAL cache (the login's), as a later step of a job reuses the job's sign-in.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { azEnvironment, expectOk, loginAsDefaultPrincipal, runAz, useEmulatorCloud } from '../../test/integration/az/az-client.js';

export const AZ = '/usr/bin/az';

/** A signed-in az against the emulator; `time()` is one timed `az sig list`, in ms to its first ARM request. */
export interface AzTimer {
  time(): Promise<number>;
}

/** Signs az in to the emulator (untimed) and warms it up; undefined when az is not installed. */
export async function signedInAz(emulator: EmulatorHandle): Promise<AzTimer | undefined> {
  if (!existsSync(AZ)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-az-'));
  // No client workarounds (python/sitecustomize.py): `az sig list` needs none, and they would add imports to time.
  const env = azEnvironment(join(dir, 'config'), join(dir, 'home'), emulator.caCertFile, false);
  const az = (args: string[]) => runAz(AZ, args, env, 300_000);
  await useEmulatorCloud(az, emulator);
  await expectOk(loginAsDefaultPrincipal(az, emulator));
  const args = ['sig', 'list', '--subscription', emulator.subscriptionId, '--output', 'none'];
  // Warm-up, as for our steps: Python writes its bytecode caches, the OS caches az's files.
  await expectOk(az(args));
  return {
    async time() {
      emulator.requestLog.clear();
      const started = Date.now();
      await expectOk(az(args));
      const arm = emulator.requestLog.entries().find((e) => e.route === 'arm');
      if (arm === undefined) throw new Error('az sig list made no ARM request the emulator saw');
      return arm.realTime - started;
    },
  };
}
