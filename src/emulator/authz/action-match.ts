/**
 * ARM permission matching: actions and scopes compare case-insensitively; `*` anywhere in a pattern matches any run
 * of characters, '/' included (Reader's `*` + `/read` grants every read, `Microsoft.Compute/galleries/*` every nested type).
 */
import type { RolePermission } from './generated/azure-roles.js';

/** What the matcher reads of a role: its permission blocks (built-in and custom roles alike). */
interface Permissions {
  permissions: readonly RolePermission[];
}

const patternCache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re;
}

/** True when `action` matches the permission pattern (e.g. `Microsoft.Compute/galleries/*`, `* /read`). */
export function actionMatches(pattern: string, action: string): boolean {
  return toRegExp(pattern).test(action);
}

/**
 * True when the role grants the control-plane `action`: as ARM evaluates it, some permission block lists it in
 * actions and the same block's notActions do not take it away (notActions never deny what another block grants).
 */
export function roleAllows(role: Permissions, action: string): boolean {
  return role.permissions.some(
    (p) => p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((a) => actionMatches(a, action)),
  );
}

/** The same rule for a data-plane action, with dataActions and notDataActions. */
export function roleAllowsDataAction(role: Permissions, dataAction: string): boolean {
  return role.permissions.some(
    (p) => p.dataActions.some((a) => actionMatches(a, dataAction)) && !p.notDataActions.some((a) => actionMatches(a, dataAction)),
  );
}

/** Normalises a scope for comparison: lower case, no trailing slash. */
export function normalizeScope(scope: string): string {
  return scope.replace(/\/+$/, '').toLowerCase();
}

/** True when an assignment at `assignmentScope` covers `scope` (same scope or a descendant, whole segments only). */
export function scopeCovers(assignmentScope: string, scope: string): boolean {
  const parent = normalizeScope(assignmentScope);
  const child = normalizeScope(scope);
  // An assignment at the root scope "/" covers everything.
  if (parent === '') return true;
  return child === parent || child.startsWith(`${parent}/`);
}
