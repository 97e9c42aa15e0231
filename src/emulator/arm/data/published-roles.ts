/**
 * Azure's published built-in role definitions, read from ../shared/azure-roles/*.json (repo root relative; files
 * extracted from Microsoft Learn, see their SOURCES.tsv). The role-definition REST routes serve these; the RBAC
 * check itself lives in src/emulator/authz. Loaded once, on first use; a missing folder fails the request loudly.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArmError } from '../arm-error.js';

export interface PublishedRole {
  /** The role's GUID (`name` in Azure's JSON). */
  guid: string;
  roleName: string;
  roleType: string;
  description: string;
  assignableScopes: string[];
  permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[] }[];
}

/** src/emulator/arm/data -> repo root -> ../shared/azure-roles. */
export const publishedRolesDir = resolve(import.meta.dirname, '../../../../../shared/azure-roles');

let cache: PublishedRole[] | undefined;

/** Every role in the folder, sorted by name. */
export function publishedRoles(dir = publishedRolesDir): PublishedRole[] {
  if (cache && dir === publishedRolesDir) return cache;
  if (!existsSync(dir)) {
    throw new ArmError(500, 'InternalServerError', `The emulator cannot serve role definitions: '${dir}' (Azure's built-in role JSON files) does not exist.`);
  }
  const roles = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      return {
        guid: String(raw.name),
        roleName: String(raw.roleName),
        roleType: String(raw.roleType ?? 'BuiltInRole'),
        description: String(raw.description ?? ''),
        assignableScopes: (raw.assignableScopes as string[] | undefined) ?? ['/'],
        permissions: (raw.permissions as PublishedRole['permissions'] | undefined) ?? [],
      };
    })
    .sort((a, b) => a.roleName.localeCompare(b.roleName));
  if (dir === publishedRolesDir) cache = roles;
  return roles;
}

export function roleByGuid(guid: string): PublishedRole | undefined {
  return publishedRoles().find((r) => r.guid.toLowerCase() === guid.toLowerCase());
}

export function roleByName(roleName: string): PublishedRole | undefined {
  return publishedRoles().find((r) => r.roleName.toLowerCase() === roleName.toLowerCase());
}
