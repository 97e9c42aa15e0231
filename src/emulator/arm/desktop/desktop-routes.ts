/**
 * Microsoft.DesktopVirtualization routes (issue 19) at api-version 2025-10-10, the newest stable spec in
 * ../shared/azure-specs/specification/desktopvirtualization: host pools (get, list, update), session hosts (get, list,
 * update) and user sessions (get, list, log off = delete, disconnect, sendMessage). None of them is an LRO in the spec.
 */
import type { Route } from '../route-table.js';

const rg = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';
const pools = `${rg}/providers/Microsoft.DesktopVirtualization/hostPools`;
const pool = `${pools}/{hostPoolName}`;
const host = `${pool}/sessionHosts/{sessionHostName}`;
const session = `${host}/userSessions/{userSessionId}`;

const r = (method: string, path: string, operationId: string, handler: Route['handler'], pageable = false): Route => ({
  method, path, operationId, family: 'Microsoft.DesktopVirtualization/hostPools', handler, longRunning: false, pageable,
});

export const desktopRoutes: readonly Route[] = [
  r('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.DesktopVirtualization/hostPools', 'HostPools_List', 'hostPools', true),
  r('GET', pools, 'HostPools_ListByResourceGroup', 'hostPools', true),
  r('GET', pool, 'HostPools_Get', 'hostPools'),
  r('PATCH', pool, 'HostPools_Update', 'hostPools'),
  r('GET', `${pool}/sessionHosts`, 'SessionHosts_List', 'sessionHosts', true),
  r('GET', host, 'SessionHosts_Get', 'sessionHosts'),
  r('PATCH', host, 'SessionHosts_Update', 'sessionHosts'),
  r('GET', `${pool}/userSessions`, 'UserSessions_ListByHostPool', 'userSessions', true),
  r('GET', `${host}/userSessions`, 'UserSessions_List', 'userSessions', true),
  r('GET', session, 'UserSessions_Get', 'userSessions'),
  r('DELETE', session, 'UserSessions_Delete', 'userSessions'),
  r('POST', `${session}/disconnect`, 'UserSessions_Disconnect', 'userSessions'),
  r('POST', `${session}/sendMessage`, 'UserSessions_SendMessage', 'userSessions'),
];
