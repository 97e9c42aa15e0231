/**
 * "Least" as a partial order over Azure's published built-in roles: role A is narrower than role B when B grants
 * every action pattern A lists and A does not grant every pattern B lists. A documented role is least for what a
 * step did when no built-in role that also grants all of it is narrower.
 */
import { builtInRoles, roleAllows, type RoleDefinition } from '../../../src/emulator/authz/index.js';
import type { BuiltInRoleName } from '../../../src/emulator/authz/authz-types.js';

function patternsOf(role: RoleDefinition): string[] {
  return role.permissions.flatMap((p) => p.actions);
}

/** True when `a` is strictly narrower than `b` (control plane). */
export function isNarrower(a: RoleDefinition, b: RoleDefinition): boolean {
  return patternsOf(a).every((p) => roleAllows(b, p)) && !patternsOf(b).every((p) => roleAllows(a, p));
}

/** Built-in roles that grant every action in `needed` and are narrower than `role`, by name. */
export function narrowerRolesGranting(role: BuiltInRoleName, needed: readonly string[]): BuiltInRoleName[] {
  const documented = builtInRoles[role];
  return (Object.keys(builtInRoles) as BuiltInRoleName[]).filter((name) => {
    const candidate = builtInRoles[name];
    return name !== role && needed.every((action) => roleAllows(candidate, action)) && isNarrower(candidate, documented);
  });
}
