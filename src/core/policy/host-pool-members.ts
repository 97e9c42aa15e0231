/** Reads which VMs are session hosts of the given host pools, for the host-pool image policy's parameters. */
import { parseResourceId } from '../azure/resource-id.js';
import type { Logger } from '../logger.js';
import { hostPoolId, type HostPoolClient, type HostPoolRef } from '../rollout/host-pool-client.js';
import type { HostPoolMembers } from './host-pool-policy.js';

const rgId = (subscriptionId: string, resourceGroup: string): string => `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** Lists each pool's session hosts (sorted, deduplicated ids so a re-run writes the same definition). */
export async function hostPoolMembers(client: HostPoolClient, pools: readonly HostPoolRef[], logger: Logger): Promise<HostPoolMembers> {
  const vmIds = new Map<string, string>();
  const groups = new Map<string, string>();
  const addGroup = (id: string): void => {
    if (!groups.has(id.toLowerCase())) groups.set(id.toLowerCase(), id);
  };
  for (const pool of pools) {
    addGroup(rgId(pool.subscriptionId, pool.resourceGroup));
    const hosts = await client.listSessionHosts(pool);
    for (const h of hosts) {
      const vm = parseResourceId(h.vmId);
      if (!vm) continue;
      vmIds.set(vm.id.toLowerCase(), vm.id);
      addGroup(rgId(vm.subscriptionId, vm.resourceGroup));
    }
    logger.info(`Host pool ${pool.name}: ${hosts.length} session host(s)`);
  }
  const sorted = (m: Map<string, string>): string[] => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return { hostPoolIds: pools.map(hostPoolId), vmIds: sorted(vmIds), resourceGroupIds: sorted(groups) };
}
