/**
 * Every ARM route the emulator serves: the generated gallery/SKU operations (from the swagger) plus hand-listed
 * Microsoft.Resources, managed image, disk and snapshot routes (their swagger is not in ../shared).
 */
import type { ApiVersionFamily } from './api-versions.js';
import { specOperations } from './generated/operations.js';
import { desktopRoutes } from './desktop/desktop-routes.js';
import { sessionHostManagementRoutes } from './desktop/session-host-management-routes.js';
import { virtualMachineWriteRoutes } from './handlers/virtual-machine-writes.js';

export type HandlerKey =
  | 'galleries' | 'galleryImages' | 'galleryImageVersions' | 'galleryApplications' | 'skus'
  | 'resourceGroups' | 'locations' | 'images' | 'disks' | 'snapshots'
  | 'capsOperations' | 'operationResults' | 'scaleSets' | 'scaleSetVms' | 'imageTemplates'
  | 'policyDefinitions' | 'policyAssignments' | 'virtualMachines'
  | 'subscriptions' | 'tenants' | 'providers' | 'genericResources' | 'roleAssignments' | 'roleDefinitions'
  | 'hostPools' | 'sessionHosts' | 'userSessions' | 'sessionHostConfigurations' | 'sessionHostManagements';

export interface Route {
  method: string;
  path: string;
  operationId: string;
  family: ApiVersionFamily;
  handler: HandlerKey;
  longRunning: boolean;
  pageable: boolean;
}

const familyByOperation: Record<string, [ApiVersionFamily, HandlerKey]> = {
  Galleries: ['Microsoft.Compute/galleries', 'galleries'],
  GalleryImages: ['Microsoft.Compute/galleries', 'galleryImages'],
  GalleryImageVersions: ['Microsoft.Compute/galleries', 'galleryImageVersions'],
  GalleryApplications: ['Microsoft.Compute/galleries', 'galleryApplications'],
  ResourceSkus: ['Microsoft.Compute/skus', 'skus'],
};

const generated: Route[] = specOperations.map((op) => {
  const group = op.operationId.split('_')[0] ?? '';
  const entry = familyByOperation[group];
  if (!entry) throw new Error(`route-table: no handler for generated operation ${op.operationId}`);
  return {
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    family: entry[0],
    handler: entry[1],
    longRunning: op.longRunning,
    pageable: op.pageable,
  };
});

const sub = '/subscriptions/{subscriptionId}';
const rg = `${sub}/resourcegroups/{resourceGroupName}`;
const compute = `${rg}/providers/Microsoft.Compute`;

function crud(name: string, path: string, family: ApiVersionFamily, handler: HandlerKey, listPath: string): Route[] {
  const r = (method: string, p: string, op: string, longRunning: boolean, pageable = false): Route => ({
    method, path: p, operationId: `${name}_${op}`, family, handler, longRunning, pageable,
  });
  return [
    r('GET', listPath, 'ListByResourceGroup', false, true),
    r('GET', path, 'Get', false),
    r('PUT', path, 'CreateOrUpdate', true),
    r('PATCH', path, 'Update', true),
    r('DELETE', path, 'Delete', true),
  ];
}

