import type { AzureRoleName } from './generated/azure-roles.js';
import type { RoleCatalog } from './role-catalog.js';

/** Built-in role names the emulator knows: Azure's published roleNames (see built-in-roles.ts). */
export type BuiltInRoleName = AzureRoleName;

export interface RoleAssignment {
  id: string;
  principalId: string;
  /** The role's name when assigned (built-in or custom); the GUID below is what the check uses. */
  roleName: string;
  roleDefinitionGuid: string;
  /** ARM scope: /subscriptions/x, /subscriptions/x/resourceGroups/y, or a resource id. */
  scope: string;
}

/** ARM's 403 body for a denied call. */
export interface AuthorizationFailure {
  code: 'AuthorizationFailed';
  message: string;
}

export interface Authorizer {
  /** `assignmentName` is the GUID a REST PUT names; random when omitted. */
  assign(principalId: string, roleName: BuiltInRoleName, scope: string, assignmentName?: string): RoleAssignment;
  /** Assigns a built-in or custom role by its definition GUID, as `PUT .../roleAssignments/{name}` does. */
  assignById(principalId: string, roleDefinitionGuid: string, scope: string, assignmentName?: string): RoleAssignment;
  /** Built-in and custom role definitions. */
  readonly roles: RoleCatalog;
  remove(assignmentId: string): void;
  list(principalId?: string): RoleAssignment[];
  /** Null when allowed; else the failure ARM would return, naming the action and scope. */
  check(principal: { objectId: string; clientId: string }, action: string, scope: string): AuthorizationFailure | null;
  /** True when some assignment covering `scope` grants the data action (dataActions minus notDataActions). */
  allowsDataAction(principalObjectId: string, dataAction: string, scope: string): boolean;
}
