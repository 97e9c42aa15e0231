import type { ComputeManagementClient } from '@azure/arm-compute';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints } from './clouds.js';

/** One credential and one cloud, from which every Azure client of a step is built. */
export interface AzureContext {
  subscriptionId: string;
  cloud: CloudEndpoints;
  credential: TokenCredential;
  /** Lazily built Microsoft.Compute client, with the project's retry and user-agent settings. */
  compute(): ComputeManagementClient;
  /** Lazily built resource groups / generic resources client, same settings. */
  resources(): ResourceManagementClient;
  /** Lazily built subscriptions client (location lists for region-name checks), same settings. */
  subscriptions(): SubscriptionClient;
}
