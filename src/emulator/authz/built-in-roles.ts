/**
 * Built-in Azure roles the emulator enforces, with the actions/notActions ARM grants them.
 * Source: Microsoft Learn, "Azure built-in roles" (General: Owner, Contributor, Reader) and
 * "Azure built-in roles for Compute" (Compute Gallery Artifacts Publisher, Compute Gallery Image Reader,
 * Virtual Machine Contributor) and "Azure built-in roles for Management and governance" (Resource Policy Contributor).
 * Only control-plane actions are listed; the emulator has no data plane for these.
 */
import type { BuiltInRoleName } from './authz-types.js';

export interface RoleDefinition {
  name: BuiltInRoleName;
  /** The role definition GUID Azure uses for this built-in role. */
  id: string;
  actions: readonly string[];
  notActions: readonly string[];
}

export const builtInRoles: Readonly<Record<BuiltInRoleName, RoleDefinition>> = {
  Owner: {
    name: 'Owner',
    id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    actions: ['*'],
    notActions: [],
  },
  Contributor: {
    name: 'Contributor',
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action',
    ],
  },
  Reader: {
    name: 'Reader',
    id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    actions: ['*/read'],
    notActions: [],
  },
  'Compute Gallery Artifacts Publisher': {
    name: 'Compute Gallery Artifacts Publisher',
    id: '85a2d0d9-2eba-4c9c-b355-11c2cc0788ab',
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Compute/galleries/*',
      'Microsoft.Compute/galleries/images/*',
      'Microsoft.Compute/galleries/images/versions/*',
      'Microsoft.Compute/galleries/applications/*',
      'Microsoft.Compute/galleries/applications/versions/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
    ],
    notActions: [],
  },
  'Compute Gallery Image Reader': {
    name: 'Compute Gallery Image Reader',
    id: 'cf7c76d2-98a3-4358-a134-615aa78bf44d',
    actions: [
      'Microsoft.Compute/galleries/read',
      'Microsoft.Compute/galleries/images/read',
      'Microsoft.Compute/galleries/images/versions/read',
    ],
    notActions: [],
  },
  'Virtual Machine Contributor': {
    name: 'Virtual Machine Contributor',
    id: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Compute/availabilitySets/*',
      'Microsoft.Compute/locations/*',
      'Microsoft.Compute/virtualMachines/*',
      'Microsoft.Compute/virtualMachineScaleSets/*',
      'Microsoft.Compute/cloudServices/*',
      'Microsoft.Compute/disks/write',
      'Microsoft.Compute/disks/read',
      'Microsoft.Compute/disks/delete',
      'Microsoft.DevTestLab/schedules/*',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Network/applicationGateways/backendAddressPools/join/action',
      'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
      'Microsoft.Network/loadBalancers/inboundNatPools/join/action',
      'Microsoft.Network/loadBalancers/inboundNatRules/join/action',
      'Microsoft.Network/loadBalancers/probes/join/action',
      'Microsoft.Network/loadBalancers/read',
      'Microsoft.Network/locations/*',
      'Microsoft.Network/networkInterfaces/*',
      'Microsoft.Network/networkSecurityGroups/join/action',
      'Microsoft.Network/networkSecurityGroups/read',
      'Microsoft.Network/publicIPAddresses/join/action',
      'Microsoft.Network/publicIPAddresses/read',
      'Microsoft.Network/virtualNetworks/read',
      'Microsoft.Network/virtualNetworks/subnets/join/action',
      'Microsoft.RecoveryServices/locations/*',
      'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.SerialConsole/serialPorts/connect/action',
      'Microsoft.SqlVirtualMachine/*',
      'Microsoft.Storage/storageAccounts/listKeys/action',
      'Microsoft.Storage/storageAccounts/read',
      'Microsoft.Support/*',
    ],
    notActions: [],
  },
  'Resource Policy Contributor': {
    name: 'Resource Policy Contributor',
    id: '36243c78-bf99-498c-9df9-86d9f8d28608',
    actions: [
      '*/read',
      'Microsoft.Authorization/policyassignments/*',
      'Microsoft.Authorization/policydefinitions/*',
      'Microsoft.Authorization/policyexemptions/*',
      'Microsoft.Authorization/policysetdefinitions/*',
      'Microsoft.PolicyInsights/*',
      'Microsoft.Support/*',
    ],
    notActions: [],
  },
};

/** True when `name` is one of the built-in roles above. */
export function isBuiltInRoleName(name: string): name is BuiltInRoleName {
  return Object.prototype.hasOwnProperty.call(builtInRoles, name);
}
