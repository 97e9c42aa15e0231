/**
 * Microsoft.Authorization role assignments and role definitions over REST (2022-04-01 shapes:
 * ../shared/azure-specs/.../Microsoft.Authorization/stable/2022-04-01). Assignments and definitions are the
 * emulator's RBAC (src/emulator/authz): Azure's published built-in roles plus custom roles created here, so what az
 * lists and creates is what the emulator enforces. Scopes: subscription, resource group, or a resource in a group.
 */
import { ArmError, armErrors } from '../arm-error.js';
import type { ArmHandler, ArmRequest, HandlerContext } from '../handler-types.js';
import { find } from '../resources.js';
import type { JsonObject } from '../../store/state-types.js';
import type { Authorizer, RoleAssignment } from '../../authz/authz-types.js';
import type { CatalogRole } from '../../authz/role-catalog.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/subscriptions/s`, `/subscriptions/s/resourceGroups/rg` or a resource id: the scope part of the request path. */
function scopeOfRequest(req: ArmRequest): string {
  const i = req.pathname.toLowerCase().lastIndexOf('/providers/microsoft.authorization/');
  return req.pathname.slice(0, i);
}

/** A resource scope must name an existing resource, as ARM checks before it stores an assignment there. */
function requireScopeExists(scope: string, ctx: HandlerContext): void {
  if (!/\/providers\//i.test(scope)) return;
  if (!find(ctx, scope)) throw new ArmError(404, 'ResourceNotFound', `The Resource '${scope}' was not found.`);
}

function definitionBody(role: CatalogRole, subscriptionId: string): JsonObject {
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: role.guid,
    properties: {
      roleName: role.roleName,
      type: role.roleType,
      description: role.description,
      assignableScopes: [...role.assignableScopes],
      permissions: role.permissions.map((p) => ({ ...p })) as unknown as JsonObject[],
    },
  };
}

function authzOf(ctx: HandlerContext): Authorizer {
  if (!ctx.authz) throw new ArmError(500, 'InternalServerError', 'The emulator was started without an authorizer.');
  return ctx.authz;
}

