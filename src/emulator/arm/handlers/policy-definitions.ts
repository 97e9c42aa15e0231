/**
 * Microsoft.Authorization/policyDefinitions at subscription scope (custom definitions only; ARM also lists
 * built-ins, the emulator does not) and policyAssignments at subscription and resource group scope.
 * Writes are synchronous (200/201), as in ARM.
 */
import { ArmError, armErrors } from '../arm-error.js';
import { type ArmHandler, type ArmRequest, type ArmResponse, type HandlerContext, type JsonObject, routeParam } from '../handler-types.js';
import { find, requireResourceGroup, resourceGroupId, resourcesOfType } from '../resources.js';
import { optionalObject, requireObjectBody } from '../validation.js';
import { validateAssignmentParameters, validatePolicyDefinition } from './policy-validation.js';

export const POLICY_DEFINITION_TYPE = 'Microsoft.Authorization/policyDefinitions';
export const POLICY_ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';

function definitionId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/providers/${POLICY_DEFINITION_TYPE}/${name}`;
}

function definitionNotFound(name: string): ArmError {
  return new ArmError(404, 'PolicyDefinitionNotFound', `The policy definition '${name}' could not be found.`);
}

function stamp(ctx: HandlerContext, existing: JsonObject | undefined, metadata: unknown): JsonObject {
  const now = new Date(ctx.now).toISOString();
  const old = (existing?.metadata ?? {}) as JsonObject;
  return { ...(typeof metadata === 'object' && metadata !== null ? (metadata as JsonObject) : {}), createdOn: old.createdOn ?? now, updatedOn: now };
}

function store(ctx: HandlerContext, id: string, type: string, body: JsonObject): void {
  ctx.state.resources[id.toLowerCase()] = { id, type, body };
  ctx.changed();
}

function putDefinition(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const name = routeParam(req, 'policyDefinitionName');
  const body = requireObjectBody(req.body);
  const props = optionalObject(body, 'properties', 'properties');
  if (!props) throw armErrors.missingProperty('properties');
  const id = definitionId(routeParam(req, 'subscriptionId'), name);
  const existing = find(ctx, id);
  const validated = validatePolicyDefinition(name, props);
  const stored: JsonObject = {
    id: existing?.id ?? id,
    type: POLICY_DEFINITION_TYPE,
    name,
    properties: { ...validated, metadata: stamp(ctx, (existing?.body.properties as JsonObject | undefined), props.metadata) },
  };
  store(ctx, existing?.id ?? id, POLICY_DEFINITION_TYPE, stored);
  return { status: existing ? 200 : 201, body: structuredClone(stored) };
}

function scopeOf(req: ArmRequest, ctx: HandlerContext): string {
  if (req.params.resourceGroupName === undefined) return `/subscriptions/${req.params.subscriptionId}`;
  requireResourceGroup(req, ctx);
  return resourceGroupId(routeParam(req, 'subscriptionId'), req.params.resourceGroupName);
}

function assignmentId(scope: string, name: string): string {
  return `${scope}/providers/${POLICY_ASSIGNMENT_TYPE}/${name}`;
}

function putAssignment(req: ArmRequest, ctx: HandlerContext): ArmResponse {
  const name = routeParam(req, 'policyAssignmentName');
  if (name.length > 64) throw armErrors.invalidParameter('name', `The policy assignment name '${name}' is longer than 64 characters.`);
  const scope = scopeOf(req, ctx);
  const body = requireObjectBody(req.body);
  const props = optionalObject(body, 'properties', 'properties');
  if (!props || typeof props.policyDefinitionId !== 'string') throw armErrors.missingProperty('properties.policyDefinitionId');
  const definition = find(ctx, props.policyDefinitionId);
  const definitionName = props.policyDefinitionId.split('/').pop() ?? '';
  if (!definition || definition.type !== POLICY_DEFINITION_TYPE) throw definitionNotFound(definitionName);
  const defProps = definition.body.properties as JsonObject;
  validateAssignmentParameters(name, definitionName, (defProps.parameters ?? {}) as JsonObject, props.parameters);
  const enforcementMode = props.enforcementMode ?? 'Default';
  if (enforcementMode !== 'Default' && enforcementMode !== 'DoNotEnforce') {
    throw armErrors.invalidParameter('properties.enforcementMode', `The enforcement mode '${String(enforcementMode)}' is not valid; use Default or DoNotEnforce.`);
  }
  const id = assignmentId(scope, name);
  const existing = find(ctx, id);
  const stored: JsonObject = {
    id: existing?.id ?? id,
    type: POLICY_ASSIGNMENT_TYPE,
    name,
    ...(typeof body.location === 'string' ? { location: body.location } : {}),
    properties: {
      ...props,
      policyDefinitionId: definition.id,
      scope,
      notScopes: props.notScopes ?? [],
      parameters: props.parameters ?? {},
      enforcementMode,
      metadata: stamp(ctx, existing?.body.properties as JsonObject | undefined, props.metadata),
    },
  };
  store(ctx, existing?.id ?? id, POLICY_ASSIGNMENT_TYPE, stored);
  return { status: existing ? 200 : 201, body: structuredClone(stored) };
}

export const policyDefinitionsHandler: ArmHandler = (req, ctx) => {
  const sub = routeParam(req, 'subscriptionId');
  switch (req.operationId) {
    case 'PolicyDefinitions_List':
      return { status: 200, body: { value: resourcesOfType(ctx, `/subscriptions/${sub}/providers/Microsoft.Authorization`, POLICY_DEFINITION_TYPE).map((r) => structuredClone(r.body)) } };
    case 'PolicyDefinitions_Get': {
      const r = find(ctx, definitionId(sub, routeParam(req, 'policyDefinitionName')));
      if (!r) throw definitionNotFound(routeParam(req, 'policyDefinitionName'));
      return { status: 200, body: structuredClone(r.body) };
    }
    case 'PolicyDefinitions_CreateOrUpdate':
      return putDefinition(req, ctx);
    case 'PolicyDefinitions_Delete': {
      const r = find(ctx, definitionId(sub, routeParam(req, 'policyDefinitionName')));
      if (!r) return { status: 204 };
      const users = Object.values(ctx.state.resources).filter(
        (a) => a.type === POLICY_ASSIGNMENT_TYPE && String((a.body.properties as JsonObject).policyDefinitionId).toLowerCase() === r.id.toLowerCase(),
      );
      if (users.length > 0) {
        throw new ArmError(400, 'PolicyDefinitionInUse', `The policy definition '${r.body.name}' is in use by policy assignment(s) '${users.map((u) => u.id).join(', ')}'. Delete them first.`);
      }
      delete ctx.state.resources[r.id.toLowerCase()];
      ctx.changed();
      return { status: 200, body: structuredClone(r.body) };
    }
    default:
      throw armErrors.methodNotAllowed(req.method, req.pathname);
  }
};

export const policyAssignmentsHandler: ArmHandler = (req, ctx) => {
  const op = req.operationId.split('_')[1] ?? '';
  if (op.startsWith('Create')) return putAssignment(req, ctx);
  const scope = scopeOf(req, ctx);
  const name = routeParam(req, 'policyAssignmentName');
  const r = find(ctx, assignmentId(scope, name));
  if (op.startsWith('Get')) {
    if (!r) throw new ArmError(404, 'PolicyAssignmentNotFound', `The policy assignment '${name}' is not found.`);
    return { status: 200, body: structuredClone(r.body) };
  }
  if (op.startsWith('Delete')) {
    if (!r) return { status: 204 };
    delete ctx.state.resources[r.id.toLowerCase()];
    ctx.changed();
    return { status: 200, body: structuredClone(r.body) };
  }
  throw armErrors.methodNotAllowed(req.method, req.pathname);
};
