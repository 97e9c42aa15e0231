/**
 * The emulated AVD "session host update" (desktopvirtualization.json 2026-03-01-preview): the service moves the
 * session hosts of a pool onto its session host configuration's image, at most `maxVmsRemoved` hosts at a time.
 * Per host: drain (allowNewSession=false) and send `logOffMessage` to its users, wait until they have left or
 * `logOffDelayMinutes` has passed, log off whoever is left, recreate the VM from the configuration's image (keeping
 * the original OS disk as a disk resource unless `deleteOriginalVm`), then re-enable the host.
 * Like the rest of the emulator there are no timers: every request replays the run's events up to the emulator
 * clock (advanceSessionHostUpdates), so the outcome depends only on stored times and the simulated users' schedule.
 */
import { randomUUID } from 'node:crypto';
import type { HandlerContext, JsonObject } from '../handler-types.js';
import { find, resourcesOfType } from '../resources.js';
import type { StoredResource } from '../../store/state-types.js';
import { hostSimulation, sessionLive, sessionSimulation, simulationKey } from './simulated-users.js';

export const managementType = 'Microsoft.DesktopVirtualization/hostPools/sessionHostManagements';
const hostType = 'Microsoft.DesktopVirtualization/hostPools/sessionHosts';
const sessionType = 'Microsoft.DesktopVirtualization/hostPools/sessionHosts/userSessions';

export type UpdateStatus = 'Error' | 'Scheduled' | 'UpdatingSessionHosts' | 'ValidatingSessionHostUpdate' | 'Paused' | 'Pausing' | 'Cancelling' | 'Succeeded' | 'Failed' | 'Cancelled';

export interface UpdateSettings {
  deleteOriginalVm: boolean;
  maxVmsRemoved: number;
  logOffDelayMinutes: number;
  logOffMessage: string;
}

interface HostRun {
  /** Session host id (stored key casing preserved). */
  id: string;
  phase: 'pending' | 'draining' | 'updating' | 'done';
  drainAt?: number;
  readyAt?: number;
  doneAt?: number;
}

export interface UpdateRun {
  id: string;
  correlationId: string;
  status: UpdateStatus;
  createdAt: number;
  scheduledAt?: number;
  startedAt?: number;
  endedAt?: number;
  /** Emulated time up to which events have been applied. */
  cursor: number;
  settings: UpdateSettings;
  /** The configuration's version (timestamp) and image when the update was initiated. */
  configVersion: string;
  image: JsonObject;
  hosts: HostRun[];
  error?: { code: string; message: string };
  cancelMessage?: string;
  /** Control operations (Location monitors): id -> the action and when it was asked for. */
  controls: Record<string, { action: string; at: number }>;
}

export const inProgress: readonly UpdateStatus[] = ['Scheduled', 'ValidatingSessionHostUpdate', 'UpdatingSessionHosts', 'Pausing', 'Paused', 'Cancelling'];

export function updateRunOf(management: StoredResource | undefined): UpdateRun | undefined {
  return (management?.body[simulationKey] as { update?: UpdateRun } | undefined)?.update;
}

export function setUpdateRun(management: StoredResource, run: UpdateRun): void {
  management.body[simulationKey] = { ...((management.body[simulationKey] as JsonObject | undefined) ?? {}), update: run };
}

/** The image reference a configuration's imageInfo stands for (Custom: the resource id; Marketplace: its four fields). */
export function configImageReference(config: StoredResource): JsonObject {
  const info = ((config.body.properties as JsonObject | undefined)?.imageInfo ?? {}) as JsonObject;
  if (String(info.type ?? '').toLowerCase() === 'custom') return { id: String((info.customInfo as JsonObject | undefined)?.resourceId ?? '') };
  const m = (info.marketplaceInfo ?? {}) as JsonObject;
  return { publisher: m.publisher, offer: m.offer, sku: m.sku, exactVersion: m.exactVersion, version: m.exactVersion };
}

function hostProps(host: StoredResource): JsonObject {
  const props = (host.body.properties ?? {}) as JsonObject;
  host.body.properties = props;
  return props;
}

