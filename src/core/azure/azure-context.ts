import type { ComputeManagementClient } from '@azure/arm-compute';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudEndpoints } from './clouds.js';

/** One credential and one cloud, from which every Azure client of a step is built. */
export interface AzureContext {
  subscriptionId: string;
  cloud: CloudEndpoints;
  credential: TokenCredential;
  /** Lazily built Microsoft.Compute client, with the project's retry and user-agent settings. */
  compute(): ComputeManagementClient;
}
