/**
 * Microsoft.DesktopVirtualization host pools, session hosts and user sessions over seeded state (creating host pools
 * and registering hosts is not emulated; see docs/emulator-deviations.md). Shapes and codes follow
 * desktopvirtualization.json 2025-10-10: every operation answers 200 (deletes 200/204), none is long-running.
 */
import { armErrors } from '../arm-error.js';
import type { ArmHandler, ArmRequest, HandlerContext, JsonObject } from '../handler-types.js';
import { find, mergePatch, page, requireResourceGroup, resourceGroupId, resourcesOfType } from '../resources.js';
import { isRunning } from '../lro.js';
import type { StoredResource } from '../../store/state-types.js';
import { hostUpdatePhase } from './session-host-update.js';
import { hostSimulation, presentSession, sessionLive, sessionSimulation, simulationKey, type SessionSimulation } from './simulated-users.js';

const poolType = 'Microsoft.DesktopVirtualization/hostPools';
const hostType = 'Microsoft.DesktopVirtualization/hostPools/sessionHosts';
const sessionType = 'Microsoft.DesktopVirtualization/hostPools/sessionHosts/userSessions';

function poolId(req: ArmRequest): string {
  return `${resourceGroupId(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '')}/providers/${poolType}/${req.params.hostPoolName ?? ''}`;
}

function requirePool(req: ArmRequest, ctx: HandlerContext): StoredResource {
  requireResourceGroup(req, ctx);
  const pool = find(ctx, poolId(req));
  if (!pool) throw armErrors.resourceNotFound(poolType, req.params.hostPoolName ?? '', req.params.resourceGroupName ?? '');
  return pool;
}

function requireHost(req: ArmRequest, ctx: HandlerContext): StoredResource {
  requirePool(req, ctx);
  const host = find(ctx, `${poolId(req)}/sessionHosts/${req.params.sessionHostName ?? ''}`);
  if (!host) throw armErrors.resourceNotFound(hostType, `${req.params.hostPoolName ?? ''}/${req.params.sessionHostName ?? ''}`, req.params.resourceGroupName ?? '');
  return host;
}

function liveSessions(ctx: HandlerContext, host: StoredResource): StoredResource[] {
  return resourcesOfType(ctx, host.id, sessionType).filter((s) => sessionLive(s, host, ctx.now));
}

function stripSimulation(r: StoredResource): JsonObject {
  const body = structuredClone(r.body);
  delete body[simulationKey];
  return body;
}

/** The image a host's VM runs: its model's imageReference as of its last reimage (or as seeded). */
function runningImage(host: StoredResource, vm: StoredResource): string {
  const applied = (host.body[simulationKey] as { runningImage?: string } | undefined)?.runningImage;
  if (applied) return applied;
  const ref = ((vm.body.properties as JsonObject | undefined)?.storageProfile as JsonObject | undefined)?.imageReference as JsonObject | undefined;
  return String(ref?.exactVersion ?? ref?.id ?? '');
}

/** Status from the backing VM: Unavailable while an operation runs on it, NeedsAssistance on an image the pool's simulation marks bad. */
function hostStatus(ctx: HandlerContext, pool: StoredResource | undefined, host: StoredResource): string {
  const vmId = (host.body.properties as JsonObject | undefined)?.resourceId;
  const vm = typeof vmId === 'string' ? find(ctx, vmId) : undefined;
  if (!vm) return String((host.body.properties as JsonObject | undefined)?.status ?? 'Available');
  if (hostUpdatePhase(ctx, host.id) === 'updating') return 'Upgrading';
  const op = vm.operationId ? ctx.state.operations[vm.operationId] : undefined;
  if (op && isRunning(op, ctx.now)) return 'Unavailable';
  const bad = ((pool?.body[simulationKey] as { unhealthyImages?: string[] } | undefined)?.unhealthyImages ?? []).map((s) => s.toLowerCase());
  const image = runningImage(host, vm).toLowerCase();
  if (bad.some((b) => image.endsWith(b))) return 'NeedsAssistance';
  return String((host.body.properties as JsonObject | undefined)?.status ?? 'Available');
}

