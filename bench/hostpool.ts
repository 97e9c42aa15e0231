// Host-pool rollout benchmark (issue 19): a pooled AVD host pool of 100 session hosts, two users per host who stay
// signed in longer than the grace period, max 20% unavailable, against the emulator on a manual clock (a sleep of
// the rollout advances emulated time at once). Prints the emulated wall time next to its lower bound — per batch,
// the grace period (users stay past it) + image PATCH + reimage + bake — and the ARM requests spent. Never fails.
// Run: npm run bench -- hostpool
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import { resolveCloud } from '../src/core/azure/clouds.js';
import { createAzureContext } from '../src/core/azure/create-azure-context.js';
import type { Clock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { HostPoolClient } from '../src/core/rollout/host-pool-client.js';
import { rolloutHostPool } from '../src/core/rollout/host-pool-rollout.js';
import { userSessionSchedule } from '../src/emulator/arm/desktop/simulated-users.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';

const HOSTS = 100;
const USERS_PER_HOST = 2;
const MAX_UNAVAILABLE = 20;
const VM_OPERATION_MS = 4 * 60_000;
const GRACE_MS = 30 * 60_000;
const BAKE_MS = 5 * 60_000;
const POLL_MS = 30_000;

/** Tokens expire on the emulated clock, which jumps hours here: ask for a new one on every request. */
function freshCredential(e: EmulatorHandle): TokenCredential {
  return {
    // The SDK judges expiry by the real clock: a near real expiry makes it ask again on every request.
    async getToken(scopes) {
      const t = await new ClientSecretCredential(e.tenantId, e.defaultPrincipal.clientId, e.defaultPrincipal.clientSecret, { authorityHost: e.authorityHost, disableInstanceDiscovery: true }).getToken(scopes);
      return t ? { token: t.token, expiresOnTimestamp: Date.now() + 1000 } : null;
    },
  };
}

function seedPool(e: EmulatorHandle, imageId: string): string[] {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/bench-avd`;
  const pool = `${rg}/providers/Microsoft.DesktopVirtualization/hostPools/hp-bench`;
  const vms = Array.from({ length: HOSTS }, (_, i) => `${rg}/providers/Microsoft.Compute/virtualMachines/sh-${i}`);
  const hosts = vms.map((_, i) => `${pool}/sessionHosts/sh-${i}.contoso.example`);
  e.state.seed([
    { id: rg, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } },
    { id: pool, body: { location: 'westeurope', properties: { hostPoolType: 'Pooled', loadBalancerType: 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 8 } } },
    ...vms.map((id) => ({ id, body: { location: 'westeurope', properties: { storageProfile: { imageReference: { id: imageId }, osDisk: { diffDiskSettings: { option: 'Local' } } } } } })),
    ...hosts.map((id, i) => ({ id, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vms[i] } } })),
    ...userSessionSchedule({ sessionHostIds: hosts, usersPerHost: USERS_PER_HOST, startAt: e.clock.now() - 60_000, logOnSpreadMs: 60_000, minDurationMs: 24 * 3_600_000, maxDurationMs: 25 * 3_600_000, seed: 'bench' }),
  ]);
  return hosts;
}

const e = await startEmulator({ clockSpeed: 0, timing: { lroDurationMs: VM_OPERATION_MS, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });
setDefaultCACertificates([...getCACertificates('default'), e.caCertPem]);
try {
  const gallery = `/subscriptions/${e.subscriptionId}/resourceGroups/bench-img/providers/Microsoft.Compute/galleries/g/images/kw/versions`;
  seedPool(e, `${gallery}/1.0.0`);
  const cloud = resolveCloud({ cloud: 'Custom', armEndpoint: e.armEndpoint, authorityHost: e.authorityHost, armAudience: e.armAudience });
  const azure = createAzureContext({ credential: freshCredential(e), cloud, subscriptionId: e.subscriptionId });
  // Concurrent sleepers (a batch's VMs wait side by side) share the time: each moves the clock only up to its own wake-up.
  const clock: Clock = {
    now: () => e.clock.now(),
    sleep: async (ms) => {
      const wake = e.clock.now() + ms;
      await Promise.resolve();
      if (wake > e.clock.now()) e.clock.advance(wake - e.clock.now());
    },
  };
  e.requestLog.clear();
  const start = e.clock.now();
  const realStart = Date.now();
  const outcome = await rolloutHostPool({
    client: new HostPoolClient(azure.resources(), cloud.armEndpoint), compute: azure.compute(), clock, logger: silentLogger, signal: new AbortController().signal,
    pool: { subscriptionId: e.subscriptionId, resourceGroup: 'bench-avd', name: 'hp-bench' }, imageId: `${gallery}/2.0.0`, owner: 'bench#1',
    leaseDurationMs: 24 * 3_600_000, maxUnavailablePercent: MAX_UNAVAILABLE, maxUnhealthyPercent: 0, gracePeriodMs: GRACE_MS, bakeTimeMs: BAKE_MS,
    pollIntervalMs: POLL_MS, deadline: start + 48 * 3_600_000, force: false, plan: false,
  });
  const wallS = (e.clock.now() - start) / 1000;
  const boundS = (outcome.batches * (GRACE_MS + 2 * VM_OPERATION_MS + BAKE_MS)) / 1000;
  const arm = e.requestLog.entries().filter((x) => x.route === 'arm').length;
  console.log(`${HOSTS} session hosts x ${USERS_PER_HOST} users, max ${MAX_UNAVAILABLE}% unavailable, grace ${GRACE_MS / 60_000}m, VM PATCH/reimage ${VM_OPERATION_MS / 60_000}m each, bake ${BAKE_MS / 60_000}m, poll ${POLL_MS / 1000}s.`);
  console.log(`batches ${outcome.batches}, moved ${outcome.moved.length}, logged off ${outcome.loggedOff}`);
  console.log(`emulated wall ${(wallS / 60).toFixed(1)} min, drain/reimage lower bound ${(boundS / 60).toFixed(1)} min, ratio ${(wallS / boundS).toFixed(2)}x`);
  console.log(`ARM requests ${arm} (${(arm / HOSTS).toFixed(1)} per host), real time ${((Date.now() - realStart) / 1000).toFixed(1)}s`);
} finally {
  await e.close();
}
