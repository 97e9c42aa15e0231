/**
 * `npm run demo`: the whole image lifecycle against a local Azure (the emulator and Azurite), each step run
 * through the real CLI runtime as its own process, ending with a report of what was created, where, and how
 * long each step took in wall-clock and emulated time. Exit code 0 only when every available step succeeded.
 *
 * Why child processes rather than calling runCli in this process: each step then gets only its own argv and
 * environment, and shows its real exit code, stdout (the outputs) and stderr (the log), as in a CI job, so a step
 * that relies on state another step left in memory, or writes to the wrong stream, fails here too. By default the
 * children run the CLI runtime from src/ (via tsx) so the demo always matches the step registry it reads; --bundle
 * runs bin/image-publish.mjs on the committed dist/ instead, exactly what users install.
 *
 * Flags: `npm run demo -- --help` (demoFlags below). While a phase runs, a progress line is printed at least
 * every 5 s. --real-image bakes a real Debian rootfs built by mmdebstrap and scans it with OpenSCAP (it needs
 * mmdebstrap, e2fsprogs, openscap-scanner and ssg-debian, and says which is missing).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseToolFlags, renderToolHelp, type ToolFlags } from '../runtime/cli/tool-flags.js';
import { findStep } from '../steps/registry.js';
import { withHeartbeat } from './heartbeat.js';
import { writeDemoAssets, demoNames } from './demo-assets.js';
import { demoPlan, toFlags, type DemoState } from './demo-plan.js';
import { createdBetween, renderReport, resourceMap, type StepRecord } from './demo-report.js';
import { seedResourceGroups, startDemoServices, type DemoServices } from './demo-services.js';
import { seedScaleSets } from './demo-scale-sets.js';
import { runStepProcess, type Launcher } from './step-process.js';
import { prepareSummaryDir, summaryFileEnv, writeLifecycleSummary } from './demo-summaries.js';
import { debianRootfs, missingRealImageTools, realImage, writeTailoring } from './real-image.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Anything printed goes through this: the demo's credentials and bearer tokens never reach the terminal. */
function scrubber(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.reduce((t, s) => (s ? t.split(s).join('***') : t), text).replace(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/g, '***');
}

/**
 * Emulated time the step spent talking to Azure: from its first to the end of its last request. Process start-up
 * (a second or so of tsx) is wall time only; multiplied by the clock speed it would read as minutes of Azure time.
 */
function emulatedSpan(emulator: DemoServices['emulator'], realStart: number): number {
  const entries = emulator.requestLog.entries().filter((e) => e.realTime >= realStart);
  const first = entries[0];
  const last = entries[entries.length - 1];
  return first && last ? last.emulatedTime + last.latencyMs * emulator.clock.speed - first.emulatedTime : 0;
}

