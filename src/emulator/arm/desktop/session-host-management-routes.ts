/**
 * Session host configuration / management routes (issue 19) from desktopvirtualization.json 2026-03-01-preview in
 * ../shared/azure-specs, plus the LRO monitors their responses point to (operationStatuses / operationResults,
 * which the spec names only in example headers).
 */
import type { Route } from '../route-table.js';

const pool = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DesktopVirtualization/hostPools/{hostPoolName}';
const config = `${pool}/sessionHostConfigurations/default`;
const management = `${pool}/sessionHostManagements/default`;

const r = (method: string, path: string, operationId: string, handler: 'sessionHostConfigurations' | 'sessionHostManagements', extra: Partial<Route> = {}): Route => ({
  method, path, operationId, family: 'Microsoft.DesktopVirtualization/hostPools/sessionHostManagements', handler, longRunning: false, pageable: false, ...extra,
});

export const sessionHostManagementRoutes: readonly Route[] = [
  r('GET', `${pool}/sessionHostConfigurations`, 'SessionHostConfigurations_ListByHostPool', 'sessionHostConfigurations', { pageable: true }),
  r('GET', config, 'SessionHostConfigurations_Get', 'sessionHostConfigurations'),
  r('PUT', config, 'SessionHostConfigurations_CreateOrUpdate', 'sessionHostConfigurations', { longRunning: true }),
  r('PATCH', config, 'SessionHostConfigurations_Update', 'sessionHostConfigurations', { longRunning: true }),
  r('GET', `${config}/operationStatuses/{operationId}`, 'SessionHostConfigurations_OperationStatus', 'sessionHostConfigurations'),
  r('GET', `${config}/operationResults/{operationId}`, 'SessionHostConfigurations_OperationResults', 'sessionHostConfigurations'),
  r('GET', `${pool}/sessionHostManagements`, 'SessionHostManagements_ListByHostPool', 'sessionHostManagements', { pageable: true }),
  r('GET', management, 'SessionHostManagements_Get', 'sessionHostManagements'),
  r('PUT', management, 'SessionHostManagements_CreateOrUpdate', 'sessionHostManagements'),
  r('PATCH', management, 'SessionHostManagements_Update', 'sessionHostManagements'),
  r('POST', `${management}/initiateSessionHostUpdate`, 'InitiateSessionHostUpdate_Post', 'sessionHostManagements'),
  r('POST', `${management}/controlSessionHostUpdate`, 'ControlSessionHostUpdate_Post', 'sessionHostManagements', { longRunning: true }),
  r('GET', `${management}/sessionHostUpdateStatuses/default`, 'SessionHostManagementsUpdateStatus_Get', 'sessionHostManagements'),
  r('GET', `${management}/operationResults/{operationId}`, 'SessionHostManagements_OperationResults', 'sessionHostManagements'),
];
