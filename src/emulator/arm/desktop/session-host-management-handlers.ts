/**
 * Session host configurations and session host management of a host pool (desktopvirtualization.json
 * 2026-03-01-preview; its 2025-04-01-preview examples too): the configuration (one per pool, `default`) with its
 * image, created/updated as LROs (PUT 200/201 + Azure-AsyncOperation, PATCH 202 + Location); the management's update
 * settings (PUT 200/201, PATCH 200); InitiateSessionHostUpdate (204), ControlSessionHostUpdate (202 + Location) and
 * the update status. The update itself is simulated in session-host-update.ts.
 */
import { randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-error.js';
import type { ArmHandler, ArmRequest, ArmResponse, HandlerContext, JsonObject } from '../handler-types.js';
import { isRunning } from '../lro.js';
import { find, mergePatch, page, requireResourceGroup, resourceGroupId } from '../resources.js';
import type { StoredResource } from '../../store/state-types.js';
import { simulationKey } from './simulated-users.js';
import { controlRunning, controlUpdate, inProgress, managementType, newUpdateRun, presentUpdateStatus, setUpdateRun, updateRunOf, type UpdateSettings } from './session-host-update.js';

const poolType = 'Microsoft.DesktopVirtualization/hostPools';
const configType = 'Microsoft.DesktopVirtualization/hostPools/sessionHostConfigurations';

function poolOf(req: ArmRequest, ctx: HandlerContext): StoredResource {
  requireResourceGroup(req, ctx);
  const id = `${resourceGroupId(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '')}/providers/${poolType}/${req.params.hostPoolName ?? ''}`;
  const pool = find(ctx, id);
  if (!pool) throw armErrors.resourceNotFound(poolType, req.params.hostPoolName ?? '', req.params.resourceGroupName ?? '');
  return pool;
}

function childOf(req: ArmRequest, ctx: HandlerContext, kind: 'sessionHostConfigurations' | 'sessionHostManagements'): { pool: StoredResource; id: string; resource?: StoredResource } {
  const pool = poolOf(req, ctx);
  const id = `${pool.id}/${kind}/default`;
  const resource = find(ctx, id);
  return { pool, id, ...(resource ? { resource } : {}) };
}

function requireChild(req: ArmRequest, ctx: HandlerContext, kind: 'sessionHostConfigurations' | 'sessionHostManagements'): { pool: StoredResource; resource: StoredResource } {
  const { pool, resource } = childOf(req, ctx, kind);
  const type = kind === 'sessionHostConfigurations' ? configType : managementType;
  if (!resource) throw armErrors.resourceNotFound(type, `${req.params.hostPoolName ?? ''}/default`, req.params.resourceGroupName ?? '');
  return { pool, resource };
}

function objectBody(body: unknown, name: string): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw armErrors.invalidRequestContent(`The request content was invalid: '${name}' must be a JSON object.`);
  return body as JsonObject;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(props: JsonObject, key: string, max?: number): void {
  const v = props[key];
  if (v === undefined) return;
  if (typeof v !== 'string') throw armErrors.invalidParameter(`properties.${key}`, `${key} must be a string.`);
  if (max !== undefined && v.length > max) throw armErrors.invalidParameter(`properties.${key}`, `${key} must be at most ${max} characters long.`);
}

function checkImageInfo(info: unknown): void {
  if (!isObject(info)) throw armErrors.invalidParameter('properties.imageInfo', 'imageInfo must be an object.');
  const type = String(info.type ?? '');
  if (!['marketplace', 'custom'].includes(type.toLowerCase())) throw armErrors.invalidParameter('properties.imageInfo.type', `imageInfo.type must be Marketplace or Custom, got '${type}'.`);
  if (type.toLowerCase() === 'custom' && (!isObject(info.customInfo) || typeof info.customInfo.resourceId !== 'string' || info.customInfo.resourceId === '')) {
    throw armErrors.missingProperty('properties.imageInfo.customInfo.resourceId');
  }
  if (type.toLowerCase() === 'marketplace') {
    const m = isObject(info.marketplaceInfo) ? info.marketplaceInfo : {};
    for (const k of ['offer', 'publisher', 'sku', 'exactVersion']) if (typeof m[k] !== 'string') throw armErrors.missingProperty(`properties.imageInfo.marketplaceInfo.${k}`);
  }
}

const configRequired = ['vmNamePrefix', 'networkInfo', 'vmSizeId', 'diskInfo', 'imageInfo', 'domainInfo', 'vmAdminCredentials'];
const configWritable = ['friendlyName', 'vmTags', 'vmLocation', 'vmResourceGroup', 'vmNamePrefix', 'availabilityZones', 'networkInfo', 'vmSizeId', 'diskInfo', 'customConfigurationScriptUrl', 'imageInfo', 'domainInfo', 'securityInfo', 'vmAdminCredentials', 'bootDiagnosticsInfo'];

function checkConfig(props: JsonObject): void {
  for (const k of Object.keys(props)) {
    if (!configWritable.includes(k) && k !== 'version' && k !== 'provisioningState') throw armErrors.invalidParameter(`properties.${k}`, `The property '${k}' is not part of a session host configuration.`);
  }
  str(props, 'friendlyName', 260);
  str(props, 'vmNamePrefix', 11);
  if (props.imageInfo !== undefined) checkImageInfo(props.imageInfo);
}

/** No configuration change while an update moves hosts onto it (the service would mix two images in one pool). */
function refuseWhileUpdating(ctx: HandlerContext, pool: StoredResource): void {
  const run = updateRunOf(find(ctx, `${pool.id}/sessionHostManagements/default`));
  if (run && inProgress.includes(run.status)) {
    throw armErrors.conflict('SessionHostUpdateInProgress', `A session host update is ${run.status} on host pool '${pool.id.split('/').pop() ?? ''}'. Cancel it or wait until it ends before changing the session host configuration.`);
  }
}

/** The configuration's new version: its time of change, always later than the version before (hosts compare them). */
function nextVersion(ctx: HandlerContext, config: StoredResource | undefined): string {
  const before = Date.parse(String((config?.body.properties as JsonObject | undefined)?.version ?? ''));
  return new Date(Number.isNaN(before) ? ctx.now : Math.max(ctx.now, before + 1)).toISOString();
}

function presentConfig(ctx: HandlerContext, config: StoredResource): JsonObject {
  const body = structuredClone(config.body);
  const op = config.operationId ? ctx.state.operations[config.operationId] : undefined;
  const props = (body.properties ?? {}) as JsonObject;
  props.provisioningState = !op ? 'Succeeded' : isRunning(op, ctx.now) ? 'Provisioning' : op.outcome;
  body.properties = props;
  return body;
}

function startConfigOperation(req: ArmRequest, ctx: HandlerContext, config: StoredResource, method: 'PUT' | 'PATCH'): Record<string, string> {
  const id = randomUUID();
  const failure = ctx.faults.takeOperationFailure(method, config.id);
  ctx.state.operations[id] = {
    id, method, resourceId: config.id, location: '', apiVersion: req.apiVersion, startTime: ctx.now, endTime: ctx.now + ctx.timing.lroDurationMs,
    outcome: failure ? 'Failed' : 'Succeeded', ...(failure ? { error: failure } : {}), settled: false,
  };
  config.operationId = id;
  const base = `${ctx.baseUrl}${config.id.slice(1)}`;
  return {
    'Azure-AsyncOperation': `${base}/operationStatuses/${id}?api-version=${req.apiVersion}`,
    ...(method === 'PATCH' ? { Location: `${base}/operationResults/${id}?api-version=${req.apiVersion}` } : {}),
    'Retry-After': String(ctx.timing.retryAfterSeconds),
  };
}

function configOperation(req: ArmRequest, ctx: HandlerContext, config: StoredResource): ArmResponse {
  const op = ctx.state.operations[req.params.operationId ?? ''];
  if (!op || op.resourceId.toLowerCase() !== config.id.toLowerCase()) throw armErrors.notFound(`The operation '${req.params.operationId ?? ''}' was not found.`);
  const running = isRunning(op, ctx.now);
  if (req.operationId === 'SessionHostConfigurations_OperationResults') {
    if (running) return { status: 202, headers: { Location: `${ctx.baseUrl}${req.pathname.slice(1)}?${req.query.toString()}`, 'Retry-After': String(ctx.timing.retryAfterSeconds) } };
    if (op.outcome === 'Failed') throw new ArmError(400, op.error?.code ?? 'OperationFailed', op.error?.message ?? 'The operation failed.');
    return { status: 200, body: presentConfig(ctx, config) };
  }
  const doc: JsonObject = { id: `${config.id}/operationStatuses/${op.id}`, name: op.id, status: running ? 'InProgress' : op.outcome, startTime: new Date(op.startTime).toISOString() };
  if (!running) doc.endTime = new Date(op.endTime).toISOString();
  if (!running && op.error) doc.error = op.error;
  return { status: 200, body: doc };
}

export const sessionHostConfigurationsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'SessionHostConfigurations_ListByHostPool': {
      const { resource } = childOf(req, ctx, 'sessionHostConfigurations');
      return { status: 200, body: page(req, ctx, resource ? [presentConfig(ctx, resource)] : []) };
    }
    case 'SessionHostConfigurations_Get':
      return { status: 200, body: presentConfig(ctx, requireChild(req, ctx, 'sessionHostConfigurations').resource) };
    case 'SessionHostConfigurations_CreateOrUpdate': {
      const { pool, id, resource } = childOf(req, ctx, 'sessionHostConfigurations');
      const props = objectBody(objectBody(req.body, 'sessionHostConfiguration').properties, 'properties');
      for (const k of configRequired) if (props[k] === undefined) throw armErrors.missingProperty(`properties.${k}`);
      checkConfig(props);
      refuseWhileUpdating(ctx, pool);
      const kept = Object.fromEntries(configWritable.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
      const config: StoredResource = resource ?? { id, type: configType, body: {} };
      config.body = { id, name: 'default', type: configType, properties: { ...kept, version: nextVersion(ctx, resource) } };
      ctx.state.resources[id.toLowerCase()] = config;
      const headers = startConfigOperation(req, ctx, config, 'PUT');
      ctx.changed();
      return { status: resource ? 200 : 201, body: presentConfig(ctx, config), headers };
    }
    case 'SessionHostConfigurations_Update': {
      const { pool, resource } = requireChild(req, ctx, 'sessionHostConfigurations');
      const props = (objectBody(req.body ?? {}, 'sessionHostConfiguration').properties ?? {}) as JsonObject;
      checkConfig(objectBody(props, 'properties'));
      refuseWhileUpdating(ctx, pool);
      const merged = mergePatch(resource.body, { properties: props });
      checkImageInfo((merged.properties as JsonObject).imageInfo);
      resource.body = mergePatch(merged, { properties: { version: nextVersion(ctx, resource) } });
      const headers = startConfigOperation(req, ctx, resource, 'PATCH');
      ctx.changed();
      return { status: 202, headers };
    }
    case 'SessionHostConfigurations_OperationStatus':
    case 'SessionHostConfigurations_OperationResults':
      return configOperation(req, ctx, requireChild(req, ctx, 'sessionHostConfigurations').resource);
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};

function int(v: unknown, target: string, min: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw armErrors.invalidParameter(target, `${target.split('.').pop() ?? target} must be an integer of at least ${min}, got '${String(v)}'.`);
}

function checkUpdateSettings(update: unknown, target: string, required: boolean): void {
  if (update === undefined && !required) return;
  if (!isObject(update)) throw armErrors.missingProperty(target);
  if (required && update.maxVmsRemoved === undefined) throw armErrors.missingProperty(`${target}.maxVmsRemoved`);
  if (required && update.logOffDelayMinutes === undefined) throw armErrors.missingProperty(`${target}.logOffDelayMinutes`);
  int(update.maxVmsRemoved, `${target}.maxVmsRemoved`, 1);
  int(update.logOffDelayMinutes, `${target}.logOffDelayMinutes`, 0);
  if (update.deleteOriginalVm !== undefined && typeof update.deleteOriginalVm !== 'boolean') throw armErrors.invalidParameter(`${target}.deleteOriginalVm`, 'deleteOriginalVm must be true or false.');
  if (update.logOffMessage !== undefined && (typeof update.logOffMessage !== 'string' || update.logOffMessage.length > 260)) throw armErrors.invalidParameter(`${target}.logOffMessage`, 'logOffMessage must be a string of at most 260 characters.');
}

function checkManagement(props: JsonObject): void {
  if (typeof props.scheduledDateTimeZone !== 'string') throw armErrors.missingProperty('properties.scheduledDateTimeZone');
  checkUpdateSettings(props.update, 'properties.update', true);
}

function presentManagement(m: StoredResource): JsonObject {
  const body = structuredClone(m.body);
  delete body[simulationKey];
  return body;
}

function settingsOf(management: StoredResource, override: unknown): UpdateSettings {
  const saved = (((management.body.properties as JsonObject | undefined)?.update ?? {}) as JsonObject);
  const u = { ...saved, ...(isObject(override) ? override : {}) };
  return { deleteOriginalVm: u.deleteOriginalVm === true, maxVmsRemoved: Number(u.maxVmsRemoved ?? 1), logOffDelayMinutes: Number(u.logOffDelayMinutes ?? 0), logOffMessage: String(u.logOffMessage ?? '') };
}

function initiate(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const { pool, resource: management } = requireChild(req, ctx, 'sessionHostManagements');
  const body = req.body === undefined ? {} : objectBody(req.body, 'updateSessionHostsRequestBody');
  checkUpdateSettings(body.update, 'update', false);
  let scheduledAt: number | undefined;
  if (body.scheduledDateTime !== undefined) {
    scheduledAt = typeof body.scheduledDateTime === 'string' ? Date.parse(body.scheduledDateTime) : Number.NaN;
    if (Number.isNaN(scheduledAt)) throw armErrors.invalidParameter('scheduledDateTime', `scheduledDateTime must be an ISO 8601 date-time, got '${String(body.scheduledDateTime)}'.`);
  }
  const config = find(ctx, `${pool.id}/sessionHostConfigurations/default`);
  if (!config) throw armErrors.conflict('SessionHostConfigurationNotFound', `Host pool '${req.params.hostPoolName ?? ''}' has no session host configuration to update its session hosts to. Create one first.`);
  const op = config.operationId ? ctx.state.operations[config.operationId] : undefined;
  if (op && isRunning(op, ctx.now)) throw armErrors.conflict('SessionHostConfigurationProvisioning', 'The session host configuration is still provisioning; start the update once its provisioningState is Succeeded.');
  const current = updateRunOf(management);
  if (current && inProgress.includes(current.status)) throw armErrors.conflict('SessionHostUpdateInProgress', `A session host update is already ${current.status} on host pool '${req.params.hostPoolName ?? ''}'.`);
  setUpdateRun(management, newUpdateRun(ctx, pool.id, config, settingsOf(management, body.update), scheduledAt));
  ctx.changed();
  return { status: 204 };
}

function control(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const { resource: management } = requireChild(req, ctx, 'sessionHostManagements');
  const body = objectBody(req.body, 'hostPoolUpdateControlParameter');
  if (typeof body.action !== 'string') throw armErrors.missingProperty('action');
  if (body.cancelMessage !== undefined && (typeof body.cancelMessage !== 'string' || body.cancelMessage.length > 260)) throw armErrors.invalidParameter('cancelMessage', 'cancelMessage must be a string of at most 260 characters.');
  const run = updateRunOf(management);
  if (!run) throw armErrors.conflict('NoSessionHostUpdate', `Host pool '${req.params.hostPoolName ?? ''}' has no session host update to ${body.action.toLowerCase()}.`);
  const refused = controlUpdate(ctx, run, body.action, typeof body.cancelMessage === 'string' ? body.cancelMessage : undefined);
  if (refused) throw armErrors.conflict('InvalidSessionHostUpdateAction', refused, 'action');
  const id = randomUUID();
  run.controls[id] = { action: body.action, at: ctx.now };
  return { status: 202, headers: { Location: `${ctx.baseUrl}${management.id.slice(1)}/operationResults/${id}?api-version=${req.apiVersion}`, 'Retry-After': String(ctx.timing.retryAfterSeconds) } };
}

export const sessionHostManagementsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'SessionHostManagements_ListByHostPool': {
      const { resource } = childOf(req, ctx, 'sessionHostManagements');
      return { status: 200, body: page(req, ctx, resource ? [presentManagement(resource)] : []) };
    }
    case 'SessionHostManagements_Get':
      return { status: 200, body: presentManagement(requireChild(req, ctx, 'sessionHostManagements').resource) };
    case 'SessionHostManagements_CreateOrUpdate': {
      const { id, resource } = childOf(req, ctx, 'sessionHostManagements');
      const props = objectBody(objectBody(req.body, 'sessionHostManagement').properties, 'properties');
      checkManagement(props);
      const m: StoredResource = resource ?? { id, type: managementType, body: {} };
      m.body = { ...(m.body[simulationKey] ? { [simulationKey]: m.body[simulationKey] } : {}), id, name: 'default', type: managementType, properties: structuredClone(props) };
      ctx.state.resources[id.toLowerCase()] = m;
      ctx.changed();
      return { status: resource ? 200 : 201, body: presentManagement(m) };
    }
    case 'SessionHostManagements_Update': {
      const { resource } = requireChild(req, ctx, 'sessionHostManagements');
      const props = (objectBody(req.body ?? {}, 'sessionHostManagement').properties ?? {}) as JsonObject;
      const merged = mergePatch(resource.body, { properties: objectBody(props, 'properties') });
      checkManagement(merged.properties as JsonObject);
      resource.body = merged;
      ctx.changed();
      return { status: 200, body: presentManagement(resource) };
    }
    case 'InitiateSessionHostUpdate_Post':
      return initiate(req, ctx);
    case 'ControlSessionHostUpdate_Post':
      return control(req, ctx);
    case 'SessionHostManagementsUpdateStatus_Get': {
      const { resource } = requireChild(req, ctx, 'sessionHostManagements');
      const run = updateRunOf(resource);
      if (!run) throw armErrors.notFound(`Host pool '${req.params.hostPoolName ?? ''}' has had no session host update.`);
      return { status: 200, body: presentUpdateStatus(resource, run, presentManagement(resource)) };
    }
    case 'SessionHostManagements_OperationResults': {
      const { resource } = requireChild(req, ctx, 'sessionHostManagements');
      const run = updateRunOf(resource);
      const op = run?.controls[req.params.operationId ?? ''];
      if (!run || !op) throw armErrors.notFound(`The operation '${req.params.operationId ?? ''}' was not found.`);
      if (controlRunning(run, op.action)) return { status: 202, headers: { Location: `${ctx.baseUrl}${req.pathname.slice(1)}?${req.query.toString()}`, 'Retry-After': String(ctx.timing.retryAfterSeconds) } };
      return { status: 200 };
    }
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