/** A new run over the pool's hosts not yet on the configuration's version. */
export function newUpdateRun(ctx: HandlerContext, poolId: string, config: StoredResource, settings: UpdateSettings, scheduledAt: number | undefined): UpdateRun {
  const configVersion = String((config.body.properties as JsonObject | undefined)?.version ?? '');
  const hosts = resourcesOfType(ctx, poolId, hostType)
    .filter((h) => hostProps(h).sessionHostConfiguration !== configVersion)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((h): HostRun => ({ id: h.id, phase: 'pending' }));
  const future = scheduledAt !== undefined && scheduledAt > ctx.now;
  return {
    id: randomUUID(), correlationId: randomUUID(), status: future ? 'Scheduled' : 'ValidatingSessionHostUpdate', createdAt: ctx.now,
    ...(future ? { scheduledAt } : { startedAt: ctx.now }), cursor: ctx.now, settings, configVersion, image: configImageReference(config), hosts, controls: {},
  };
}

function liveSessionsAt(ctx: HandlerContext, host: StoredResource, at: number): StoredResource[] {
  return resourcesOfType(ctx, host.id, sessionType).filter((s) => sessionLive(s, host, at));
}

function message(session: StoredResource, at: number, body: string): void {
  const s = sessionSimulation(session);
  if (s) (s.messages ??= []).push({ at, title: 'Session host update', body });
}

function setDrained(host: StoredResource, drained: boolean, at: number): void {
  const sim = hostSimulation(host);
  if (drained) (sim.drains ??= []).push([at, null]);
  else {
    const open = sim.drains?.find(([, to]) => to === null);
    if (open) open[1] = at;
  }
  hostProps(host).allowNewSession = !drained;
}

function startDrain(ctx: HandlerContext, run: UpdateRun, h: HostRun, at: number): void {
  const host = find(ctx, h.id);
  h.phase = 'draining';
  h.drainAt = at;
  if (!host) {
    h.readyAt = at;
    return;
  }
  setDrained(host, true, at);
  hostProps(host).updateState = 'Started';
  const sessions = liveSessionsAt(ctx, host, at);
  for (const s of sessions) message(s, at, run.settings.logOffMessage);
  // Ready once the last user has left on their own, or when the log-off delay has run out, whichever comes first.
  const leaves = sessions.map((s) => {
    const sim = sessionSimulation(s);
    return Math.min(sim?.logOffAt ?? Number.MAX_SAFE_INTEGER, sim?.endedAt ?? Number.MAX_SAFE_INTEGER);
  });
  h.readyAt = Math.min(at + run.settings.logOffDelayMinutes * 60_000, Math.max(at, ...leaves));
}

/** Log off whoever is left, then recreate the VM from the configuration's image. */
function replaceVm(ctx: HandlerContext, run: UpdateRun, h: HostRun, at: number): void {
  h.phase = 'updating';
  h.doneAt = at + ctx.timing.lroDurationMs;
  const host = find(ctx, h.id);
  if (!host) return;
  for (const s of liveSessionsAt(ctx, host, at)) {
    const sim = sessionSimulation(s);
    if (sim) {
      sim.endedAt = at;
      sim.endedBy = 'logoff';
    }
  }
  const vmId = hostProps(host).resourceId;
  const vm = typeof vmId === 'string' ? find(ctx, vmId) : undefined;
  if (!vm) return;
  const vmProps = (vm.body.properties ?? {}) as JsonObject;
  const storage = (vmProps.storageProfile ?? {}) as JsonObject;
  if (!run.settings.deleteOriginalVm) {
    // The original OS disk is kept (named after the VM and the update), as a disk resource one can roll back to.
    const diskId = `${vm.id.split('/providers/')[0] ?? ''}/providers/Microsoft.Compute/disks/${vm.id.split('/').pop() ?? ''}-osdisk-${run.id.slice(0, 8)}`;
    ctx.state.resources[diskId.toLowerCase()] = {
      id: diskId, type: 'Microsoft.Compute/disks',
      body: { id: diskId, name: diskId.split('/').pop() ?? '', type: 'Microsoft.Compute/disks', location: vm.body.location ?? 'eastus', properties: { creationData: { createOption: 'FromImage', imageReference: storage.imageReference ?? {} }, diskState: 'Unattached' } },
    };
  }
  storage.imageReference = structuredClone(run.image);
  vmProps.storageProfile = storage;
  vm.body.properties = vmProps;
  hostSimulation(host).runningImage = String(run.image.id ?? run.image.exactVersion ?? '');
}