/** Filters az and the SDKs send: roleName eq '…' and type eq 'BuiltInRole' | 'CustomRole'. */
function definitionFilter(filter: string | null): (r: CatalogRole) => boolean {
  if (!filter) return () => true;
  const m = /^\s*(roleName|type)\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (!m) throw new ArmError(400, 'InvalidFilterInQueryString', `The filter '${filter}' is not supported. Use roleName eq '<name>' or type eq 'BuiltInRole'.`);
  const [, field = '', value = ''] = m;
  return field.toLowerCase() === 'rolename' ? (r) => r.roleName.toLowerCase() === value.toLowerCase() : (r) => r.roleType.toLowerCase() === value.toLowerCase();
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The custom role a PUT body describes, or ARM's 400 naming what is missing. */
function customRoleFrom(guid: string, body: unknown): Omit<CatalogRole, 'roleType'> {
  const props = ((body ?? {}) as JsonObject).properties as JsonObject | undefined;
  const roleName = typeof props?.roleName === 'string' ? props.roleName.trim() : '';
  if (!roleName) throw armErrors.invalidParameter('properties.roleName', 'The role definition must have a roleName.');
  const assignableScopes = strings(props?.assignableScopes);
  if (assignableScopes.length === 0) throw armErrors.invalidParameter('properties.assignableScopes', 'The role definition must have at least one assignable scope.');
  const permissions = (Array.isArray(props?.permissions) ? props.permissions : []).map((p) => {
    const block = (p ?? {}) as JsonObject;
    return { actions: strings(block.actions), notActions: strings(block.notActions), dataActions: strings(block.dataActions), notDataActions: strings(block.notDataActions) };
  });
  return { guid, roleName, description: typeof props?.description === 'string' ? props.description : '', assignableScopes, permissions };
}

export const roleDefinitionsHandler: ArmHandler = (req, ctx) => {
  const subscriptionId = ctx.state.meta?.subscriptionId ?? req.params.subscriptionId ?? '';
  const roles = authzOf(ctx).roles;
  if (req.operationId === 'RoleDefinitions_List') {
    return { status: 200, body: { value: roles.all().filter(definitionFilter(req.query.get('$filter'))).map((r) => definitionBody(r, subscriptionId)) } };
  }
  const guid = req.params.roleDefinitionId ?? '';
  if (req.method === 'PUT') {
    if (!guidPattern.test(guid)) throw armErrors.invalidParameter('roleDefinitionId', `The role definition ID '${guid}' is not valid. The role definition ID must be a GUID.`);
    const result = roles.putCustom(customRoleFrom(guid, req.body));
    if ('refused' in result) {
      throw result.refused === 'builtIn'
        ? new ArmError(403, 'AuthorizationFailed', `The built-in role definition '${guid}' cannot be changed.`)
        : new ArmError(409, 'RoleDefinitionWithSameNameExists', 'A role definition cannot be updated with a name that already exists.');
    }
    ctx.changed();
    return { status: 201, body: definitionBody(result.role, subscriptionId) };
  }
  const role = roles.byGuid(guid);
  if (req.method === 'DELETE') {
    if (!role) return { status: 204 };
    if (role.roleType === 'BuiltInRole') throw new ArmError(403, 'AuthorizationFailed', `The built-in role definition '${guid}' cannot be deleted.`);
    if (authzOf(ctx).list().some((a) => a.roleDefinitionGuid.toLowerCase() === guid.toLowerCase())) {
      throw new ArmError(409, 'RoleDefinitionHasAssignments', 'There are existing role assignments referencing role. Remove them first.');
    }
    roles.deleteCustom(guid);
    ctx.changed();
    return { status: 200, body: definitionBody(role, subscriptionId) };
  }
  if (!role) throw new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
  return { status: 200, body: definitionBody(role, subscriptionId) };
};

function assignmentBody(a: RoleAssignment, subscriptionId: string): JsonObject {
  return {
    id: a.id,
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.id.split('/').pop(),
    properties: {
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${a.roleDefinitionGuid}`,
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

/** True when one of the role's assignable scopes covers `scope` (ARM refuses assignments outside them). */
function assignableAt(role: CatalogRole, scope: string): boolean {
  const target = scope.toLowerCase();
  return role.assignableScopes.some((s) => {
    const parent = s.replace(/\/+$/, '').toLowerCase();
    return parent === '' || target === parent || target.startsWith(`${parent}/`);
  });
}

export const roleAssignmentsHandler: ArmHandler = (req, ctx) => {
  const subscriptionId = req.params.subscriptionId ?? '';
  const scope = scopeOfRequest(req);
  if (req.operationId === 'RoleAssignments_ListForScope') {
    requireScopeExists(scope, ctx);
    return { status: 200, body: { value: listAssignments(req, ctx) } };
  }
  const name = req.params.roleAssignmentName ?? '';
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
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
  requireScopeExists(scope, ctx);
  const props = ((req.body ?? {}) as JsonObject).properties as JsonObject | undefined;
  const roleDefinitionId = String(props?.roleDefinitionId ?? '');
  const principalId = String(props?.principalId ?? '');
  if (!roleDefinitionId || !principalId) throw armErrors.invalidParameter('properties', 'The request must name properties.roleDefinitionId and properties.principalId.');
  const guid = roleDefinitionId.split('/').pop() ?? '';
  const role = authzOf(ctx).roles.byGuid(guid);
  if (!role) throw new ArmError(400, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${guid}' does not exist.`);
  if (!assignableAt(role, scope)) {
    throw new ArmError(400, 'InvalidRoleAssignmentScope', `The role '${role.roleName}' is not assignable at scope '${scope}': its assignable scopes are ${role.assignableScopes.join(', ')}.`);
  }
  const duplicate = authzOf(ctx).list().find((a) => a.principalId === principalId && a.roleDefinitionGuid.toLowerCase() === guid.toLowerCase() && a.scope.toLowerCase() === scope.toLowerCase());
  if (duplicate) throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  const created = authzOf(ctx).assignById(principalId, guid, scope, name);
  return { status: 201, body: assignmentBody(created, subscriptionId) };
};
