/**
 * Microsoft.Authorization role assignments and role definitions over REST (2022-04-01 shapes:
 * ../shared/azure-specs/.../Microsoft.Authorization/stable/2022-04-01/examples). Assignments are the emulator's
 * RBAC assignments (src/emulator/authz); definitions are Azure's published built-in roles (data/published-roles.ts).
 */
import { ArmError, armErrors } from '../arm-error.js';
import { publishedRoles, roleByGuid, type PublishedRole } from '../data/published-roles.js';
import type { ArmHandler, ArmRequest, HandlerContext } from '../handler-types.js';
import type { JsonObject } from '../../store/state-types.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/subscriptions/s` or `/subscriptions/s/resourceGroups/rg`: the scope part of the request path. */
function scopeOfRequest(req: ArmRequest): string {
  const i = req.pathname.toLowerCase().indexOf('/providers/microsoft.authorization/');
  return req.pathname.slice(0, i);
}

function definitionBody(role: PublishedRole, subscriptionId: string): JsonObject {
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: role.guid,
    properties: {
      roleName: role.roleName,
      type: role.roleType,
      description: role.description,
      assignableScopes: role.assignableScopes,
      permissions: role.permissions,
    },
  };
}

function authzOf(ctx: HandlerContext): NonNullable<HandlerContext['authz']> {
  if (!ctx.authz) throw new ArmError(500, 'InternalServerError', 'The emulator was started without an authorizer.');
  return ctx.authz;
}

/** Filters az and the SDKs send: roleName eq '…' and type eq 'BuiltInRole' | 'CustomRole'. */
function definitionFilter(filter: string | null): (r: PublishedRole) => boolean {
  if (!filter) return () => true;
  const m = /^\s*(roleName|type)\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (!m) throw new ArmError(400, 'InvalidFilterInQueryString', `The filter '${filter}' is not supported. Use roleName eq '<name>' or type eq 'BuiltInRole'.`);
  const [, field = '', value = ''] = m;
  return field.toLowerCase() === 'rolename' ? (r) => r.roleName.toLowerCase() === value.toLowerCase() : (r) => r.roleType.toLowerCase() === value.toLowerCase();
}

export const roleDefinitionsHandler: ArmHandler = (req, ctx) => {
  const subscriptionId = ctx.state.meta?.subscriptionId ?? req.params.subscriptionId ?? '';
  if (req.operationId === 'RoleDefinitions_List') {
    return { status: 200, body: { value: publishedRoles().filter(definitionFilter(req.query.get('$filter'))).map((r) => definitionBody(r, subscriptionId)) } };
  }
  const guid = req.params.roleDefinitionId ?? '';
  const role = roleByGuid(guid);
  if (!role) throw new ArmError(404, 'RoleDefinitionDoesNotExist', 'The specified role definition with ID \'' + guid + '\' does not exist.');
  return { status: 200, body: definitionBody(role, subscriptionId) };
};

function assignmentBody(a: { id: string; principalId: string; roleName: string; scope: string }, subscriptionId: string): JsonObject {
  const role = publishedRoles().find((r) => r.roleName.toLowerCase() === a.roleName.toLowerCase());
  return {
    id: a.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.id.split('/').pop(),
    properties: {
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role?.guid ?? a.roleName}`,
      principalId: a.principalId,
      principalType: 'ServicePrincipal',
      scope: a.scope,
    },
  };
}

/** Assignments at, above (atScope()) or below the request scope, as ARM lists them for a scope. */
function listAssignments(req: ArmRequest, ctx: HandlerContext): JsonObject[] {
  const scope = scopeOfRequest(req).toLowerCase();
  const filter = req.query.get('$filter') ?? '';
  const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
  const atScopeOnly = /atScope\(\)/i.test(filter);
  return authzOf(ctx).list()
    .filter((a) => {
      const s = a.scope.toLowerCase();
      const above = scope === s || scope.startsWith(`${s}/`) || s === '/';
      const below = s.startsWith(`${scope}/`);
      return atScopeOnly ? above : above || below;
    })
    .filter((a) => !principal || a.principalId.toLowerCase() === principal)
    .map((a) => assignmentBody(a, req.params.subscriptionId ?? ''));
}

export const roleAssignmentsHandler: ArmHandler = (req, ctx) => {
  const subscriptionId = req.params.subscriptionId ?? '';
  if (req.operationId === 'RoleAssignments_ListForScope') return { status: 200, body: { value: listAssignments(req, ctx) } };
  const name = req.params.roleAssignmentName ?? '';
  const id = `${scopeOfRequest(req)}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const existing = authzOf(ctx).list().find((a) => a.id.toLowerCase() === id.toLowerCase());
  if (req.method === 'GET') {
    if (!existing) throw new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
    return { status: 200, body: assignmentBody(existing, subscriptionId) };
  }
  if (req.method === 'DELETE') {
    if (!existing) return { status: 204 };
    authzOf(ctx).remove(existing.id);
    return { status: 200, body: assignmentBody(existing, subscriptionId) };
  }
  if (!guidPattern.test(name)) throw armErrors.invalidParameter('roleAssignmentName', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  const props = ((req.body ?? {}) as JsonObject).properties as JsonObject | undefined;
  const roleDefinitionId = String(props?.roleDefinitionId ?? '');
  const principalId = String(props?.principalId ?? '');
  if (!roleDefinitionId || !principalId) throw armErrors.invalidParameter('properties', 'The request must name properties.roleDefinitionId and properties.principalId.');
  const role = roleByGuid(roleDefinitionId.split('/').pop() ?? '');
  if (!role) throw new ArmError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${roleDefinitionId.split('/').pop() ?? ''}' does not exist.`);
  const scope = scopeOfRequest(req);
  const duplicate = authzOf(ctx).list().find((a) => a.principalId === principalId && a.roleName.toLowerCase() === role.roleName.toLowerCase() && a.scope.toLowerCase() === scope.toLowerCase());
  if (duplicate) throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  const created = authzOf(ctx).assign(principalId, role.roleName as never, scope, name);
  return { status: 201, body: assignmentBody(created, subscriptionId) };
};
