import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { AzureError, ErrorCodes } from '../errors.js';
import type { CloudEndpoints } from './clouds.js';

/**
 * MSAL reports an unreachable or untrusted authority as a bare "endpoints_resolution_error" without the host
 * or the network cause. This wrapper knows the cloud, so it turns that into a message naming the authority
 * host and what to check. Every other error passes through unchanged for toImagePublishError.
 */
export class AuthorityAwareCredential implements TokenCredential {
  constructor(
    readonly inner: TokenCredential,
    private readonly cloud: CloudEndpoints,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    try {
      return await this.inner.getToken(scopes, options);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      if (/endpoints_resolution_error|network_error|ENOTFOUND|ECONNREFUSED|ECONNRESET|EAI_AGAIN/i.test(text)) {
        throw new AzureError(
          ErrorCodes.azureUnavailable,
          `signing in: cannot reach the Entra authority ${this.cloud.authorityHost} (its OpenID metadata could not be fetched: ` +
            `${text.split(':')[0]}). Check authority-host and cloud, the runner's DNS, proxy and firewall, and for a ` +
            'private endpoint or the emulator, that NODE_EXTRA_CA_CERTS names its CA file.',
          { cause: err },
        );
      }
      throw err;
    }
  }
}
