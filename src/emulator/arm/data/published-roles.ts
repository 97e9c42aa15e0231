/**
 * Azure's published built-in role definitions as the role-definition REST routes serve them: the same generated
 * table the RBAC check enforces (src/emulator/authz/generated/azure-roles.ts, from ../shared/azure-roles), so a
 * bundled emulator needs no files beside it and what az lists is what the emulator enforces.
 */
import { azureRoles } from '../../authz/generated/azure-roles.js';

export interface PublishedRole {
  /** The role's GUID (`name` in Azure's JSON). */
  guid: string;
  roleName: string;
  roleType: string;
  description: string;
  assignableScopes: readonly string[];
  permissions: readonly { actions: readonly string[]; notActions: readonly string[]; dataActions: readonly string[]; notDataActions: readonly string[] }[];
}

const roles: readonly PublishedRole[] = Object.values(azureRoles)
  .map((r) => ({ guid: r.id, roleName: r.roleName, roleType: r.roleType || 'BuiltInRole', description: r.description, assignableScopes: r.assignableScopes, permissions: r.permissions }))
  .sort((a, b) => a.roleName.localeCompare(b.roleName));

/** Every built-in role, sorted by name. */
export function publishedRoles(): readonly PublishedRole[] {
  return roles;
}

export function roleByGuid(guid: string): PublishedRole | undefined {
  return roles.find((r) => r.guid.toLowerCase() === guid.toLowerCase());
}

export function roleByName(roleName: string): PublishedRole | undefined {
  return roles.find((r) => r.roleName.toLowerCase() === roleName.toLowerCase());
}
