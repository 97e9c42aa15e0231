// Startup benchmark: for each bundle stub (GitHub action, Azure DevOps task, CLI), the start from spawn to the
// first ARM request the emulator sees (median of RUNS, after one warm-up run that fills Node's compile cache as
// the first step of a job would), and its ratio to `az sig list` against the same emulator in the same run
// (bench/support/az-baseline.ts). Also the CLI's --help/--version and each step's bundle size. Prints; never fails.
// Run: npm run bench -- startup   (needs `npm run build` first).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { steps } from '../src/steps/registry.js';
import type { AnyStepSpec } from '../src/steps/step-spec.js';
import { node24Path } from '../test/helpers/runner.js';
import { AZ, signedInAz } from './support/az-baseline.js';

const RUNS = 5;
/** One compile cache for the whole run, as RUNNER_TEMP is one folder for every step of a job. */
const compileCacheTemp = mkdtempSync(join(tmpdir(), 'bench-startup-temp-'));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Inputs that make a step reach ARM quickly: one pool of plausible values, of which each step gets the ones it
 * declares. A step that still stops before calling ARM shows '–' and is measured to exit only.
 */
function stepInputs(step: AnyStepSpec, emulator: EmulatorHandle): Record<string, string> {
  const rg = `/subscriptions/${emulator.subscriptionId}/resourceGroups/bench`;
  const pool: Record<string, string> = {
    'resource-group': 'bench',
    gallery: 'benchgallery',
    'image-definition': 'bench-def',
    version: '1.0.0',
    location: 'eastus',
    regions: 'eastus',
    source: `${rg}/providers/Microsoft.Compute/images/bench-image`,
    'subject-id': `${rg}/providers/Microsoft.Compute/images/bench-image`,
    publisher: 'bench',
    offer: 'bench',
    sku: 'bench',
    'os-type': 'Linux',
  };
  return Object.fromEntries(Object.entries(pool).filter(([name]) => name in step.inputs));
}

interface Surface {
  label: string;
  file: string;
  args: string[];
  env: Record<string, string>;
}

function surfaces(step: string, emulator: EmulatorHandle, inputs: Record<string, string>): Surface[] {
  const p = emulator.defaultPrincipal;
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_EXTRA_CA_CERTS: emulator.caCertFile };
  const identityEnv = { AZURE_CLIENT_ID: p.clientId, AZURE_TENANT_ID: emulator.tenantId, AZURE_CLIENT_SECRET: p.clientSecret, AZURE_AUTHORITY_HOST: emulator.authorityHost };
  const cloud = {
    cloud: 'Custom',
    'arm-endpoint': emulator.armEndpoint,
    'authority-host': emulator.authorityHost,
    'arm-audience': emulator.armAudience,
    'subscription-id': emulator.subscriptionId,
  };
  const temp = compileCacheTemp;
  const github: Record<string, string> = { ...base, ...identityEnv, RUNNER_TEMP: temp };
  for (const [k, v] of Object.entries({ ...cloud, ...inputs })) github[`INPUT_${k.toUpperCase()}`] = v;
  const azdo: Record<string, string> = {
    ...base,
    AGENT_TEMPDIRECTORY: temp,
    INPUT_AZURESUBSCRIPTION: 'bench',
    ENDPOINT_URL_bench: emulator.armEndpoint,
    ENDPOINT_AUTH_SCHEME_bench: 'ServicePrincipal',
    ENDPOINT_AUTH_PARAMETER_bench_SERVICEPRINCIPALID: p.clientId,
    ENDPOINT_AUTH_PARAMETER_bench_TENANTID: emulator.tenantId,
    ENDPOINT_AUTH_PARAMETER_bench_SERVICEPRINCIPALKEY: p.clientSecret,
    ENDPOINT_AUTH_PARAMETER_bench_AUTHENTICATIONTYPE: 'spnKey',
    ENDPOINT_DATA_bench_SUBSCRIPTIONID: emulator.subscriptionId,
    ENDPOINT_DATA_bench_ENVIRONMENT: 'Custom',
    ENDPOINT_DATA_bench_ACTIVEDIRECTORYAUTHORITY: emulator.authorityHost,
    ENDPOINT_DATA_bench_ACTIVEDIRECTORYSERVICEENDPOINTRESOURCEID: emulator.armAudience,
  };
  for (const [k, v] of Object.entries(inputs)) azdo[`INPUT_${k.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()).toUpperCase()}`] = v;
  const cliArgs = [step, ...Object.entries({ ...cloud, ...inputs }).flatMap(([k, v]) => [`--${k}`, v])];
  return [
    { label: `github/${step}`, file: join(root, 'dist/github', `${step}.mjs`), args: [], env: github },
    { label: `azdo/${step}`, file: join(root, 'dist/azdo', `${step}.mjs`), args: [], env: azdo },
    { label: `cli ${step}`, file: join(root, 'bin/image-publish.mjs'), args: cliArgs, env: { ...base, ...identityEnv, NODE_COMPILE_CACHE: join(temp, 'cli-compile-cache') } },
  ];
}

