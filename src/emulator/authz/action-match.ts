/** ARM permission matching: actions and scopes compare case-insensitively; `*` in an action matches any run of characters. */
import type { RoleDefinition } from './built-in-roles.js';

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

/** True when the role's actions grant `action` and none of its notActions remove it. */
export function roleAllows(role: RoleDefinition, action: string): boolean {
  return role.actions.some((p) => actionMatches(p, action)) && !role.notActions.some((p) => actionMatches(p, action));
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
