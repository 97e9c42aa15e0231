/** Microsoft.Resources: resource groups (sync create/update; async delete through operationresults). */
import { randomUUID } from 'node:crypto';
import { ArmError, armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, routeParam } from '../handler-types.js';
import { isRunning } from '../lro.js';
import { findRegion, regions } from '../data/regions.js';
import { find, page, present, resourceGroupId } from '../resources.js';
import { requireObjectBody, validateResourceGroupName, validateTags } from '../validation.js';

function get(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const id = resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName'));
  const rg = find(ctx, id);
  if (req.method === 'HEAD') return { status: rg ? 204 : 404 };
  if (!rg) throw armErrors.resourceGroupNotFound(routeParam(req, 'resourceGroupName'));
  return { status: 200, body: present(rg, ctx) };
}

/** A resource group's location: ARM's own code for an unknown region is LocationNotAvailableForResourceGroup. */
function resourceGroupLocation(body: Record<string, unknown>): string {
  const raw = body.location;
  if (raw === undefined || raw === null || raw === '') throw armErrors.missingProperty('location');
  const region = typeof raw === 'string' ? findRegion(raw) : undefined;
  if (!region) {
    throw new ArmError(400, 'LocationNotAvailableForResourceGroup', `The provided location '${String(raw)}' is not available for resource group. List of available regions is '${regions.map((r) => r.name).join(',')}'.`);
  }
  return region.name;
}

function put(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const name = routeParam(req, 'resourceGroupName');
  validateResourceGroupName(name);
  const body = requireObjectBody(req.body);
  const location = resourceGroupLocation(body);
  validateTags(body.tags);
  const id = resourceGroupId(routeParam(req, 'subscriptionId'), name);
  const existing = find(ctx, id);
  if (existing && String(existing.body.location) !== location) {
    throw new ArmError(409, 'InvalidResourceGroupLocation', `Invalid resource group location '${location}'. The Resource group already exists in location '${String(existing.body.location)}'.`);
  }
  if (existing?.operationId && ctx.state.operations[existing.operationId]?.method === 'DELETE') {
    throw new ArmError(409, 'ResourceGroupBeingDeleted', `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
  }
  const stored = {
    id: existing?.id ?? id,
    type: 'Microsoft.Resources/resourceGroups',
    body: {
      id: existing?.id ?? id,
      name: existing ? String(existing.body.name) : name,
      type: 'Microsoft.Resources/resourceGroups',
      location,
      ...(body.tags ? { tags: body.tags } : {}),
      ...(typeof body.managedBy === 'string' ? { managedBy: body.managedBy } : {}),
      properties: { provisioningState: 'Succeeded' },
    },
  };
  ctx.state.resources[id.toLowerCase()] = stored;
  ctx.changed();
  return { status: existing ? 200 : 201, body: present(stored, ctx) };
}

function patch(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const rg = find(ctx, resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName')));
  if (!rg) throw armErrors.resourceGroupNotFound(routeParam(req, 'resourceGroupName'));
  const body = requireObjectBody(req.body);
  validateTags(body.tags);
  if (body.tags !== undefined) rg.body.tags = body.tags;
  ctx.changed();
  return { status: 200, body: present(rg, ctx) };
}

function del(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const rg = find(ctx, resourceGroupId(routeParam(req, 'subscriptionId'), routeParam(req, 'resourceGroupName')));
  if (!rg) throw armErrors.resourceGroupNotFound(routeParam(req, 'resourceGroupName'));
  const opId = randomUUID();
  ctx.state.operations[opId] = {
    id: opId, method: 'DELETE', resourceId: rg.id, location: String(rg.body.location), apiVersion: req.apiVersion,
    startTime: ctx.now, endTime: ctx.now + ctx.timing.lroDurationMs, outcome: 'Succeeded', settled: false,
  };
  rg.operationId = opId;
  rg.body.properties = { provisioningState: 'Deleting' };
  ctx.changed();
  return {
    status: 202,
    headers: {
      Location: `${ctx.baseUrl}subscriptions/${req.params.subscriptionId}/operationresults/${opId}?api-version=${req.apiVersion}`,
      'Retry-After': String(ctx.timing.retryAfterSeconds),
    },
  };
}

function list(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const prefix = `/subscriptions/${req.params.subscriptionId}/resourcegroups/`;
  const groups = Object.entries(ctx.state.resources)
    .filter(([k, r]) => k.startsWith(prefix) && r.type === 'Microsoft.Resources/resourceGroups')
    .map(([, r]) => present(r, ctx));
  return { status: 200, body: page(req, ctx, groups) };
}

/** GET /subscriptions/{id}/operationresults/{opId}: 202 while a resource group delete runs, then 200. */
export const operationResultsHandler: ArmHandler = (req, ctx) => {
  const op = ctx.state.operations[req.params.operationId ?? ''];
  if (!op) throw armErrors.notFound(`The operation '${req.params.operationId}' was not found.`);
  if (isRunning(op, ctx.now)) {
    return { status: 202, headers: { Location: `${ctx.baseUrl}${req.pathname.slice(1)}?${req.query.toString()}`, 'Retry-After': String(ctx.timing.retryAfterSeconds) } };
  }
  if (op.outcome === 'Failed') throw new ArmError(400, op.error?.code ?? 'OperationFailed', op.error?.message ?? 'The operation failed.');
  return { status: 200 };
};

export const resourceGroupsHandler: ArmHandler = (req, ctx) => {
  switch (req.operationId) {
    case 'ResourceGroups_List': return list(req, ctx);
    case 'ResourceGroups_Get':
    case 'ResourceGroups_CheckExistence': return get(req, ctx);
    case 'ResourceGroups_CreateOrUpdate': return put(req, ctx);
    case 'ResourceGroups_Update': return patch(req, ctx);
    case 'ResourceGroups_Delete': return del(req, ctx);
    default: throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};