// Session host update fields of SessionHostProperties that only the preview api-versions have.
const previewHostFields = ['sessionHostConfiguration', 'lastSessionHostUpdateTime'];

function presentHost(ctx: HandlerContext, host: StoredResource, apiVersion: string): JsonObject {
  const body = stripSimulation(host);
  const pool = find(ctx, host.id.split('/sessionHosts/')[0] ?? '');
  const props = (body.properties ?? {}) as JsonObject;
  props.sessions = liveSessions(ctx, host).length;
  props.status = hostStatus(ctx, pool, host);
  props.allowNewSession = props.allowNewSession !== false;
  if (!apiVersion.endsWith('-preview')) for (const k of previewHostFields) delete props[k];
  body.properties = props;
  return body;
}

function requireObject(body: unknown, name: string): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw armErrors.invalidRequestContent(`The request content was invalid: '${name}' must be a JSON object.`);
  return body as JsonObject;
}

const poolPatchKeys = ['friendlyName', 'description', 'customRdpProperty', 'maxSessionLimit', 'personalDesktopAssignmentType', 'loadBalancerType', 'ring', 'validationEnvironment', 'registrationInfo', 'vmTemplate', 'ssoadfsAuthority', 'ssoClientId', 'ssoClientSecretKeyVaultPath', 'ssoSecretType', 'preferredAppGroupType', 'startVMOnConnect', 'publicNetworkAccess', 'agentUpdate'];

