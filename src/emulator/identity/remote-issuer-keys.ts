/** Signing keys of a federated issuer found the way Entra finds them: OIDC discovery, then its jwks_uri. */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/** Key lookup for `issuer`; discovery runs on first use and again after a failure. */
export function discoveredIssuerKeys(issuer: string): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(document.jwks_uri));
  };
  return async (header, token) => {
    keySet ??= discover();
    try {
      return await (await keySet)(header, token);
    } catch (error) {
      keySet = undefined;
      throw error;
    }
  };
}