/** One cold start: ms to the first ARM request (undefined when none came) and ms to exit. */
async function measure(surface: Surface, emulator: EmulatorHandle): Promise<{ firstArm?: number; exit: number; code: number }> {
  emulator.requestLog.clear();
  const started = Date.now();
  const code = await new Promise<number>((done) => {
    const child = spawn(node24Path(), [surface.file, ...surface.args], { env: surface.env, stdio: 'ignore' });
    child.on('close', (c) => done(c ?? -1));
  });
  const exit = Date.now() - started;
  const arm = emulator.requestLog.entries().find((e) => e.route === 'arm');
  return { ...(arm === undefined ? {} : { firstArm: arm.realTime - started }), exit, code };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function size(path: string): number {
  return statSync(path).size;
}

/** The 1-minute load average: the machine is shared, so every figure is printed with the load it ran under. */
const load = () => loadavg()[0]?.toFixed(2) ?? '?';

const emulator = await startEmulator({ timing: { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });
try {
  const loadAtStart = load();
  const az = await signedInAz(emulator);
  // az runs between the steps, not only before them: the machine's load moves during a run, and the baseline
  // should see the same load as the steps it is compared with.
  const azRuns: number[] = [];
  const timeAz = async (times: number) => {
    for (let i = 0; i < times && az !== undefined; i++) azRuns.push(await az.time());
  };
  await timeAz(2);
  const rows: { cells: string[]; ms: number | undefined; code: number | undefined }[] = [];
  const cliEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_COMPILE_CACHE: join(compileCacheTemp, 'cli-compile-cache') };
  for (const args of [['--help'], ['--version']]) {
    const surface = { label: `cli ${args[0]}`, file: join(root, 'bin/image-publish.mjs'), args, env: cliEnv };
    await measure(surface, emulator);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(surface, emulator));
    const exit = median(runs.map((r) => r.exit));
    rows.push({ cells: [surface.label, '(no request)', `${exit} ms`], ms: exit, code: runs[0]?.code });
  }
  for (const step of steps) {
    for (const surface of surfaces(step.name, emulator, stepInputs(step, emulator))) {
      // Warm-up: the first step of a job compiles; every later one reads the compile cache.
      await measure(surface, emulator);
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(surface, emulator));
      const arm = median(runs.flatMap((r) => (r.firstArm === undefined ? [] : [r.firstArm])));
      rows.push({ cells: [surface.label, arm === undefined ? '–' : `${arm} ms`, `${median(runs.map((r) => r.exit))} ms`], ms: arm, code: runs[0]?.code });
    }
    await timeAz(1);
  }
  const azMs = median(azRuns);
  const ratio = (ms: number | undefined) => (ms === undefined || azMs === undefined || azMs === 0 ? '–' : `${(ms / azMs).toFixed(2)}×`);
  const table = rows.map((r) => [...r.cells, ratio(r.ms), String(r.code)]);
  const header = ['surface', `first ARM request (median of ${RUNS})`, 'exit (median)', 'ratio to az', 'exit code'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of table) console.log(line(row));
  console.log(
    azMs === undefined
      ? `\nBaseline: ${AZ} is not installed; no ratio.`
      : `\nBaseline az: ${azMs} ms, median of ${azRuns.length} signed-in \`az sig list\` runs spread over the bench, spawn to first ARM request (${azRuns.join(', ')} ms).`,
  );
  console.log(`Load average (1 min, ${cpus().length} cores): ${loadAtStart} at the start, ${load()} at the end.`);
  console.log('Ratios: first ARM request (or exit, for --help/--version) divided by the az baseline.');
  const goal = rows.filter((r) => /(publish|replicate|inventory)$/.test(r.cells[0] ?? '') && r.ms !== undefined);
  const worst = goal.reduce<(typeof goal)[number] | undefined>((w, r) => (w === undefined || (r.ms ?? 0) > (w.ms ?? 0) ? r : w), undefined);
  if (worst !== undefined) console.log(`Slowest of publish, replicate and inventory on the three surfaces: ${worst.cells[0]}, ${ratio(worst.ms)} az (issue 18 asks for at most 0.2×).`);

  console.log('\nBundle each Azure DevOps task folder ships (dist/bundle-files.json)');
  const dist = join(root, 'dist');
  const files = JSON.parse(readFileSync(join(dist, 'bundle-files.json'), 'utf8')) as Record<string, string[]>;
  for (const step of steps) {
    const list = files[`azdo/${step.name}`] ?? [];
    const bytes = list.reduce((n, f) => n + size(join(dist, f)), 0);
    console.log(`  ${step.name.padEnd(12)} ${(bytes / 1024).toFixed(0).padStart(6)} KiB in ${list.length} files`);
  }
} finally {
  await emulator.close();
}
