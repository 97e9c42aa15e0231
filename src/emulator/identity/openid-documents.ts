/** OpenID discovery documents for the emulated Entra tenant, shaped like login.microsoftonline.com's. */

/** Endpoints of the emulated tenant, derived from the emulator origin. */
export interface TenantEndpoints {
  authority: string;
  issuerV2: string;
  tokenV2: string;
  tokenV1: string;
  jwksV2: string;
  jwksV1: string;
}

/** Endpoint URLs for `tenantId` on `issuerBaseUrl` (no trailing slash). */
export function tenantEndpoints(issuerBaseUrl: string, tenantId: string): TenantEndpoints {
  const authority = `${issuerBaseUrl}/${tenantId}`;
  return {
    authority,
    issuerV2: `${authority}/v2.0`,
    tokenV2: `${authority}/oauth2/v2.0/token`,
    tokenV1: `${authority}/oauth2/token`,
    jwksV2: `${authority}/discovery/v2.0/keys`,
    jwksV1: `${authority}/discovery/keys`,
  };
}

/** `/{tenant}/v2.0/.well-known/openid-configuration`: MSAL requires authorization_endpoint, token_endpoint, issuer, jwks_uri. */
export function openIdConfigurationV2(e: TenantEndpoints, host: string): Record<string, unknown> {
  return {
    token_endpoint: e.tokenV2,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: e.jwksV2,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // MSAL accepts an issuer on the authority's own origin, which this is.
    issuer: e.issuerV2,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${e.authority}/openid/userinfo`,
    authorization_endpoint: `${e.authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${e.authority}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${e.authority}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'azp', 'appid', 'ver'],
    kerberos_endpoint: `${e.authority}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: host,
    cloud_graph_host_name: host,
    msgraph_host: host,
    rbac_url: `https://${host}`,
  };
}

/** `/{tenant}/.well-known/openid-configuration` (v1 endpoints), for clients that still use them. */
export function openIdConfigurationV1(e: TenantEndpoints, host: string): Record<string, unknown> {
  return {
    ...openIdConfigurationV2(e, host),
    token_endpoint: e.tokenV1,
    jwks_uri: e.jwksV1,
    authorization_endpoint: `${e.authority}/oauth2/authorize`,
    end_session_endpoint: `${e.authority}/oauth2/logout`,
    issuer: `${e.authority}/`,
  };
}
