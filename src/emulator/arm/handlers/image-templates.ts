/**
 * Microsoft.VirtualMachineImages/imageTemplates (Azure Image Builder) as @azure/arm-imagebuilder 5.x sends it:
 * create (validated as AIB does: location, user-assigned identity, source, distribute), get, list, delete, run
 * (LRO whose lastRunStatus moves over emulated time), cancel and runOutputs. See docs/emulator-deviations.md.
 */
import { randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { find, page, present, requireLocation, requireResourceGroup, resourceGroupId, resourcesOfType, sameValue } from '../resources.js';
import { optionalObject, requireObjectBody, validateTags } from '../validation.js';
import { handleOperationStatus } from '../lro.js';
import { deleteTracked, upsert } from './tracked-resource.js';
import { isRunActive, lastRunStatus, readRun, RUN_OUTPUT_TYPE, RUN_TYPE, runPhase, settleRun, startRun } from '../imagebuilder/run-state.js';
import type { StoredResource } from '../../store/state-types.js';
import { defined } from '../../defined.js';

const TYPE = 'Microsoft.VirtualMachineImages/imageTemplates';
const SOURCES: Record<string, string[]> = { PlatformImage: ['publisher', 'offer', 'sku'], ManagedImage: ['imageId'], SharedImageVersion: ['imageVersionId'] };
const CUSTOMIZERS = ['Shell', 'PowerShell', 'File', 'WindowsUpdate', 'WindowsRestart'];
const DISTRIBUTORS: Record<string, string[]> = { ManagedImage: ['imageId', 'location'], SharedImage: ['galleryImageId'], VHD: [] };

function templateId(req: ArmRequest): string {
  return `${resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'))}/providers/${TYPE}/${req.params.imageTemplateName}`;
}

function requireTemplate(req: ArmRequest, ctx: HandlerContext): StoredResource {
  requireResourceGroup(req, ctx);
  const t = find(ctx, templateId(req));
  if (!t || t.type !== TYPE) throw armErrors.resourceNotFound(TYPE, routeParam(req, 'imageTemplateName'), routeParam(req, 'resourceGroupName'));
  settleRun(ctx, t);
  return t;
}

function show(t: StoredResource, ctx: HandlerContext): JsonObject {
  const run = readRun(ctx, t.id);
  return present(t, ctx, (p) => {
    if (run) p.lastRunStatus = lastRunStatus(run, ctx.now);
  });
}

function requireFields(obj: JsonObject, fields: string[], where: string): void {
  for (const f of fields) if (typeof obj[f] !== 'string' || obj[f] === '') throw armErrors.missingProperty(`${where}.${f}`);
}

/** The checks AIB makes before accepting a template (it validates everything at PUT, not at run). */
function validateTemplate(body: JsonObject): { props: JsonObject; identity: JsonObject } {
  const identity = optionalObject(body, 'identity', 'identity');
  const assigned = optionalObject(identity, 'userAssignedIdentities', 'identity.userAssignedIdentities');
  if (!identity || identity.type !== 'UserAssigned' || !assigned || Object.keys(assigned).length !== 1) {
    throw armErrors.invalidParameter('identity', 'Image templates need exactly one user-assigned identity (identity.type UserAssigned and one entry in identity.userAssignedIdentities).');
  }
  const props = optionalObject(body, 'properties', 'properties');
  if (!props) throw armErrors.missingProperty('properties');
  const source = optionalObject(props, 'source', 'properties.source');
  if (!source) throw armErrors.missingProperty('properties.source');
  const needs = SOURCES[String(source.type)];
  if (!needs) throw armErrors.invalidParameter('properties.source.type', `Source type '${String(source.type)}' is not supported; use ${Object.keys(SOURCES).join(', ')}.`);
  requireFields(source, needs, 'properties.source');
  const customize = props.customize ?? [];
  if (!Array.isArray(customize)) throw armErrors.invalidParameter('properties.customize', 'customize must be an array.');
  customize.forEach((c: JsonObject, i) => {
    if (!CUSTOMIZERS.includes(String(c?.type))) throw armErrors.invalidParameter(`properties.customize[${i}].type`, `Customizer type '${String(c?.type)}' is not supported; use ${CUSTOMIZERS.join(', ')}.`);
    if (c.type === 'File') requireFields(c, ['sourceUri', 'destination'], `properties.customize[${i}]`);
  });
  const distribute = props.distribute;
  if (!Array.isArray(distribute) || distribute.length === 0) throw armErrors.missingProperty('properties.distribute');
  const outputs = new Set<string>();
  distribute.forEach((d: JsonObject, i) => {
    const where = `properties.distribute[${i}]`;
    const needsD = DISTRIBUTORS[String(d?.type)];
    if (!needsD) throw armErrors.invalidParameter(`${where}.type`, `Distributor type '${String(d?.type)}' is not supported; use ${Object.keys(DISTRIBUTORS).join(', ')}.`);
    requireFields(d, ['runOutputName', ...needsD], where);
    if (outputs.has(String(d.runOutputName))) throw armErrors.invalidParameter(`${where}.runOutputName`, `runOutputName '${String(d.runOutputName)}' is used twice.`);
    outputs.add(String(d.runOutputName));
  });
  const timeout = props.buildTimeoutInMinutes;
  if (timeout !== undefined && (!Number.isInteger(timeout) || (timeout as number) < 0 || (timeout as number) > 960)) {
    throw armErrors.invalidParameter('properties.buildTimeoutInMinutes', 'buildTimeoutInMinutes must be an integer from 0 to 960.');
  }
  return { props, identity };
}

function put(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  requireResourceGroup(req, ctx);
  const name = routeParam(req, 'imageTemplateName');
  if (!/^[A-Za-z0-9][-A-Za-z0-9_.]{0,63}$/.test(name)) throw armErrors.invalidParameter('imageTemplateName', `Image template name '${name}' is invalid: 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.`);
  const body = requireObjectBody(req.body);
  validateTags(body.tags);
  const location = requireLocation(body, TYPE);
  const { props, identity } = validateTemplate(body);
  const id = templateId(req);
  const existing = find(ctx, id);
  const stored = { ...props };
  for (const readOnly of ['provisioningState', 'provisioningError', 'lastRunStatus', 'exactStagingResourceGroup']) delete stored[readOnly];
  if (existing) {
    const old = { ...(existing.body.properties as JsonObject) };
    for (const readOnly of ['provisioningState', 'lastRunStatus', 'exactStagingResourceGroup']) delete old[readOnly];
    // AIB does not update templates in place; only an identical PUT (e.g. new tags) is accepted.
    if (!sameValue(old, stored) || !sameValue(existing.body.identity, withPrincipals(identity, existing.body.identity as JsonObject))) {
      throw armErrors.conflict('Conflict', 'Update/Upgrade of image templates is currently not supported. Please change the name of the template you are submitting.');
    }
    if (isRunActive(readRun(ctx, existing.id), ctx.now)) throw armErrors.conflict('Conflict', `Image template '${name}' is running; wait for the run to finish or cancel it.`);
  }
  const staging = typeof stored.stagingResourceGroup === 'string' && stored.stagingResourceGroup
    ? stored.stagingResourceGroup
    : `/subscriptions/${req.params.subscriptionId}/resourceGroups/IT_${req.params.resourceGroupName}_${name}_${randomUUID().slice(0, 8)}`;
  const next: JsonObject = {
    id: existing?.id ?? id,
    name,
    type: TYPE,
    location,
    ...(body.tags ? { tags: body.tags } : {}),
    identity: withPrincipals(identity, existing?.body.identity as JsonObject | undefined),
    properties: { ...stored, exactStagingResourceGroup: (existing?.body.properties as JsonObject | undefined)?.exactStagingResourceGroup ?? staging },
  };
  const response = upsert({ req, ctx, id, type: TYPE, existing, body: next, location });
  return { ...aibPolling(response), body: show(defined(ctx.state.resources[id.toLowerCase()], `stored ${id}`), ctx) };
}

/** Points the shared LRO's polling headers at AIB's own operations route (its api-version family). */
function aibPolling(response: ArmResponse): ArmResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {})) {
    headers[k] = v.replace(/Microsoft\.Compute\/locations\/([^/]+)\/capsOperations\//, 'Microsoft.VirtualMachineImages/locations/$1/operations/');
  }
  return { ...response, headers };
}

