// Rollout benchmark: 20 scale sets of 50 instances in three rings (2, 6, 12 scale sets), Manual policy, batches of
// 20%, against the emulator running emulated time 1000x faster than real time. Prints emulated total time and ARM
// requests by kind for two poll intervals, next to the lower bounds the batch policy sets: time = per ring,
// batches x (instance upgrade + bake); requests = per scale set one read, one PATCH and per batch one manualupgrade
// plus one health read, plus the fixed lease/progress/channel calls. Never fails.
// Both are true lower bounds but not tight: a rollout also has to list a scale set's instances once before it can
// batch them (ids are not in the model), and each PATCH is an ARM async operation (a status poll and a final GET).
// Every real millisecond the SDK and the emulator spend counts as a second of emulated time at x1000, so on a busy
// machine the time ratio measures CPU as much as waiting: ROLLOUT_BENCH_SPEED=100 shrinks that share ten times.
// Run: npm run bench -- rollout
import { loadavg } from 'node:os';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import { resolveCloud } from '../src/core/azure/clouds.js';
import { createAzureContext } from '../src/core/azure/create-azure-context.js';
import type { Clock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { RolloutInputs } from '../src/core/rollout/rollout-types.js';
import { runRollout } from '../src/core/rollout/run-rollout.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { defined } from '../src/core/defined.js';

const SPEED = Number(process.env.ROLLOUT_BENCH_SPEED ?? 1000);
const SETS = 20;
const INSTANCES = 50;
const BATCH_PERCENT = 20;
const UPGRADE_MS = 120_000;
const BAKE_MS = 300_000;
const RINGS = [2, 6, 12];

/** Step time is the emulator's: sleeping waits the real time that makes `ms` pass on the emulated clock. */
function speedClock(e: EmulatorHandle): Clock {
  return {
    now: () => e.clock.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(1, ms / SPEED))),
  };
}

/** Tokens expire on the emulated clock (an hour passes in 3.6 real seconds here): fetch a fresh one often. */
function freshCredential(e: EmulatorHandle): TokenCredential {
  let cached: { token: AccessToken; at: number } | undefined;
  return {
    async getToken(scopes) {
      if (!cached || Date.now() - cached.at > 1000) {
        const c = new ClientSecretCredential(e.tenantId, e.defaultPrincipal.clientId, e.defaultPrincipal.clientSecret, { authorityHost: e.authorityHost, disableInstanceDiscovery: true });
        cached = { token: defined(await c.getToken(scopes), 'emulator token'), at: Date.now() };
      }
      return { token: cached.token.token, expiresOnTimestamp: cached.at + 2000 };
    },
  };
}

