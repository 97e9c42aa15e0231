/** The emulator's RBAC: role assignments per principal and scope, checked as ARM checks them. */
import { randomUUID } from 'node:crypto';
import { roleAllows, roleAllowsDataAction, scopeCovers } from './action-match.js';
import type { AuthorizationFailure, Authorizer, BuiltInRoleName, RoleAssignment } from './authz-types.js';
import { builtInRoles, isBuiltInRoleName } from './built-in-roles.js';
import { createRoleCatalog, type CatalogRole } from './role-catalog.js';

export { armActionFor, scopeOf } from './arm-actions.js';
export { builtInRoles, isBuiltInRoleName, type RoleDefinition } from './built-in-roles.js';
export { createRoleCatalog, type CatalogRole, type RoleCatalog } from './role-catalog.js';
export { actionMatches, roleAllows, roleAllowsDataAction, scopeCovers } from './action-match.js';

/** ARM's exact AuthorizationFailed message. */
export function authorizationFailedMessage(clientId: string, objectId: string, action: string, scope: string): string {
  return (
    `The client '${clientId}' with object id '${objectId}' does not have authorization to perform action ` +
    `'${action}' over scope '${scope}' or the scope is invalid. ` +
    'If access was recently granted, please refresh your credentials.'
  );
}

/** Creates an empty authorizer; callers assign roles. */
export function createAuthorizer(): Authorizer {
  const assignments = new Map<string, RoleAssignment>();
  const roles = createRoleCatalog();

  function add(principalId: string, role: CatalogRole, scope: string, assignmentName?: string): RoleAssignment {
    if (!scope.startsWith('/')) throw new Error(`Role assignment scope '${scope}' must start with '/' (e.g. /subscriptions/<id>).`);
    const normalizedScope = scope.replace(/\/+$/, '') || '/';
    // Re-assigning the same role at the same scope is a no-op, as ARM answers RoleAssignmentExists.
    for (const existing of assignments.values()) {
      if (
        existing.principalId === principalId &&
        existing.roleDefinitionGuid.toLowerCase() === role.guid.toLowerCase() &&
        existing.scope.toLowerCase() === normalizedScope.toLowerCase()
      ) {
        return { ...existing };
      }
    }
    const assignment: RoleAssignment = {
      id: `${normalizedScope === '/' ? '' : normalizedScope}/providers/Microsoft.Authorization/roleAssignments/${assignmentName ?? randomUUID()}`,
      principalId,
      roleName: role.roleName,
      roleDefinitionGuid: role.guid,
      scope: normalizedScope,
    };
    assignments.set(assignment.id, assignment);
    return { ...assignment };
  }

  /** The assignments of a principal covering a scope, with the definitions they grant (a deleted role grants nothing). */
  function grantsAt(principalObjectId: string, scope: string): CatalogRole[] {
    return [...assignments.values()]
      .filter((a) => a.principalId === principalObjectId && scopeCovers(a.scope, scope))
      .map((a) => roles.byGuid(a.roleDefinitionGuid))
      .filter((r): r is CatalogRole => r !== undefined);
  }

  return {
    roles,
    assign(principalId: string, roleName: BuiltInRoleName, scope: string, assignmentName?: string): RoleAssignment {
      if (!isBuiltInRoleName(roleName)) {
        throw new Error(
          `Unknown role '${String(roleName)}': the emulator knows ${Object.keys(builtInRoles).join(', ')}. Assign one of those.`,
        );
      }
      return add(principalId, builtInRoleDefinition(roleName), scope, assignmentName);
    },
    assignById(principalId: string, roleDefinitionGuid: string, scope: string, assignmentName?: string): RoleAssignment {
      const role = roles.byGuid(roleDefinitionGuid);
      if (!role) throw new Error(`Unknown role definition '${roleDefinitionGuid}'.`);
      return add(principalId, role, scope, assignmentName);
    },
    remove(assignmentId: string): void {
      assignments.delete(assignmentId);
    },
    list(principalId?: string): RoleAssignment[] {
      return [...assignments.values()]
        .filter((a) => principalId === undefined || a.principalId === principalId)
        .map((a) => ({ ...a }));
    },
    check(principal, action, scope): AuthorizationFailure | null {
      if (grantsAt(principal.objectId, scope).some((role) => roleAllows(role, action))) return null;
      return { code: 'AuthorizationFailed', message: authorizationFailedMessage(principal.clientId, principal.objectId, action, scope) };
    },
    allowsDataAction(principalObjectId, dataAction, scope): boolean {
      return grantsAt(principalObjectId, scope).some((role) => roleAllowsDataAction(role, dataAction));
    },
  };

  function builtInRoleDefinition(roleName: BuiltInRoleName): CatalogRole {
    const role = roles.byGuid(builtInRoles[roleName].id);
    if (!role) throw new Error(`Built-in role '${roleName}' is missing from the catalogue.`);
    return role;
  }
}
