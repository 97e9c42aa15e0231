/**
 * The role definitions a tenant has: Azure's published built-in roles (generated from ../shared/azure-roles) plus
 * the custom roles created over REST (`PUT .../roleDefinitions/{id}`, as `az role definition create` sends it).
 * Both are enforced by the same matcher, so a custom role grants exactly what its JSON says.
 */
import { builtInRoles } from './built-in-roles.js';
import type { RolePermission } from './generated/azure-roles.js';

export interface CatalogRole {
  /** The role definition GUID (`name` in ARM's JSON). */
  guid: string;
  roleName: string;
  roleType: 'BuiltInRole' | 'CustomRole';
  description: string;
  assignableScopes: readonly string[];
  permissions: readonly RolePermission[];
}

export interface RoleCatalog {
  all(): readonly CatalogRole[];
  byGuid(guid: string): CatalogRole | undefined;
  byName(roleName: string): CatalogRole | undefined;
  /** Creates or replaces a custom role; refuses to touch a built-in one or to reuse another role's name. */
  putCustom(role: Omit<CatalogRole, 'roleType'>): { role: CatalogRole; created: boolean } | { refused: 'builtIn' | 'nameTaken' };
  deleteCustom(guid: string): CatalogRole | undefined;
}

const builtIns: readonly CatalogRole[] = Object.values(builtInRoles).map((r) => ({
  guid: r.id,
  roleName: r.roleName,
  roleType: 'BuiltInRole',
  description: r.description,
  assignableScopes: r.assignableScopes,
  permissions: r.permissions,
}));

export function createRoleCatalog(): RoleCatalog {
  const custom = new Map<string, CatalogRole>();
  const key = (guid: string) => guid.toLowerCase();
  const all = () => [...builtIns, ...custom.values()].sort((a, b) => a.roleName.localeCompare(b.roleName));
  const byGuid = (guid: string) => builtIns.find((r) => key(r.guid) === key(guid)) ?? custom.get(key(guid));
  const byName = (roleName: string) => all().find((r) => r.roleName.toLowerCase() === roleName.toLowerCase());
  return {
    all,
    byGuid,
    byName,
    putCustom(role) {
      const existing = byGuid(role.guid);
      if (existing?.roleType === 'BuiltInRole') return { refused: 'builtIn' };
      const sameName = byName(role.roleName);
      if (sameName && key(sameName.guid) !== key(role.guid)) return { refused: 'nameTaken' };
      const stored: CatalogRole = { ...role, roleType: 'CustomRole' };
      custom.set(key(role.guid), stored);
      return { role: stored, created: existing === undefined };
    },
    deleteCustom(guid) {
      const existing = custom.get(key(guid));
      custom.delete(key(guid));
      return existing;
    },
  };
}
