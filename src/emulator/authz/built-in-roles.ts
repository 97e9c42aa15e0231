/**
 * The built-in roles the emulator enforces: Azure's published definitions (../shared/azure-roles), generated into
 * ./generated/azure-roles.ts by scripts/generate-azure-roles.ts so a user install needs no ../shared.
 */
import { azureRoles, type AzureRoleName, type RoleDefinition, type RolePermission } from './generated/azure-roles.js';

export type { RoleDefinition, RolePermission };

/** Every built-in role by its Azure roleName. */
export const builtInRoles: Readonly<Record<AzureRoleName, RoleDefinition>> = azureRoles;

/** True when `name` is one of the built-in roles above (exact roleName, as Azure spells it). */
export function isBuiltInRoleName(name: string): name is AzureRoleName {
  return Object.prototype.hasOwnProperty.call(builtInRoles, name);
}
