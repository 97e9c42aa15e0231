import { ImageBuilderClient } from '@azure/arm-imagebuilder';
import type { AzureContext } from '../azure/azure-context.js';
import { armErrorCapturePolicy } from '../azure/arm-error-capture.js';
import { armScope } from '../azure/clouds.js';
import { defaultRetryOptions, userAgent } from '../azure/arm-client-options.js';

/** An ImageBuilderClient (Microsoft.VirtualMachineImages) with the project's endpoint, scope, retry and user-agent settings. */
export function imageBuilderClient(azure: AzureContext): ImageBuilderClient {
  return new ImageBuilderClient(azure.credential, azure.subscriptionId, {
    endpoint: azure.cloud.armEndpoint.replace(/\/+$/, ''),
    credentials: { scopes: [armScope(azure.cloud)] },
    retryOptions: defaultRetryOptions,
    userAgentOptions: { userAgentPrefix: userAgent() },
    additionalPolicies: [{ policy: armErrorCapturePolicy, position: 'perCall' }],
  });
}
