/**
 * The RBAC actions the emulator checks for the session host configuration / management routes, and what Azure's
 * published Desktop Virtualization roles (../shared/azure-roles) grant of them: the rows docs/rbac.md relies on.
 */
import { describe, expect, it } from 'vitest';
import { armActionFor, builtInRoles, roleAllows } from '../../../src/emulator/authz/index.js';

const pool = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DesktopVirtualization/hostPools/hp';
const mgmt = `${pool}/sessionHostManagements/default`;

const calls: [string, string, string][] = [
  ['GET', `${pool}/sessionHostConfigurations/default`, 'Microsoft.DesktopVirtualization/hostpools/sessionHostConfigurations/read'],
  ['PATCH', `${pool}/sessionhostconfigurations/default`, 'Microsoft.DesktopVirtualization/hostpools/sessionHostConfigurations/write'],
  ['GET', mgmt, 'Microsoft.DesktopVirtualization/hostpools/sessionHostManagements/read'],
  ['POST', `${mgmt}/initiateSessionHostUpdate`, 'Microsoft.DesktopVirtualization/hostpools/sessionHostManagements/initiateSessionHostUpdate/action'],
  ['POST', `${mgmt}/controlSessionHostUpdate`, 'Microsoft.DesktopVirtualization/hostpools/sessionHostManagements/controlSessionHostUpdate/action'],
  ['GET', `${mgmt}/sessionHostUpdateStatuses/default`, 'Microsoft.DesktopVirtualization/hostpools/sessionHostManagements/sessionHostUpdateStatuses/read'],
];

describe('session host update actions', () => {
  it.each(calls)('%s %s -> %s', (method, path, action) => {
    expect(armActionFor(method, path)).toBe(action);
  });

  it('Host Pool Contributor grants every one; Reader the reads; Virtual Machine Contributor only the configuration read', () => {
    const grants = (role: keyof typeof builtInRoles) => calls.filter(([, , a]) => roleAllows(builtInRoles[role], a)).map(([m]) => m);
    expect(grants('Desktop Virtualization Host Pool Contributor')).toEqual(['GET', 'PATCH', 'GET', 'POST', 'POST', 'GET']);
    expect(grants('Desktop Virtualization Reader')).toEqual(['GET', 'GET', 'GET']);
    expect(calls.filter(([, , a]) => roleAllows(builtInRoles['Desktop Virtualization Virtual Machine Contributor'], a)).map(([, , a]) => a)).toEqual(['Microsoft.DesktopVirtualization/hostpools/sessionHostConfigurations/read']);
  });
});