/** Adds the read-only principalId/clientId ARM reports for each user-assigned identity (stable across PUTs). */
function withPrincipals(identity: JsonObject, previous: JsonObject | undefined): JsonObject {
  const assigned = identity.userAssignedIdentities as JsonObject;
  const before = (previous?.userAssignedIdentities ?? {}) as Record<string, JsonObject>;
  const out: JsonObject = {};
  for (const key of Object.keys(assigned)) out[key] = before[key] ?? { principalId: randomUUID(), clientId: randomUUID() };
  return { type: 'UserAssigned', userAssignedIdentities: out };
}

function operationHeaders(ctx: HandlerContext, req: ArmRequest, location: string, operationId: string): Record<string, string> {
  const url = `${ctx.baseUrl}subscriptions/${req.params.subscriptionId}/providers/Microsoft.VirtualMachineImages/locations/${location}/operations/${operationId}`;
  return { 'Azure-AsyncOperation': `${url}?api-version=${req.apiVersion}`, Location: `${url}?api-version=${req.apiVersion}&monitor=true`, 'Retry-After': String(ctx.timing.retryAfterSeconds) };
}

function run(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const t = requireTemplate(req, ctx);
  if (isRunActive(readRun(ctx, t.id), ctx.now)) throw armErrors.conflict('Conflict', `Image template '${t.body.name}' is already running; wait for the run to finish or cancel it.`);
  const record = startRun(ctx, t);
  return { status: 202, headers: operationHeaders(ctx, req, record.location, record.operationId) };
}

