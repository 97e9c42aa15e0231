// The same-run baseline of bench/startup.ts: Debian's `az` (azure-cli, /usr/bin/az) running `az sig list` against the
// same emulator. az keeps its state in a throwaway AZURE_CONFIG_DIR whose clouds.config names the emulator's
// endpoints (`az cloud register` would fetch <arm>/metadata/endpoints first), and trusts the emulator's CA through
// REQUESTS_CA_BUNDLE. When `az login --service-principal` does not succeed against the emulator, the figure is
// az's time to exit for want of a login. That is NOT a valid baseline: without an account az spends seconds on
// other work (9-20 s seen, against 1.3 s to first ARM request logged in), so the bench says so next to it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorHandle } from '../../src/emulator/index.js';

export const AZ = '/usr/bin/az';

export interface AzBaseline {
  /** Median ms from spawn to the first ARM request (logged in) or to exit (not logged in). */
  ms: number;
  /** What `ms` measures, printed under the table. */
  measured: string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(AZ, args, { env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}

/** Median of `runs` timings of `az sig list`, or undefined when az is not installed. */
export async function measureAz(emulator: EmulatorHandle, runs: number, median: (v: number[]) => number | undefined): Promise<AzBaseline | undefined> {
  if (!existsSync(AZ)) return undefined;
  const config = mkdtempSync(join(tmpdir(), 'bench-az-'));
  const authority = emulator.authorityHost.replace(/\/+$/, '');
  writeFileSync(
    join(config, 'clouds.config'),
    `[Emulator]\nendpoint_resource_manager = ${emulator.armEndpoint}\nendpoint_active_directory = ${authority}\n` +
      `endpoint_active_directory_resource_id = ${emulator.armAudience}\nendpoint_management = ${emulator.armAudience}\n`,
  );
  writeFileSync(join(config, 'config'), '[cloud]\nname = Emulator\n[core]\ncollect_telemetry = no\n');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AZURE_CONFIG_DIR: config, REQUESTS_CA_BUNDLE: emulator.caCertFile };
  const p = emulator.defaultPrincipal;
  const login = await run(['login', '--service-principal', '-u', p.clientId, '-p', p.clientSecret, '--tenant', emulator.tenantId, '--output', 'none'], env);
  const loggedIn = login.code === 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    emulator.requestLog.clear();
    const started = Date.now();
    await run(['sig', 'list', '--subscription', emulator.subscriptionId, '--output', 'none'], env);
    const arm = emulator.requestLog.entries().find((e) => e.route === 'arm');
    times.push(loggedIn && arm !== undefined ? arm.realTime - started : Date.now() - started);
  }
  const firstLine = login.output.split('\n').find((l) => l.startsWith('ERROR')) ?? login.output.split('\n')[0] ?? '';
  return {
    ms: median(times) ?? 0,
    measured: loggedIn
      ? '`az sig list`: spawn to its first ARM request'
      : `\`az sig list\` spawn to exit without a login (az login against the emulator failed: ${firstLine.slice(0, 160)}). NOT a valid baseline: without an account az does other slow work, so the ratios overstate the speed-up`,
  };
}
