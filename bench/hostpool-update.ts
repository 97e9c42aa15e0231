// Session host update benchmark (issue 19): a pooled AVD host pool of 100 session hosts with a session host
// configuration and management (maxVmsRemoved 20, log-off delay 30 min), two users per host who stay past the delay,
// rolled by pin-rollout through Azure's session host update against the emulator on a manual clock. Prints the
// emulated wall time next to its lower bound (validation + per wave of maxVmsRemoved hosts: the log-off delay + one
// VM replacement), the ARM requests pin-rollout spent following it, and the same figures for the drain/reimage path
// on an identical pool without a configuration in the same run (20% unavailable, 30 min grace, no bake). Never fails.
// Run: npm run bench -- hostpool-update
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { silentLogger } from '../src/core/logger.js';
import { HostPoolClient } from '../src/core/rollout/host-pool-client.js';
import { rolloutAnyHostPool } from '../src/core/rollout/host-pool-session-host-update.js';
import { userSessionSchedule } from '../src/emulator/arm/desktop/simulated-users.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { emulatedAzure, emulatedClock } from './support/emulated-azure.js';

const HOSTS = 100;
const USERS_PER_HOST = 2;
const MAX_VMS_REMOVED = 20;
const VM_OPERATION_MS = 4 * 60_000;
const LOG_OFF_DELAY_MS = 30 * 60_000;
const POLL_MS = 30_000;

async function seedPool(e: EmulatorHandle, name: string, imageId: string, managed: boolean): Promise<void> {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/bench-avd`;
  const pool = `${rg}/providers/Microsoft.DesktopVirtualization/hostPools/${name}`;
  const vms = Array.from({ length: HOSTS }, (_, i) => `${rg}/providers/Microsoft.Compute/virtualMachines/${name}-${i}`);
  const hosts = vms.map((_, i) => `${pool}/sessionHosts/${name}-${i}.contoso.example`);
  const props = { hostPoolType: 'Pooled', loadBalancerType: 'BreadthFirst', preferredAppGroupType: 'Desktop', maxSessionLimit: 8 };
  e.state.seed([
    { id: rg, type: 'Microsoft.Resources/resourceGroups', body: { location: 'westeurope', properties: { provisioningState: 'Succeeded' } } },
    { id: pool, body: { location: 'westeurope', properties: props } },
    ...vms.map((id) => ({ id, body: { location: 'westeurope', properties: { storageProfile: { imageReference: { id: imageId } } } } })),
    ...hosts.map((id, i) => ({ id, body: { properties: { allowNewSession: true, status: 'Available', resourceId: vms[i] } } })),
    ...userSessionSchedule({ sessionHostIds: hosts, usersPerHost: USERS_PER_HOST, startAt: e.clock.now() - 60_000, logOnSpreadMs: 60_000, minDurationMs: 24 * 3_600_000, maxDurationMs: 25 * 3_600_000, seed: name }),
  ]);
  if (!managed) return;
  e.state.seed([
    { id: `${pool}/sessionHostManagements/default`, body: { properties: { scheduledDateTimeZone: 'UTC', update: { maxVmsRemoved: MAX_VMS_REMOVED, logOffDelayMinutes: LOG_OFF_DELAY_MS / 60_000, logOffMessage: 'Restarting for the monthly image.', deleteOriginalVm: true } } } },
    { id: `${pool}/sessionHostConfigurations/default`, body: { properties: { version: new Date(e.clock.now() - 86_400_000).toISOString(), vmNamePrefix: name.slice(0, 11), imageInfo: { type: 'Custom', customInfo: { resourceId: imageId } } } } },
  ]);
}

const e = await startEmulator({ clockSpeed: 0, timing: { lroDurationMs: VM_OPERATION_MS, retryAfterSeconds: 0, replicationMsPerReplica: 0 } });
setDefaultCACertificates([...getCACertificates('default'), e.caCertPem]);
try {
  const versions = `/subscriptions/${e.subscriptionId}/resourceGroups/bench-img/providers/Microsoft.Compute/galleries/g/images/kw/versions`;
  e.state.seed([{ id: `${versions}/2.0.0`, body: { location: 'westeurope', properties: {} } }]);
  const { azure, armEndpoint } = emulatedAzure(e);
  const run = async (name: string, managed: boolean): Promise<{ wallMin: number; arm: number; realS: number; moved: number }> => {
    await seedPool(e, name, `${versions}/1.0.0`, managed);
    e.requestLog.clear();
    const start = e.clock.now();
    const realStart = Date.now();
    const outcome = await rolloutAnyHostPool({
      client: new HostPoolClient(azure.resources(), armEndpoint), compute: azure.compute(), clock: emulatedClock(e), logger: silentLogger, signal: new AbortController().signal,
      pool: { subscriptionId: e.subscriptionId, resourceGroup: 'bench-avd', name }, imageId: `${versions}/2.0.0`, owner: 'bench#1',
      leaseDurationMs: 24 * 3_600_000, maxUnavailablePercent: (MAX_VMS_REMOVED * 100) / HOSTS, maxUnhealthyPercent: 0, gracePeriodMs: LOG_OFF_DELAY_MS, bakeTimeMs: 0,
      pollIntervalMs: POLL_MS, deadline: start + 48 * 3_600_000, force: false, plan: false,
    });
    return { wallMin: (e.clock.now() - start) / 60_000, arm: e.requestLog.entries().filter((x) => x.route === 'arm').length, realS: (Date.now() - realStart) / 1000, moved: outcome.moved.length };
  };
  const managed = await run('hp-update', true);
  const drained = await run('hp-drain', false);
  const boundMin = (VM_OPERATION_MS + Math.ceil(HOSTS / MAX_VMS_REMOVED) * (LOG_OFF_DELAY_MS + VM_OPERATION_MS)) / 60_000;
  console.log(`${HOSTS} session hosts x ${USERS_PER_HOST} users staying past the delay, ${MAX_VMS_REMOVED} hosts at a time, log-off delay ${LOG_OFF_DELAY_MS / 60_000}m, VM operations ${VM_OPERATION_MS / 60_000}m, poll ${POLL_MS / 1000}s.`);
  console.log(`session host update: moved ${managed.moved}, emulated wall ${managed.wallMin.toFixed(1)} min, lower bound ${boundMin.toFixed(1)} min, ratio ${(managed.wallMin / boundMin).toFixed(2)}x; ARM requests ${managed.arm}, real time ${managed.realS.toFixed(1)}s`);
  console.log(`drain/reimage baseline (same run): moved ${drained.moved}, emulated wall ${drained.wallMin.toFixed(1)} min; ARM requests ${drained.arm}, real time ${drained.realS.toFixed(1)}s`);
  console.log(`session host update / drain-reimage: wall ${(managed.wallMin / drained.wallMin).toFixed(2)}x, ARM requests ${(managed.arm / drained.arm).toFixed(2)}x`);
} finally {
  await e.close();
}