function cancel(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const t = requireTemplate(req, ctx);
  const record = readRun(ctx, t.id);
  if (!record || !isRunActive(record, ctx.now)) throw armErrors.conflict('Conflict', `Image template '${t.body.name}' has no build in progress to cancel.`);
  record.canceledAt = ctx.now;
  ctx.changed();
  return { status: 202, headers: operationHeaders(ctx, req, record.location, record.operationId) };
}

/** GET .../Microsoft.VirtualMachineImages/locations/{location}/operations/{id}: the run's async status document. */
function operationStatus(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const id = req.params.operationId;
  if (id && ctx.state.operations[id]) {
    return handleOperationStatus(req, ctx, (op) => {
      const t = find(ctx, op.resourceId);
      return t ? show(t, ctx) : undefined;
    });
  }
  const owner = Object.values(ctx.state.resources).find((r) => r.type === RUN_TYPE && (r.body as JsonObject).operationId === id);
  if (!owner) throw new ArmError(404, 'NotFound', `The operation '${id}' was not found.`);
  const templateKey = owner.id.replace(/\/runs\/latest$/i, '');
  const template = find(ctx, templateKey);
  if (template) settleRun(ctx, template);
  const phase = runPhase(owner.body as never, ctx.now);
  const status = phase.runState === 'Running' ? 'InProgress' : phase.runState;
  const retry = { 'Retry-After': String(ctx.timing.retryAfterSeconds) };
  if (req.query.get('monitor') === 'true') {
    if (status === 'InProgress') return { status: 202, headers: retry };
    if (status === 'Failed') throw new ArmError(400, 'BuildFailed', phase.message ?? 'The build failed.');
    return { status: 200 };
  }
  const doc: JsonObject = { name: id, status, startTime: new Date((owner.body as JsonObject).startTime as number).toISOString() };
  if (phase.endTime !== undefined) doc.endTime = new Date(phase.endTime).toISOString();
  if (status === 'Failed') doc.error = { code: 'BuildFailed', message: phase.message };
  return { status: 200, body: doc, headers: status === 'InProgress' ? retry : {} };
}

function runOutputs(req: ArmRequest, ctx: HandlerContext, name?: string): ArmResponse {
  const t = requireTemplate(req, ctx);
  const outputs = Object.entries(ctx.state.resources)
    .filter(([key, r]) => r.type === RUN_OUTPUT_TYPE && key.startsWith(`${t.id.toLowerCase()}/runoutputs/`))
    .map(([, r]) => structuredClone(r.body));
  if (name === undefined) return { status: 200, body: page(req, ctx, outputs) };
  const one = outputs.find((o) => String(o.name).toLowerCase() === name.toLowerCase());
  if (!one) throw armErrors.notFound(`Run output '${name}' of image template '${t.body.name}' was not found (the template has not distributed it yet).`);
  return { status: 200, body: one };
}

export const imageTemplatesHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'VirtualMachineImageTemplates_List':
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, `/subscriptions/${req.params.subscriptionId}`, TYPE).map((r) => show(r, ctx))) };
    case 'VirtualMachineImageTemplates_ListByResourceGroup':
      requireResourceGroup(req, ctx);
      return { status: 200, body: page(req, ctx, resourcesOfType(ctx, resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName')), TYPE).map((r) => show(r, ctx))) };
    case 'VirtualMachineImageTemplates_Get':
      return { status: 200, body: show(requireTemplate(req, ctx), ctx) };
    case 'VirtualMachineImageTemplates_CreateOrUpdate':
      return put(req, ctx);
    case 'VirtualMachineImageTemplates_Delete': {
      requireResourceGroup(req, ctx);
      const t = find(ctx, templateId(req));
      if (t && isRunActive(readRun(ctx, t.id), ctx.now)) throw armErrors.conflict('Conflict', `Image template '${t.body.name}' is running; cancel the build before deleting the template.`);
      return aibPolling(deleteTracked(req, ctx, templateId(req)));
    }
    case 'VirtualMachineImageTemplates_Run':
      return run(req, ctx);
    case 'VirtualMachineImageTemplates_Cancel':
      return cancel(req, ctx);
    case 'VirtualMachineImageTemplates_ListRunOutputs':
      return runOutputs(req, ctx);
    case 'VirtualMachineImageTemplates_GetRunOutput':
      return runOutputs(req, ctx, routeParam(req, 'runOutputName'));
    case 'VirtualMachineImages_OperationStatus':
      return operationStatus(req, ctx);
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