async function setup(e: EmulatorHandle, compute: ComputeManagementClient, image: string): Promise<RolloutInputs['target']> {
  const rgId = `/subscriptions/${e.subscriptionId}/resourceGroups/bench-img`;
  e.state.seed([{ id: rgId, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } }]);
  await compute.galleries.createOrUpdate('bench-img', 'gal', { location: 'westeurope' });
  await compute.galleryImages.createOrUpdate('bench-img', 'gal', image, { location: 'westeurope', osType: 'Linux', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: image } });
  const src = await compute.images.createOrUpdate('bench-img', 'src', { location: 'westeurope', storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://sa.blob.core.windows.net/vhds/os.vhd' } } });
  for (const v of ['1.0.0', '2.0.0']) {
    await compute.galleryImageVersions.createOrUpdate('bench-img', 'gal', image, v, { location: 'westeurope', storageProfile: { source: { id: defined(src.id, 'managed image id') } }, publishingProfile: { targetRegions: [{ name: 'westeurope' }] } });
  }
  const def = `${rgId}/providers/Microsoft.Compute/galleries/gal/images/${image}`;
  e.scaleSets.seed(Array.from({ length: SETS }, (_, i) => ({
    resourceGroup: 'bench-apps', name: `${image}-vmss${i}`, location: 'westeurope', capacity: INSTANCES, imageReference: { id: `${def}/versions/1.0.0` }, instanceUpgradeMs: UPGRADE_MS,
  })));
  return { subscriptionId: e.subscriptionId, resourceGroup: 'bench-img', gallery: 'gal', image, version: '2.0.0' };
}

async function measure(e: EmulatorHandle, pollSeconds: number): Promise<string[]> {
  const image = `img${pollSeconds}`;
  const cloud = resolveCloud({ cloud: 'Custom', armEndpoint: e.armEndpoint, authorityHost: e.authorityHost, armAudience: e.armAudience });
  const azure = createAzureContext({ credential: freshCredential(e), cloud, subscriptionId: e.subscriptionId });
  const target = await setup(e, azure.compute(), image);
  let next = 0;
  const rings = RINGS.map((count, r) => ({
    name: defined(['canary', 'wave1', 'prod'][r], `ring ${r} name`),
    scaleSets: Array.from({ length: count }, () => ({ subscriptionId: e.subscriptionId, resourceGroup: 'bench-apps', name: `${image}-vmss${next++}` })),
    batchPercent: BATCH_PERCENT, bakeTimeMs: BAKE_MS, maxUnhealthyPercent: 0, upgrade: 'policy' as const,
  }));
  const inputs: RolloutInputs = {
    target, rings, channel: 'prod', promoteLatest: false, requireSignature: false, leaseDurationMs: 6 * 3_600_000,
    plan: false, rollback: false, timeoutMs: 24 * 3_600_000, pollIntervalMs: pollSeconds * 1000,
  };
  e.requestLog.clear();
  const start = e.clock.now();
  const realStart = Date.now();
  await runRollout(inputs, { compute: azure.compute(), logger: silentLogger, clock: speedClock(e), signal: new AbortController().signal, run: { platform: 'cli', runId: `bench-${pollSeconds}` } as never });
  const emulatedS = (e.clock.now() - start) / 1000;
  const arm = e.requestLog.entries().filter((x) => x.route === 'arm');
  const count = (op: string) => arm.filter((x) => x.operationId === op).length;
  const batches = Math.ceil(100 / BATCH_PERCENT);
  const timeBound = (RINGS.length * batches * (UPGRADE_MS + BAKE_MS)) / 1000;
  const fixed = 2 + 3 + 2 * RINGS.length + 2 + 2; // version+definition reads, lease, progress per ring, finish, release
  const requestBound = SETS * (2 + 2 * batches) + fixed;
  return [
    `poll ${pollSeconds}s`.padEnd(10),
    `${emulatedS.toFixed(0)}s`.padStart(9), `${timeBound}s`.padStart(9), `${(emulatedS / timeBound).toFixed(2)}x`.padStart(7),
    String(arm.length).padStart(9), String(requestBound).padStart(9), `${(arm.length / requestBound).toFixed(2)}x`.padStart(7),
    String(count('VirtualMachineScaleSets_UpdateInstances')).padStart(8), String(count('VirtualMachineScaleSetVMs_List')).padStart(7),
    `${((Date.now() - realStart) / 1000).toFixed(1)}s`.padStart(7),
  ];
}

const e = await startEmulator({ clockSpeed: SPEED, timing: { lroDurationMs: 0, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });
setDefaultCACertificates([...getCACertificates('default'), e.caCertPem]);
try {
  console.log(`${SETS} scale sets x ${INSTANCES} instances, rings ${RINGS.join('/')}, batches ${BATCH_PERCENT}%, upgrade ${UPGRADE_MS / 1000}s, bake ${BAKE_MS / 1000}s, emulated time x${SPEED}.`);
  console.log(['variant'.padEnd(10), 'emulated'.padStart(9), 'bound'.padStart(9), 'ratio'.padStart(7), 'ARM reqs'.padStart(9), 'bound'.padStart(9), 'ratio'.padStart(7), 'upgrades'.padStart(8), 'lists'.padStart(7), 'real'.padStart(7)].join(' '));
  for (const poll of [30, 10]) console.log((await measure(e, poll)).join(' '));
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await e.close();
}
