import { describe, expect, it } from 'vitest';
import { armActionFor, scopeOf } from '../../../src/emulator/authz/index.js';

const rg = '/subscriptions/s/resourceGroups/rg';
const gallery = `${rg}/providers/Microsoft.Compute/galleries/g`;

describe('armActionFor', () => {
  it.each([
    ['PUT', `${gallery}/images/i/versions/1.0.0?api-version=2025-03-03`, 'Microsoft.Compute/galleries/images/versions/write'],
    ['GET', `${gallery}/images/i/versions/1.0.0`, 'Microsoft.Compute/galleries/images/versions/read'],
    ['DELETE', `${gallery}/images/i/versions/1.0.0`, 'Microsoft.Compute/galleries/images/versions/delete'],
    ['PATCH', `${gallery}/images/i/versions/1.0.0`, 'Microsoft.Compute/galleries/images/versions/write'],
    ['GET', `${gallery}/images/i/versions`, 'Microsoft.Compute/galleries/images/versions/read'],
    ['PUT', gallery, 'Microsoft.Compute/galleries/write'],
    ['GET', `${rg}/providers/Microsoft.Compute/galleries`, 'Microsoft.Compute/galleries/read'],
    ['GET', '/subscriptions/s/providers/Microsoft.Compute/galleries', 'Microsoft.Compute/galleries/read'],
    // Clients may send any case; the action keeps ARM's canonical spelling.
    ['put', `${rg.toLowerCase()}/providers/microsoft.compute/galleries/g/images/i`, 'Microsoft.Compute/galleries/images/write'],
    ['POST', `${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/x/manualupgrade`, 'Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action'],
    ['GET', `${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/x`, 'Microsoft.Compute/virtualMachineScaleSets/read'],
    ['POST', `${rg}/providers/Microsoft.Compute/disks/d/beginGetAccess`, 'Microsoft.Compute/disks/beginGetAccess/action'],
    ['PUT', rg, 'Microsoft.Resources/subscriptions/resourceGroups/write'],
    ['GET', rg, 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    ['HEAD', rg, 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    ['DELETE', '/subscriptions/s/resourcegroups/rg', 'Microsoft.Resources/subscriptions/resourceGroups/delete'],
    ['GET', '/subscriptions/s/resourcegroups', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    ['GET', '/subscriptions/s/locations', 'Microsoft.Resources/subscriptions/locations/read'],
    ['GET', '/subscriptions/s', 'Microsoft.Resources/subscriptions/read'],
    ['GET', '/subscriptions/s/providers/Microsoft.Compute/skus', 'Microsoft.Compute/skus/read'],
    ['GET', '/subscriptions/s/providers/Microsoft.Compute/locations/westus/capsOperations/op1', 'Microsoft.Compute/locations/capsOperations/read'],
    ['GET', '/subscriptions/s/providers/Microsoft.Compute/locations/westus/operations/op1', 'Microsoft.Compute/locations/operations/read'],
  ])('%s %s -> %s', (method, path, action) => {
    expect(armActionFor(method, path)).toBe(action);
  });
});

describe('scopeOf', () => {
  it.each([
    [`${gallery}/images/i/versions/1.0.0?api-version=2025-03-03`, `${gallery}/images/i/versions/1.0.0`],
    [`${gallery}/images/i/versions`, `${gallery}/images/i`],
    [`${rg}/providers/Microsoft.Compute/galleries`, rg],
    [`${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/x/manualupgrade`, `${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/x`],
    [rg, rg],
    ['/subscriptions/s/resourcegroups', '/subscriptions/s'],
    ['/subscriptions/s/providers/Microsoft.Compute/skus', '/subscriptions/s'],
    ['/subscriptions/s/locations', '/subscriptions/s'],
  ])('%s -> %s', (path, scope) => {
    expect(scopeOf(path)).toBe(scope);
  });
});