export const demoFlags: ToolFlags = {
  bundle: { type: 'boolean', description: 'run bin/image-publish.mjs (the built dist/) instead of this tree\'s source', default: false },
  verbose: { type: 'boolean', description: 'stream every step\'s log', default: false },
  keep: { type: 'boolean', description: 'keep the work folder (disk, keys, reports, envelopes, SARIF)', default: false },
  speed: { type: 'string', value: 'n', description: 'emulated ms per real ms: ARM\'s 30 s operations take 30/n s', default: 100 },
  'fail-on': { type: 'string', value: 'severity', description: "the scan gate's threshold; 'medium' shows the gate stopping the pipeline", default: 'high' },
  summaries: { type: 'string', value: 'dir', description: 'write each step\'s job summary markdown and a lifecycle overview there (scripts/screenshots.ts)' },
  'real-image': { type: 'boolean', description: 'bake a real Debian rootfs (mmdebstrap) and gate it with OpenSCAP; needs mmdebstrap, e2fsprogs, openscap-scanner, ssg-debian', default: false },
};

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseToolFlags('demo', argv, demoFlags);
  } catch (error) {
    console.error(`error: ${(error as Error).message.replace("Run 'image-publish demo --help'", "Run 'npm run demo -- --help'")}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(
      renderToolHelp(
        'npm run demo -- [options]',
        'Runs the whole image lifecycle (bake, scan, sign, publish, replicate, pin-rollout, verify) against a local\n' +
          'Azure (the emulator and Azurite), each step as its own CLI process, and ends with a report.',
        demoFlags,
        ['Exit codes: 0 every step succeeded, 1 a step failed, 2 bad option.'],
      ),
    );
    return 0;
  }
  const values = parsed.values as { bundle?: boolean; verbose?: boolean; keep?: boolean; speed?: string; 'fail-on'?: string; 'real-image'?: boolean; summaries?: string };
  const summaryDir = values.summaries === undefined ? undefined : resolve(values.summaries);
  if (summaryDir !== undefined) await prepareSummaryDir(summaryDir);
  if (values['real-image']) {
    const missing = missingRealImageTools();
    if (missing.length > 0) {
      console.error(
        `error: --real-image needs ${missing.map((m) => `${m.tool} (Debian package ${m.pkg})`).join(', ')}, not found on this machine. ` +
          `Install with: sudo apt-get install -y ${[...new Set(missing.map((m) => m.pkg))].join(' ')} (or sudo bash scripts/install-test-tools.sh); plain 'npm run demo' needs Node alone.`,
      );
      return 1;
    }
  }
  const speed = values.speed === undefined ? 100 : Number(values.speed);
  if (!(speed > 0)) {
    console.error(`error: --speed ${values.speed}: expected a positive number of emulated ms per real ms`);
    return 2;
  }
  const launcher: Launcher = values.bundle ? 'bundle' : 'source';
  const dir = await mkdtemp(join(tmpdir(), 'image-publish-demo-'));
  const started = Date.now();
  console.log(`image-publish demo: starting the Azure emulator and Azurite (emulated time x${speed}) ...`);
  let services: DemoServices | undefined;
  try {
    services = await withHeartbeat('starting the emulator and Azurite', () => startDemoServices(speed), (line) => console.log(line));
    const print = scrubber(services.secrets);
    const { emulator, azurite } = services;
    console.log(`  emulator  ${emulator.url}  (tenant ${emulator.tenantId}, subscription ${emulator.subscriptionId})`);
    console.log(`  azurite   ${azurite.accountUrl}`);
    console.log(`  steps run as child processes of ${launcher === 'bundle' ? 'bin/image-publish.mjs (dist/)' : 'the CLI runtime from src/ (tsx)'}; work folder ${dir}\n`);
    seedResourceGroups(emulator);
    let realImageState: DemoState['realImage'];
    if (values['real-image']) {
      // mmdebstrap is silent for minutes on a first build: the heartbeat keeps the 5 s promise there too.
      const rootfs = await withHeartbeat('building the Debian rootfs', () => debianRootfs(join(repoRoot, '.tmp/real-image'), (line) => console.log(`  ${line}`)), (line) => console.log(line));
      console.log(`  real image: Debian ${realImage.release} ${realImage.variant} rootfs ${rootfs.tarball}${rootfs.cached ? ' (cached)' : ` (built in ${rootfs.seconds.toFixed(0)} s)`}`);
      realImageState = { rootfs: rootfs.tarball, diskPath: join(dir, 'debian-11-minimal.vhd'), tailoringFile: await writeTailoring(dir) };
    }
    const state: DemoState = {
      assets: await writeDemoAssets(dir, repoRoot),
      containerUrl: `${azurite.accountUrl}/${demoNames.container}`,
      storageKey: azurite.accountKey,
      version: '1.0.0',
      failOn: values['fail-on'] ?? 'high',
      ...(realImageState ? { realImage: realImageState } : {}),
      outputs: {},
    };
    // The child gets only what a CI job would give it: the sign-in as AZURE_* variables (the secret never on argv).
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      NODE_EXTRA_CA_CERTS: emulator.caCertFile,
      AZURE_CLIENT_ID: emulator.defaultPrincipal.clientId,
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_SECRET: emulator.defaultPrincipal.clientSecret,
      AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
    };
    const cloud = { 'arm-endpoint': emulator.armEndpoint, 'authority-host': emulator.authorityHost, 'arm-audience': emulator.armAudience, 'subscription-id': emulator.subscriptionId };
    const records: StepRecord[] = [];
    let failed = false;
    for (const planned of demoPlan) {
      const step = findStep(planned.name);
      const purpose = (state.realImage ? planned.realImagePurpose : undefined) ?? planned.purpose;
      const base = { name: planned.name, purpose, wallMs: 0, emulatedMs: 0, outputs: {}, created: [] };
      if (step === undefined) {
        console.log(`- ${planned.name}: skipped (this build has no '${planned.name}' step yet)`);
        records.push({ ...base, status: 'skipped', note: `skipped: no '${planned.name}' step in this build yet` });
        continue;
      }
      if (failed) {
        records.push({ ...base, status: 'skipped', note: 'skipped: an earlier step failed' });
        continue;
      }
      if (planned.needsScaleSets) seedScaleSets(emulator);
      const { flags, ignored } = toFlags(step, { ...cloud, ...planned.inputs(state) });
      if (ignored.length > 0) console.log(`  (${planned.name} declares no input ${ignored.join(', ')}; not passed)`);
      console.log(`- ${planned.name}: ${purpose} ...`);
      const before = resourceMap(emulator);
      const t0 = Date.now();
      const result = await withHeartbeat(planned.name, (progress) => runStepProcess({
        launcher, repoRoot, step: planned.name, flags, env: { ...env, ...summaryFileEnv(summaryDir, planned.name) },
        onLogLine: (line: string) => {
          progress.detail(print(line));
          if (values.verbose) {
            console.log(`    ${print(line)}`);
            progress.touch();
          }
        },
      }), (line) => console.log(line));
      const record: StepRecord = {
        ...base,
        status: result.exitCode === 0 ? 'ok' : 'failed',
        wallMs: Date.now() - t0,
        emulatedMs: emulatedSpan(emulator, t0),
        outputs: result.outputs,
        created: createdBetween(before, resourceMap(emulator)),
      };
      records.push(record);
      state.outputs[planned.name] = result.outputs;
      if (result.exitCode !== 0) {
        failed = true;
        const last = result.log.trim().split('\n').filter((l) => l.startsWith('error:')).pop() ?? `exit code ${result.exitCode}`;
        record.note = `FAILED: ${last}`;
        console.log(print(`  failed (exit ${result.exitCode}). Step log:\n${result.log.replace(/^/gm, '    ')}`));
      }
    }
    if (summaryDir !== undefined) await writeLifecycleSummary(summaryDir, records);
    const versionId = state.outputs.publish?.['image-version-id'];
    console.log(print(renderReport(records, emulator, versionId)));
    console.log(`\nFinished in ${((Date.now() - started) / 1000).toFixed(1)} s wall; ${failed ? 'FAILED' : 'every available step succeeded'}.`);
    return failed ? 1 : 0;
  } finally {
    await services?.stop();
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