const handWritten: Route[] = [
  { method: 'GET', path: `${sub}/resourcegroups`, operationId: 'ResourceGroups_List', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: true },
  { method: 'GET', path: rg, operationId: 'ResourceGroups_Get', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
  { method: 'HEAD', path: rg, operationId: 'ResourceGroups_CheckExistence', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
  { method: 'PUT', path: rg, operationId: 'ResourceGroups_CreateOrUpdate', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
  { method: 'PATCH', path: rg, operationId: 'ResourceGroups_Update', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: false, pageable: false },
  { method: 'DELETE', path: rg, operationId: 'ResourceGroups_Delete', family: 'Microsoft.Resources/resourceGroups', handler: 'resourceGroups', longRunning: true, pageable: false },
  { method: 'GET', path: `${sub}/operationresults/{operationId}`, operationId: 'OperationResults_Get', family: 'Microsoft.Resources/operationResults', handler: 'operationResults', longRunning: false, pageable: false },
  { method: 'GET', path: `${sub}/locations`, operationId: 'Subscriptions_ListLocations', family: 'Microsoft.Resources/locations', handler: 'locations', longRunning: false, pageable: false },
  { method: 'GET', path: `${sub}/providers/Microsoft.Compute/locations/{location}/capsOperations/{operationId}`, operationId: 'CapsOperations_Get', family: 'Microsoft.Compute/locations/capsOperations', handler: 'capsOperations', longRunning: false, pageable: false },
  ...crud('Images', `${compute}/images/{imageName}`, 'Microsoft.Compute/images', 'images', `${compute}/images`),
  { method: 'GET', path: `${sub}/providers/Microsoft.Compute/images`, operationId: 'Images_List', family: 'Microsoft.Compute/images', handler: 'images', longRunning: false, pageable: true },
  ...crud('Disks', `${compute}/disks/{diskName}`, 'Microsoft.Compute/disks', 'disks', `${compute}/disks`),
  ...crud('Snapshots', `${compute}/snapshots/{snapshotName}`, 'Microsoft.Compute/disks', 'snapshots', `${compute}/snapshots`),
];

const vmssFamily: ApiVersionFamily = 'Microsoft.Compute/virtualMachineScaleSets';
const vmss = `${compute}/virtualMachineScaleSets/{vmScaleSetName}`;
/** Scale sets and their VMs / rolling upgrades (issue 5), as @azure/arm-compute 25.x sends them. */
const scaleSetRoutes: Route[] = [
  ...crud('VirtualMachineScaleSets', vmss, vmssFamily, 'scaleSets', `${compute}/virtualMachineScaleSets`).map((r) =>
    r.operationId.endsWith('_ListByResourceGroup') ? { ...r, operationId: 'VirtualMachineScaleSets_List' } : r),
  { method: 'GET', path: `${sub}/providers/Microsoft.Compute/virtualMachineScaleSets`, operationId: 'VirtualMachineScaleSets_ListAll', family: vmssFamily, handler: 'scaleSets', longRunning: false, pageable: true },
  { method: 'POST', path: `${vmss}/manualupgrade`, operationId: 'VirtualMachineScaleSets_UpdateInstances', family: vmssFamily, handler: 'scaleSets', longRunning: true, pageable: false },
  { method: 'POST', path: `${vmss}/reimage`, operationId: 'VirtualMachineScaleSets_Reimage', family: vmssFamily, handler: 'scaleSets', longRunning: true, pageable: false },
  { method: 'POST', path: `${vmss}/reimageall`, operationId: 'VirtualMachineScaleSets_ReimageAll', family: vmssFamily, handler: 'scaleSets', longRunning: true, pageable: false },
  { method: 'GET', path: `${compute}/virtualMachineScaleSets/{virtualMachineScaleSetName}/virtualMachines`, operationId: 'VirtualMachineScaleSetVMs_List', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: true },
  { method: 'GET', path: `${vmss}/virtualMachines/{instanceId}`, operationId: 'VirtualMachineScaleSetVMs_Get', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: false },
  { method: 'GET', path: `${vmss}/virtualMachines/{instanceId}/instanceView`, operationId: 'VirtualMachineScaleSetVMs_GetInstanceView', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: false },
  { method: 'GET', path: `${vmss}/skus`, operationId: 'VirtualMachineScaleSets_ListSkus', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: true },
  { method: 'GET', path: `${vmss}/rollingUpgrades/latest`, operationId: 'VirtualMachineScaleSetRollingUpgrades_GetLatest', family: vmssFamily, handler: 'scaleSetVms', longRunning: false, pageable: false },
  { method: 'POST', path: `${vmss}/rollingUpgrades/cancel`, operationId: 'VirtualMachineScaleSetRollingUpgrades_Cancel', family: vmssFamily, handler: 'scaleSetVms', longRunning: true, pageable: false },
  { method: 'POST', path: `${vmss}/osRollingUpgrade`, operationId: 'VirtualMachineScaleSetRollingUpgrades_StartOSUpgrade', family: vmssFamily, handler: 'scaleSetVms', longRunning: true, pageable: false },
];

const aibFamily: ApiVersionFamily = 'Microsoft.VirtualMachineImages/imageTemplates';
const aib = `${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates`;
/** Azure Image Builder templates (issue 8), as @azure/arm-imagebuilder 5.x sends them. */
const imageTemplateRoutes: Route[] = [
  ...crud('VirtualMachineImageTemplates', `${aib}/{imageTemplateName}`, aibFamily, 'imageTemplates', aib).filter((r) => r.method !== 'PATCH'),
  { method: 'GET', path: `${sub}/providers/Microsoft.VirtualMachineImages/imageTemplates`, operationId: 'VirtualMachineImageTemplates_List', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: true },
  { method: 'POST', path: `${aib}/{imageTemplateName}/run`, operationId: 'VirtualMachineImageTemplates_Run', family: aibFamily, handler: 'imageTemplates', longRunning: true, pageable: false },
  { method: 'POST', path: `${aib}/{imageTemplateName}/cancel`, operationId: 'VirtualMachineImageTemplates_Cancel', family: aibFamily, handler: 'imageTemplates', longRunning: true, pageable: false },
  { method: 'GET', path: `${aib}/{imageTemplateName}/runOutputs`, operationId: 'VirtualMachineImageTemplates_ListRunOutputs', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: true },
  { method: 'GET', path: `${aib}/{imageTemplateName}/runOutputs/{runOutputName}`, operationId: 'VirtualMachineImageTemplates_GetRunOutput', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: false },
  { method: 'GET', path: `${sub}/providers/Microsoft.VirtualMachineImages/locations/{location}/operations/{operationId}`, operationId: 'VirtualMachineImages_OperationStatus', family: aibFamily, handler: 'imageTemplates', longRunning: false, pageable: false },
];


const authz = `${sub}/providers/Microsoft.Authorization`;
const defFamily: ApiVersionFamily = 'Microsoft.Authorization/policyDefinitions';
const asgFamily: ApiVersionFamily = 'Microsoft.Authorization/policyAssignments';
const vmFamily: ApiVersionFamily = 'Microsoft.Compute/virtualMachines';
const simple = (method: string, path: string, operationId: string, family: ApiVersionFamily, handler: HandlerKey, pageable = false): Route => ({
  method, path, operationId, family, handler, longRunning: false, pageable,
});
/** Azure Policy as @azure/arm-policy 6.x sends it, and read-only VM listing (issue 10: policy, retire, inventory). */
const governanceRoutes: Route[] = [
  simple('GET', `${authz}/policyDefinitions`, 'PolicyDefinitions_List', defFamily, 'policyDefinitions', true),
  simple('GET', `${authz}/policyDefinitions/{policyDefinitionName}`, 'PolicyDefinitions_Get', defFamily, 'policyDefinitions'),
  simple('PUT', `${authz}/policyDefinitions/{policyDefinitionName}`, 'PolicyDefinitions_CreateOrUpdate', defFamily, 'policyDefinitions'),
  simple('DELETE', `${authz}/policyDefinitions/{policyDefinitionName}`, 'PolicyDefinitions_Delete', defFamily, 'policyDefinitions'),
  ...[authz, `${rg}/providers/Microsoft.Authorization`].flatMap((scope) => [
    simple('GET', `${scope}/policyAssignments/{policyAssignmentName}`, 'PolicyAssignments_Get', asgFamily, 'policyAssignments'),
    simple('PUT', `${scope}/policyAssignments/{policyAssignmentName}`, 'PolicyAssignments_Create', asgFamily, 'policyAssignments'),
    simple('DELETE', `${scope}/policyAssignments/{policyAssignmentName}`, 'PolicyAssignments_Delete', asgFamily, 'policyAssignments'),
  ]),
  simple('GET', `${sub}/providers/Microsoft.Compute/virtualMachines`, 'VirtualMachines_ListAll', vmFamily, 'virtualMachines', true),
  simple('GET', `${compute}/virtualMachines`, 'VirtualMachines_List', vmFamily, 'virtualMachines', true),
  simple('GET', `${compute}/virtualMachines/{vmName}`, 'VirtualMachines_Get', vmFamily, 'virtualMachines'),
  simple('GET', `${compute}/virtualMachines/{vmName}/instanceView`, 'VirtualMachines_InstanceView', vmFamily, 'virtualMachines'),
];

const subFamily: ApiVersionFamily = 'Microsoft.Resources/subscriptions';
// Resource scopes one to three types deep (a gallery, its image definitions, their versions; scale sets; vaults).
const resourceScope = (depth: number) =>
  `${rg}/providers/{resourceProviderNamespace}` + Array.from({ length: depth }, (_, i) => `/{type${i}}/{name${i}}`).join('');
const rbacScopes = [sub, rg, resourceScope(1), resourceScope(2), resourceScope(3)].map((scope) => `${scope}/providers/Microsoft.Authorization`);
/**
 * What a client needs before it touches a resource (issue 13): sign-in reads (subscriptions, tenants), provider
 * registration info, the generic resource list, and role assignments / role definitions at subscription and group scope.
 */
const armBasicsRoutes: Route[] = [
  simple('GET', '/subscriptions', 'Subscriptions_List', subFamily, 'subscriptions', true),
  simple('GET', sub, 'Subscriptions_Get', subFamily, 'subscriptions'),
  simple('GET', '/tenants', 'Tenants_List', 'Microsoft.Resources/tenants', 'tenants', true),
  simple('GET', `${sub}/providers`, 'Providers_List', 'Microsoft.Resources/providers', 'providers', true),
  simple('GET', `${sub}/providers/{resourceProviderNamespace}`, 'Providers_Get', 'Microsoft.Resources/providers', 'providers'),
  simple('GET', `${sub}/resources`, 'Resources_List', 'Microsoft.Resources/resources', 'genericResources', true),
  simple('GET', `${rg}/resources`, 'Resources_ListByResourceGroup', 'Microsoft.Resources/resources', 'genericResources', true),
  ...rbacScopes.flatMap((scope) => [
    simple('GET', `${scope}/roleAssignments`, 'RoleAssignments_ListForScope', 'Microsoft.Authorization/roleAssignments', 'roleAssignments', true),
    simple('GET', `${scope}/roleAssignments/{roleAssignmentName}`, 'RoleAssignments_Get', 'Microsoft.Authorization/roleAssignments', 'roleAssignments'),
    simple('PUT', `${scope}/roleAssignments/{roleAssignmentName}`, 'RoleAssignments_Create', 'Microsoft.Authorization/roleAssignments', 'roleAssignments'),
    simple('DELETE', `${scope}/roleAssignments/{roleAssignmentName}`, 'RoleAssignments_Delete', 'Microsoft.Authorization/roleAssignments', 'roleAssignments'),
    simple('GET', `${scope}/roleDefinitions`, 'RoleDefinitions_List', 'Microsoft.Authorization/roleDefinitions', 'roleDefinitions', true),
    simple('GET', `${scope}/roleDefinitions/{roleDefinitionId}`, 'RoleDefinitions_Get', 'Microsoft.Authorization/roleDefinitions', 'roleDefinitions'),
    simple('PUT', `${scope}/roleDefinitions/{roleDefinitionId}`, 'RoleDefinitions_CreateOrUpdate', 'Microsoft.Authorization/roleDefinitions', 'roleDefinitions'),
    simple('DELETE', `${scope}/roleDefinitions/{roleDefinitionId}`, 'RoleDefinitions_Delete', 'Microsoft.Authorization/roleDefinitions', 'roleDefinitions'),
  ]),
  simple('GET', '/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}', 'RoleDefinitions_GetById', 'Microsoft.Authorization/roleDefinitions', 'roleDefinitions'),
];

/**
 * Reads ARM answers for any signed-in principal of the tenant (filtered or 404, never 403): the subscription list,
 * tenants, and a subscription by id (SubscriptionNotFound for one the emulator does not hold).
 */
export const tenantLevelOperations: ReadonlySet<string> = new Set(['Subscriptions_List', 'Subscriptions_Get', 'Tenants_List']);

export const routes: readonly Route[] = [...generated, ...handWritten, ...scaleSetRoutes, ...imageTemplateRoutes, ...governanceRoutes, ...armBasicsRoutes, ...virtualMachineWriteRoutes, ...desktopRoutes, ...sessionHostManagementRoutes];
