import { describe, expect, it } from 'vitest';
import { createAuthorizer, roleAllows, roleAllowsDataAction, type RoleDefinition } from '../../../src/emulator/authz/index.js';
import type { BuiltInRoleName } from '../../../src/emulator/authz/authz-types.js';

const sub = '/subscriptions/00000000-0000-0000-0000-00000000000a';
const rg = `${sub}/resourceGroups/images-rg`;
const otherRg = `${sub}/resourceGroups/other-rg`;
const gallery = `${rg}/providers/Microsoft.Compute/galleries/gal`;
const version = `${gallery}/images/ubuntu/versions/1.0.0`;
const vmss = `${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/web`;
const caller = { objectId: 'oid-1', clientId: 'client-1' };

function allowed(role: BuiltInRoleName, action: string, scope = rg, assignedAt = rg): boolean {
  const authz = createAuthorizer();
  authz.assign(caller.objectId, role, assignedAt);
  return authz.check(caller, action, scope) === null;
}

describe('built-in roles', () => {
  it.each<[BuiltInRoleName, string, boolean]>([
    ['Owner', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Owner', 'Microsoft.Compute/galleries/images/versions/write', true],
    ['Contributor', 'Microsoft.Compute/galleries/images/versions/write', true],
    ['Contributor', 'Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action', true],
    ['Contributor', 'Microsoft.Authorization/roleAssignments/write', false],
    ['Contributor', 'microsoft.authorization/roleassignments/delete', false],
    ['Contributor', 'Microsoft.Compute/galleries/share/action', false],
    ['Reader', 'Microsoft.Compute/galleries/images/versions/read', true],
    ['Reader', 'Microsoft.Resources/subscriptions/resourceGroups/read', true],
    ['Reader', 'Microsoft.Compute/galleries/images/versions/write', false],
    ['Reader', 'Microsoft.Compute/galleries/delete', false],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/galleries/images/versions/write', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/galleries/images/versions/delete', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/galleries/write', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Resources/subscriptions/resourceGroups/read', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/virtualMachineScaleSets/write', false],
    // Azure's definition: images/*, disks/write, virtualMachines/write, deployments/*; galleries/share/action excluded.
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/images/write', true],
    ['Compute Gallery Artifacts Publisher', 'microsoft.compute/IMAGES/read', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/disks/write', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/disks/delete', false],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/virtualMachines/write', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/locations/capsOperations/read', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Resources/deployments/write', true],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/galleries/share/action', false],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Compute/snapshots/read', false],
    ['Compute Gallery Artifacts Publisher', 'Microsoft.Resources/subscriptions/resourceGroups/write', false],
    ['Compute Gallery Image Reader', 'Microsoft.Compute/galleries/images/versions/read', true],
    // Azure's definition lists only images/read and images/versions/read: not the gallery itself.
    ['Compute Gallery Image Reader', 'Microsoft.Compute/galleries/read', false],
    ['Compute Gallery Image Reader', 'Microsoft.Compute/galleries/images/versions/write', false],
    ['Compute Gallery Image Reader', 'Microsoft.Compute/skus/read', false],
    ['Virtual Machine Contributor', 'Microsoft.Compute/virtualMachineScaleSets/write', true],
    ['Virtual Machine Contributor', 'Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action', true],
    ['Virtual Machine Contributor', 'Microsoft.Compute/virtualMachines/start/action', true],
    ['Virtual Machine Contributor', 'Microsoft.Compute/galleries/images/versions/write', false],
    ['Virtual Machine Contributor', 'Microsoft.Compute/galleries/images/versions/read', false],
  ])('%s: %s -> %s', (role, action, expected) => {
    expect(allowed(role, action)).toBe(expected);
  });
});

