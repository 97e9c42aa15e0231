/** The emulator's RBAC: role assignments per principal and scope, checked as ARM checks them. */
import { randomUUID } from 'node:crypto';
import { roleAllows, roleAllowsDataAction, scopeCovers } from './action-match.js';
import type { AuthorizationFailure, Authorizer, BuiltInRoleName, RoleAssignment } from './authz-types.js';
import { builtInRoles, isBuiltInRoleName } from './built-in-roles.js';

export { armActionFor, scopeOf } from './arm-actions.js';
export { builtInRoles, isBuiltInRoleName, type RoleDefinition } from './built-in-roles.js';
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
  return {
    assign(principalId: string, roleName: BuiltInRoleName, scope: string, assignmentName?: string): RoleAssignment {
      if (!isBuiltInRoleName(roleName)) {
        throw new Error(
          `Unknown role '${String(roleName)}': the emulator knows ${Object.keys(builtInRoles).join(', ')}. Assign one of those.`,
        );
      }
      if (!scope.startsWith('/')) throw new Error(`Role assignment scope '${scope}' must start with '/' (e.g. /subscriptions/<id>).`);
      const normalizedScope = scope.replace(/\/+$/, '') || '/';
      // Re-assigning the same role at the same scope is a no-op, as ARM answers RoleAssignmentExists.
      for (const existing of assignments.values()) {
        if (
          existing.principalId === principalId &&
          existing.roleName === roleName &&
          existing.scope.toLowerCase() === normalizedScope.toLowerCase()
        ) {
          return { ...existing };
        }
      }
      const assignment: RoleAssignment = {
        id: `${normalizedScope === '/' ? '' : normalizedScope}/providers/Microsoft.Authorization/roleAssignments/${assignmentName ?? randomUUID()}`,
        principalId,
        roleName,
        scope: normalizedScope,
      };
      assignments.set(assignment.id, assignment);
      return { ...assignment };
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
      for (const a of assignments.values()) {
        if (a.principalId === principal.objectId && scopeCovers(a.scope, scope) && roleAllows(builtInRoles[a.roleName], action)) {
          return null;
        }
      }
      return { code: 'AuthorizationFailed', message: authorizationFailedMessage(principal.clientId, principal.objectId, action, scope) };
    },
    allowsDataAction(principalObjectId, dataAction, scope): boolean {
      return [...assignments.values()].some(
        (a) => a.principalId === principalObjectId && scopeCovers(a.scope, scope) && roleAllowsDataAction(builtInRoles[a.roleName], dataAction),
      );
    },
  };
}