function finishHost(ctx: HandlerContext, run: UpdateRun, h: HostRun, at: number): void {
  h.phase = 'done';
  const host = find(ctx, h.id);
  if (!host) return;
  setDrained(host, false, at);
  Object.assign(hostProps(host), { sessionHostConfiguration: run.configVersion, lastSessionHostUpdateTime: new Date(at).toISOString(), updateState: 'Succeeded' });
}

/** A cancelled host goes back into rotation untouched; its users hear why their log-off warning no longer holds. */
function abandonDrain(ctx: HandlerContext, run: UpdateRun, h: HostRun, at: number): void {
  h.phase = 'pending';
  delete h.drainAt;
  delete h.readyAt;
  const host = find(ctx, h.id);
  if (!host) return;
  setDrained(host, false, at);
  delete hostProps(host).updateState;
  if (run.cancelMessage) for (const s of liveSessionsAt(ctx, host, at)) message(s, at, run.cancelMessage);
}

function nextEvent(run: UpdateRun): { host: HostRun; at: number } | undefined {
  let best: { host: HostRun; at: number } | undefined;
  for (const h of run.hosts) {
    const at = h.phase === 'draining' ? h.readyAt : h.phase === 'updating' ? h.doneAt : undefined;
    if (at !== undefined && (!best || at < best.at)) best = { host: h, at };
  }
  return best;
}

function fillSlots(ctx: HandlerContext, run: UpdateRun, at: number): void {
  if (run.status !== 'UpdatingSessionHosts') return;
  let inFlight = run.hosts.filter((h) => h.phase === 'draining' || h.phase === 'updating').length;
  for (const h of run.hosts) {
    if (inFlight >= run.settings.maxVmsRemoved) return;
    if (h.phase !== 'pending') continue;
    startDrain(ctx, run, h, at);
    inFlight++;
  }
}

/** Applies the run's events up to `now`: validation, then drains, log-offs, VM replacements and completions. */
function advance(ctx: HandlerContext, run: UpdateRun): void {
  const now = ctx.now;
  if (run.status === 'Scheduled') {
    if (run.scheduledAt === undefined || run.scheduledAt > now) return;
    run.status = 'ValidatingSessionHostUpdate';
    run.startedAt = run.scheduledAt;
    run.cursor = run.scheduledAt;
  }
  if (run.status === 'ValidatingSessionHostUpdate') {
    const validated = (run.startedAt ?? now) + ctx.timing.lroDurationMs;
    if (validated > now) return;
    run.cursor = validated;
    // The service checks that the configuration's image exists before it touches a host.
    if (typeof run.image.id === 'string' && !find(ctx, run.image.id)) {
      run.status = 'Failed';
      run.endedAt = validated;
      run.error = { code: 'ImageNotFound', message: `The image '${run.image.id}' of the session host configuration was not found. No session host was changed.` };
      return;
    }
    run.status = 'UpdatingSessionHosts';
  }
  for (;;) {
    fillSlots(ctx, run, run.cursor);
    const next = nextEvent(run);
    if (!next || next.at > now) break;
    run.cursor = Math.max(run.cursor, next.at);
    if (next.host.phase === 'draining') replaceVm(ctx, run, next.host, next.at);
    else finishHost(ctx, run, next.host, next.at);
  }
  const inFlight = run.hosts.some((h) => h.phase === 'draining' || h.phase === 'updating');
  if (inFlight) return;
  const last = Math.max(run.cursor, ...run.hosts.map((h) => h.doneAt ?? 0));
  if (run.status === 'UpdatingSessionHosts' && run.hosts.every((h) => h.phase === 'done')) {
    run.status = 'Succeeded';
    run.endedAt = last;
  } else if (run.status === 'Pausing') run.status = 'Paused';
  else if (run.status === 'Cancelling') {
    run.status = 'Cancelled';
    run.endedAt = last;
  }
}

/** Brings every session host update in the emulator up to the clock; called before each ARM request runs. */
export function advanceSessionHostUpdates(ctx: HandlerContext): void {
  for (const m of Object.values(ctx.state.resources)) {
    if (m.type !== managementType) continue;
    const run = updateRunOf(m);
    if (!run || !inProgress.includes(run.status) || run.status === 'Paused') continue;
    const before = JSON.stringify(run);
    advance(ctx, run);
    if (JSON.stringify(run) !== before) ctx.changed();
  }
}

