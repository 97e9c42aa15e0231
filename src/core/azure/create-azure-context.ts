import { ComputeManagementClient } from '@azure/arm-compute';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { defaultRetryOptions, userAgent } from './arm-client-options.js';
import { armErrorCapturePolicy } from './arm-error-capture.js';
import { createArmPacingPolicy } from './arm-pacing-policy.js';
import type { AzureContext } from './azure-context.js';
import { armScope, type CloudEndpoints } from './clouds.js';

export interface CreateAzureContextOptions {
  credential: TokenCredential;
  cloud: CloudEndpoints;
  subscriptionId: string;
  /** Prepended to `image-publish/<version>` (e.g. `github-action/publish`). */
  userAgentPrefix?: string;
  /** Overrides of the retry settings (tests shorten the delays). */
  retryOptions?: PipelineRetryOptions;
}

/** Builds the AzureContext of a step: one credential, one cloud, SDK clients created on first use. */
export function createAzureContext(opts: CreateAzureContextOptions): AzureContext {
  const subscriptionId = opts.subscriptionId?.trim();
  if (!subscriptionId) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      'subscription-id is required: set it to the GUID of the subscription that holds the gallery.',
    );
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subscriptionId)) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `subscription-id '${subscriptionId}' is not a GUID. Use the subscription ID (az account show --query id), not its name.`,
    );
  }
  const { cloud, credential } = opts;
  const endpoint = cloud.armEndpoint.replace(/\/+$/, '');
  const scopes = [armScope(cloud)];
  const retryOptions = { ...defaultRetryOptions, ...opts.retryOptions };
  const userAgentOptions = { userAgentPrefix: userAgent(opts.userAgentPrefix) };
  // perCall sits outside the retry policy, so it sees the final response once retries are spent.
  // perRetry: every attempt, a retry after a 429 included, waits while the subscription's bucket is low.
  const additionalPolicies = [
    { policy: armErrorCapturePolicy, position: 'perCall' as const },
    { policy: createArmPacingPolicy(), position: 'perRetry' as const },
  ];

  let compute: ComputeManagementClient | undefined;
  let resources: ResourceManagementClient | undefined;
  let subscriptions: SubscriptionClient | undefined;
  return {
    subscriptionId,
    cloud,
    credential,
    compute: () =>
      (compute ??= new ComputeManagementClient(credential, subscriptionId, {
        endpoint,
        credentials: { scopes },
        retryOptions,
        userAgentOptions,
        additionalPolicies,
      })),
    resources: () =>
      (resources ??= new ResourceManagementClient(credential, subscriptionId, {
        endpoint,
        credentialScopes: scopes,
        retryOptions,
        userAgentOptions,
        additionalPolicies,
      })),
    subscriptions: () =>
      (subscriptions ??= new SubscriptionClient(credential, {
        endpoint,
        credentialScopes: scopes,
        retryOptions,
        userAgentOptions,
        additionalPolicies,
      })),
  };
}
