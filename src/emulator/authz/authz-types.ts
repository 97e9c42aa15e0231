import type { AzureRoleName } from './generated/azure-roles.js';

/** Built-in role names the emulator knows: Azure's published roleNames (see built-in-roles.ts). */
export type BuiltInRoleName = AzureRoleName;

export interface RoleAssignment {
  id: string;
  principalId: string;
  roleName: BuiltInRoleName;
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
  remove(assignmentId: string): void;
  list(principalId?: string): RoleAssignment[];
  /** Null when allowed; else the failure ARM would return, naming the action and scope. */
  check(principal: { objectId: string; clientId: string }, action: string, scope: string): AuthorizationFailure | null;
  /** True when some assignment covering `scope` grants the data action (dataActions minus notDataActions). */
  allowsDataAction(principalObjectId: string, dataAction: string, scope: string): boolean;
}