/** Pause / Resume / Cancel / Retry / Start on a run already advanced to now; returns the error text for a refused action. */
export function controlUpdate(ctx: HandlerContext, run: UpdateRun, action: string, cancelMessage: string | undefined): string | undefined {
  switch (action.toLowerCase()) {
    case 'start':
      if (run.status !== 'Scheduled') return `Only a scheduled update can be started; this one is ${run.status}.`;
      run.scheduledAt = ctx.now;
      break;
    case 'pause':
      if (run.status !== 'UpdatingSessionHosts' && run.status !== 'ValidatingSessionHostUpdate') return `Only a running update can be paused; this one is ${run.status}.`;
      run.status = 'Pausing';
      break;
    case 'resume':
      if (run.status !== 'Paused' && run.status !== 'Pausing') return `Only a paused update can be resumed; this one is ${run.status}.`;
      run.status = 'UpdatingSessionHosts';
      run.cursor = ctx.now;
      break;
    case 'cancel':
      if (!inProgress.includes(run.status) || run.status === 'Cancelling') return `Only an update in progress can be cancelled; this one is ${run.status}.`;
      run.status = 'Cancelling';
      if (cancelMessage !== undefined) run.cancelMessage = cancelMessage;
      // Hosts still draining go back into rotation; hosts whose VM is being replaced finish that first.
      for (const h of run.hosts) if (h.phase === 'draining') abandonDrain(ctx, run, h, ctx.now);
      break;
    case 'retry':
      if (run.status !== 'Failed' && run.status !== 'Error') return `Only a failed update can be retried; this one is ${run.status}.`;
      run.status = 'ValidatingSessionHostUpdate';
      run.startedAt = ctx.now;
      run.cursor = ctx.now;
      delete run.error;
      delete run.endedAt;
      break;
    default:
      return `Unknown action '${action}'; expected Start, Pause, Cancel, Retry or Resume.`;
  }
  advance(ctx, run);
  ctx.changed();
  return undefined;
}

/** True while a control action has not taken full effect (the Location monitor answers 202 until then). */
export function controlRunning(run: UpdateRun, action: string): boolean {
  const a = action.toLowerCase();
  return (a === 'cancel' && run.status === 'Cancelling') || (a === 'pause' && run.status === 'Pausing');
}

/** The session host's state as the update sees it, for the presented session host. */
export function hostUpdatePhase(ctx: HandlerContext, hostId: string): HostRun['phase'] | undefined {
  const poolId = hostId.split('/sessionHosts/')[0] ?? '';
  const m = find(ctx, `${poolId}/sessionHostManagements/default`);
  const run = updateRunOf(m);
  if (!run || !inProgress.includes(run.status)) return undefined;
  return run.hosts.find((h) => h.id.toLowerCase() === hostId.toLowerCase())?.phase;
}

/** SessionHostManagementUpdateStatus for the run (spec 2026-03-01-preview). */
export function presentUpdateStatus(management: StoredResource, run: UpdateRun, presentManagement: JsonObject): JsonObject {
  const total = run.hosts.length;
  const completed = run.hosts.filter((h) => h.phase === 'done').length;
  const iso = (t: number | undefined): string | undefined => (t === undefined ? undefined : new Date(t).toISOString());
  const out: JsonObject = {
    id: `${management.id}/sessionHostUpdateStatuses/default`,
    name: run.id,
    status: run.status,
    percentComplete: total === 0 ? 100 : Math.round((completed * 1000) / total) / 10,
    properties: {
      correlationId: run.correlationId,
      progress: {
        ...(run.startedAt !== undefined ? { executionStartTime: iso(run.startedAt) } : {}),
        totalSessionHosts: total,
        sessionHostsInProgress: run.hosts.filter((h) => h.phase === 'draining' || h.phase === 'updating').length,
        sessionHostsCompleted: completed,
        sessionHostsRollbackFailed: 0,
      },
      ...(run.scheduledAt !== undefined ? { scheduledDateTime: iso(run.scheduledAt) } : {}),
      sessionHostManagement: presentManagement,
    },
  };
  if (run.startedAt !== undefined) out.startTime = iso(run.startedAt);
  if (run.endedAt !== undefined) out.endTime = iso(run.endedAt);
  if (run.error) out.error = run.error;
  return out;
}
