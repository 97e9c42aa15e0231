/**
 * The role a 403 suggests is, by Azure's published definitions (../shared/azure-roles), one that grants the denied
 * action, and no narrower published role grants it too; the suggested scope is the resource group or subscription.
 */
import { describe, expect, it } from 'vitest';
import { grantScopeFor, leastRoleFor } from '../../../src/core/azure/role-hints.js';
import { builtInRoles, isBuiltInRoleName, roleAllows } from '../../../src/emulator/authz/index.js';
import { narrowerRolesGranting } from '../../integration/rbac/least-role.js';

// Every action the steps are denied in the least-privilege proofs, plus the neighbours a user meets.
const actions = [
  'Microsoft.Compute/galleries/read',
  'Microsoft.Compute/galleries/write',
  'Microsoft.Compute/galleries/images/read',
  'Microsoft.Compute/galleries/images/write',
  'Microsoft.Compute/galleries/images/versions/read',
  'Microsoft.Compute/galleries/images/versions/write',
  'Microsoft.Compute/galleries/images/versions/delete',
  'Microsoft.Compute/galleries/share/action',
  'Microsoft.Compute/images/read',
  'Microsoft.Compute/images/write',
  'Microsoft.Compute/virtualMachineScaleSets/read',
  'Microsoft.Compute/virtualMachineScaleSets/write',
  'Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action',
  'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read',
  'Microsoft.Compute/virtualMachines/read',
  'Microsoft.Compute/snapshots/write',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Authorization/policyDefinitions/write',
  'Microsoft.Authorization/policyAssignments/write',
];

describe('leastRoleFor, checked against Azure role definitions', () => {
  it.each(actions)('%s: the suggested role is a published built-in role that grants it, and none narrower does', (action) => {
    const role = leastRoleFor(action);
    expect(isBuiltInRoleName(role), `${role} is in ../shared/azure-roles`).toBe(true);
    if (!isBuiltInRoleName(role)) return;
    expect(roleAllows(builtInRoles[role], action)).toBe(true);
    expect(narrowerRolesGranting(role, [action])).toEqual([]);
  });

  it('suggests the publisher role for managed images, which Azure includes in it', () => {
    expect(leastRoleFor('Microsoft.Compute/images/write')).toBe('Compute Gallery Artifacts Publisher');
  });
});

describe('grantScopeFor', () => {
  const sub = '/subscriptions/0000';
  it.each([
    [`${sub}/resourceGroups/rg-gal/providers/Microsoft.Compute/galleries/g/images/app/versions/1.0.0`, `${sub}/resourceGroups/rg-gal`],
    [`${sub}/resourceGroups/rg-gal/providers/Microsoft.Compute/galleries/not-yet-created`, `${sub}/resourceGroups/rg-gal`],
    [`${sub}/resourceGroups/rg-gal`, `${sub}/resourceGroups/rg-gal`],
    [`${sub}/providers/Microsoft.Authorization/policyDefinitions/p`, sub],
    [sub, sub],
  ])('%s -> %s', (denied, grant) => {
    expect(grantScopeFor(denied)).toBe(grant);
  });
});