export const hostPoolsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'HostPools_List':
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId ?? ''}`, poolType).map(stripSimulation)) };
    case 'HostPools_ListByResourceGroup':
      requireResourceGroup(req, ctx);
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? ''), poolType).map(stripSimulation)) };
    case 'HostPools_Get':
      return { status: 200, body: stripSimulation(requirePool(req, ctx)) };
    case 'HostPools_Update': {
      const pool = requirePool(req, ctx);
      const patch = requireObject(req.body ?? {}, 'hostPool');
      const props = (patch.properties ?? {}) as JsonObject;
      for (const key of Object.keys(props)) {
        // HostPoolPatchProperties has no hostPoolType: a pool's type is fixed at creation.
        if (!poolPatchKeys.includes(key)) throw armErrors.invalidParameter(`properties.${key}`, `The property '${key}' cannot be updated on a host pool.`);
      }
      const max = props.maxSessionLimit;
      if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 0)) throw armErrors.invalidParameter('properties.maxSessionLimit', `maxSessionLimit must be a non-negative integer, got '${String(max)}'.`);
      pool.body = mergePatch(pool.body, { properties: props });
      // PATCH replaces the whole tag set, as ARM does (merging would keep tags the client removed).
      if (patch.tags !== undefined) pool.body.tags = patch.tags;
      ctx.changed();
      return { status: 200, body: stripSimulation(pool) };
    }
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};

export const sessionHostsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'SessionHosts_List': {
      requirePool(req, ctx);
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, poolId(req), hostType).map((h) => presentHost(ctx, h, req.apiVersion))) };
    }
    case 'SessionHosts_Get':
      return { status: 200, body: presentHost(ctx, requireHost(req, ctx), req.apiVersion) };
    case 'SessionHosts_Update': {
      const host = requireHost(req, ctx);
      const props = (requireObject(req.body ?? {}, 'sessionHost').properties ?? {}) as JsonObject;
      for (const key of Object.keys(props)) {
        if (!['allowNewSession', 'assignedUser', 'friendlyName'].includes(key)) throw armErrors.invalidParameter(`properties.${key}`, `The property '${key}' cannot be updated on a session host.`);
      }
      if (props.allowNewSession !== undefined && typeof props.allowNewSession !== 'boolean') throw armErrors.invalidParameter('properties.allowNewSession', 'allowNewSession must be true or false.');
      const current = (host.body.properties as JsonObject | undefined)?.allowNewSession !== false;
      if (props.allowNewSession === false && current) (hostSimulation(host).drains ??= []).push([ctx.now, null]);
      if (props.allowNewSession === true && !current) {
        const open = hostSimulation(host).drains?.find(([, to]) => to === null);
        if (open) open[1] = ctx.now;
      }
      host.body = mergePatch(host.body, { properties: props });
      ctx.changed();
      return { status: 200, body: presentHost(ctx, host, req.apiVersion) };
    }
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};

function requireSession(req: ArmRequest, ctx: HandlerContext): { host: StoredResource; session: StoredResource } {
  const host = requireHost(req, ctx);
  const session = find(ctx, `${host.id}/userSessions/${req.params.userSessionId ?? ''}`);
  if (!session || !sessionLive(session, host, ctx.now)) {
    throw armErrors.resourceNotFound(sessionType, `${req.params.hostPoolName ?? ''}/${req.params.sessionHostName ?? ''}/${req.params.userSessionId ?? ''}`, req.params.resourceGroupName ?? '');
  }
  return { host, session };
}

function simulationOf(session: StoredResource): SessionSimulation {
  const existing = sessionSimulation(session);
  if (existing) return existing;
  const s: SessionSimulation = { logOnAt: 0, logOffAt: Number.MAX_SAFE_INTEGER };
  session.body[simulationKey] = s;
  return s;
}

export const userSessionsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'UserSessions_ListByHostPool': {
      requirePool(req, ctx);
      const hosts = resourcesOfType(ctx, poolId(req), hostType);
      return { status: 200, body: page(req, ctx, hosts.flatMap((h) => liveSessions(ctx, h).map((s) => presentSession(s, ctx.now)))) };
    }
    case 'UserSessions_List':
      return { status: 200, body: page(req, ctx, liveSessions(ctx, requireHost(req, ctx)).map((s) => presentSession(s, ctx.now))) };
    case 'UserSessions_Get':
      return { status: 200, body: presentSession(requireSession(req, ctx).session, ctx.now) };
    case 'UserSessions_Delete': {
      // Log off; the spec's 204 is for a session that is not there.
      const host = requireHost(req, ctx);
      const session = find(ctx, `${host.id}/userSessions/${req.params.userSessionId ?? ''}`);
      if (!session || !sessionLive(session, host, ctx.now)) return { status: 204 };
      const s = simulationOf(session);
      s.endedAt = ctx.now;
      s.endedBy = 'logoff';
      ctx.changed();
      return { status: 200 };
    }
    case 'UserSessions_Disconnect': {
      const { session } = requireSession(req, ctx);
      simulationOf(session).disconnectedAt ??= ctx.now;
      ctx.changed();
      return { status: 200 };
    }
    case 'UserSessions_SendMessage': {
      const { session } = requireSession(req, ctx);
      const body = req.body === undefined ? {} : requireObject(req.body, 'sendMessage');
      for (const key of ['messageTitle', 'messageBody']) {
        if (body[key] !== undefined && typeof body[key] !== 'string') throw armErrors.invalidParameter(key, `${key} must be a string.`);
      }
      (simulationOf(session).messages ??= []).push({ at: ctx.now, title: String(body.messageTitle ?? ''), body: String(body.messageBody ?? '') });
      ctx.changed();
      return { status: 200 };
    }
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};

/** A reimage of `vmId` to `image`: its session hosts run that image, and their live sessions end (the OS disk is rebuilt under them). */
export function recordReimage(ctx: HandlerContext, vmId: string, image: string): void {
  for (const host of Object.values(ctx.state.resources)) {
    if (host.type !== hostType) continue;
    const backing = (host.body.properties as JsonObject | undefined)?.resourceId;
    if (typeof backing !== 'string' || backing.toLowerCase() !== vmId.toLowerCase()) continue;
    hostSimulation(host).runningImage = image;
    for (const session of liveSessions(ctx, host)) {
      const s = simulationOf(session);
      s.endedAt = ctx.now;
      s.endedBy = 'reimage';
    }
    ctx.changed();
  }
}