describe('data actions (dataActions minus notDataActions, never from actions)', () => {
  const key = `${rg}/providers/Microsoft.KeyVault/vaults/kv/keys/signing`;
  function dataAllowed(role: BuiltInRoleName, dataAction: string): boolean {
    const authz = createAuthorizer();
    authz.assign(caller.objectId, role, rg);
    return authz.allowsDataAction(caller.objectId, dataAction, key);
  }
  it.each<[BuiltInRoleName, string, boolean]>([
    ['Key Vault Crypto User', 'Microsoft.KeyVault/vaults/keys/sign/action', true],
    ['Key Vault Crypto User', 'microsoft.keyvault/vaults/keys/READ', true],
    ['Key Vault Crypto User', 'Microsoft.KeyVault/vaults/keys/create/action', false],
    ['Key Vault Crypto Service Encryption User', 'Microsoft.KeyVault/vaults/keys/wrap/action', true],
    ['Key Vault Crypto Service Encryption User', 'Microsoft.KeyVault/vaults/keys/sign/action', false],
    ['Key Vault Reader', 'Microsoft.KeyVault/vaults/keys/sign/action', false],
    // Owner's actions '*' is control plane only; data actions come from dataActions alone.
    ['Owner', 'Microsoft.KeyVault/vaults/keys/sign/action', false],
    ['Contributor', 'Microsoft.KeyVault/vaults/keys/read', false],
    ['Storage Blob Data Contributor', 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write', true],
  ])('%s: %s -> %s', (role, action, expected) => {
    expect(dataAllowed(role, action)).toBe(expected);
  });

  it('a data action is not granted outside the assignment scope', () => {
    const authz = createAuthorizer();
    authz.assign(caller.objectId, 'Key Vault Crypto User', otherRg);
    expect(authz.allowsDataAction(caller.objectId, 'Microsoft.KeyVault/vaults/keys/sign/action', `${rg}/providers/Microsoft.KeyVault/vaults/kv`)).toBe(false);
  });
});

describe('scope inheritance', () => {
  it.each([
    ['subscription covers resource group', sub, rg, true],
    ['subscription covers a nested resource', sub, version, true],
    ['resource group covers its resources', rg, version, true],
    ['resource group does not cover another group', rg, `${otherRg}/providers/Microsoft.Compute/galleries/gal`, false],
    ['resource group does not cover its subscription', rg, sub, false],
    ['gallery covers its versions', gallery, version, true],
    ['a name prefix is not a parent', `${rg}/providers/Microsoft.Compute/galleries/ga`, version, false],
    ['scopes compare case-insensitively', rg.toUpperCase(), version, true],
  ])('%s', (_name, assignedAt, scope, expected) => {
    expect(allowed('Contributor', 'Microsoft.Compute/galleries/images/versions/write', scope, assignedAt)).toBe(expected);
  });
});

describe('Authorizer', () => {
  it("returns ARM's exact AuthorizationFailed message naming action and scope", () => {
    const authz = createAuthorizer();
    authz.assign(caller.objectId, 'Reader', sub);
    expect(authz.check(caller, 'Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action', vmss)).toEqual({
      code: 'AuthorizationFailed',
      message:
        "The client 'client-1' with object id 'oid-1' does not have authorization to perform action " +
        `'Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action' over scope '${vmss}' or the scope is invalid. ` +
        'If access was recently granted, please refresh your credentials.',
    });
  });

  it('denies a principal with no assignment and one whose assignment belongs to someone else', () => {
    const authz = createAuthorizer();
    authz.assign('someone-else', 'Owner', sub);
    expect(authz.check(caller, 'Microsoft.Compute/galleries/read', gallery)?.code).toBe('AuthorizationFailed');
  });

  it('combines several assignments and stops granting after remove()', () => {
    const authz = createAuthorizer();
    const reader = authz.assign(caller.objectId, 'Reader', sub);
    const publisher = authz.assign(caller.objectId, 'Compute Gallery Artifacts Publisher', gallery);
    expect(authz.check(caller, 'Microsoft.Compute/galleries/images/versions/write', version)).toBeNull();
    expect(authz.check(caller, 'Microsoft.Compute/virtualMachineScaleSets/read', vmss)).toBeNull();
    authz.remove(publisher.id);
    expect(authz.check(caller, 'Microsoft.Compute/galleries/images/versions/write', version)).not.toBeNull();
    expect(authz.list(caller.objectId)).toEqual([reader]);
  });

  it('treats a repeated assignment as the existing one', () => {
    const authz = createAuthorizer();
    const first = authz.assign(caller.objectId, 'Reader', rg);
    expect(authz.assign(caller.objectId, 'Reader', `${rg}/`)).toEqual(first);
    expect(authz.list()).toHaveLength(1);
    expect(first.id).toMatch(new RegExp(`^${rg}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`));
  });

  it('rejects unknown roles and relative scopes', () => {
    const authz = createAuthorizer();
    expect(() => authz.assign(caller.objectId, 'Storage Wizard' as BuiltInRoleName, rg)).toThrow(/Unknown role 'Storage Wizard'/);
    // docs/emulator-deviations.md: only the roles in ../shared/azure-roles exist, not every Azure built-in role.
    expect(() => authz.assign(caller.objectId, 'Key Vault Crypto Officer' as BuiltInRoleName, rg)).toThrow(/Unknown role 'Key Vault Crypto Officer'/);
    expect(() => authz.assign(caller.objectId, 'Reader', 'subscriptions/x')).toThrow(/must start with '\/'/);
    expect(authz.list()).toEqual([]);
  });
});

describe('permission blocks (as ARM evaluates a role with several)', () => {
  // A synthetic definition in Azure's shape: no published role in ../shared/azure-roles has two blocks or
  // notDataActions, so this pins the rule itself.
  const role: RoleDefinition = {
    id: 'x',
    roleName: 'Reader',
    description: 'a synthetic role with two blocks',
    roleType: 'CustomRole',
    assignableScopes: ['/'],
    source: 'this test',
    permissions: [
      { actions: ['Microsoft.Compute/*'], notActions: ['Microsoft.Compute/*/delete'], dataActions: ['Microsoft.KeyVault/vaults/keys/*'], notDataActions: ['Microsoft.KeyVault/vaults/keys/sign/action'] },
      { actions: ['Microsoft.Compute/disks/delete'], notActions: [], dataActions: [], notDataActions: [] },
    ],
  };
  it('notActions remove only from their own block; another block may grant the action', () => {
    expect(roleAllows(role, 'Microsoft.Compute/images/delete')).toBe(false);
    expect(roleAllows(role, 'Microsoft.Compute/disks/delete')).toBe(true);
    expect(roleAllows(role, 'MICROSOFT.COMPUTE/galleries/images/versions/write')).toBe(true);
  });
  it('notDataActions remove data actions; actions never grant data actions', () => {
    expect(roleAllowsDataAction(role, 'Microsoft.KeyVault/vaults/keys/read')).toBe(true);
    expect(roleAllowsDataAction(role, 'Microsoft.KeyVault/vaults/keys/sign/action')).toBe(false);
    expect(roleAllowsDataAction(role, 'Microsoft.Compute/disks/read')).toBe(false);
  });
});
