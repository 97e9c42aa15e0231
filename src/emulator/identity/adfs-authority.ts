/**
 * An AD FS-style authority at `/adfs` (as Azure Stack Hub deployments publish it). MSAL skips public instance
 * discovery only for an authority whose path is `/adfs` (msal/authority.py), so this is how an unmodified `az`
 * (`az cloud register --endpoint-active-directory <emulator>/adfs`) signs in without reaching login.microsoftonline.com.
 * Tokens come from the emulator's single tenant, so ARM accepts them as it accepts Entra tokens (docs/emulator-deviations.md).
 */
export const adfsPathPrefix = '/adfs';

/** The endpoints of `/adfs` on this origin, in AD FS's spelling (trailing slash on the OAuth endpoints). */
export function adfsEndpoints(issuerBaseUrl: string): { issuer: string; token: string; authorize: string; jwks: string } {
  const base = `${issuerBaseUrl}${adfsPathPrefix}`;
  return { issuer: base, token: `${base}/oauth2/token/`, authorize: `${base}/oauth2/authorize/`, jwks: `${base}/discovery/keys` };
}

/** `/adfs/.well-known/openid-configuration`, with the members AD FS 2016+ publishes. */
export function adfsOpenIdConfiguration(issuerBaseUrl: string): Record<string, unknown> {
  const e = adfsEndpoints(issuerBaseUrl);
  return {
    issuer: e.issuer,
    authorization_endpoint: e.authorize,
    token_endpoint: e.token,
    jwks_uri: e.jwks,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt', 'windows_client_authentication'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token', 'code token', 'code id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'implicit', 'password', 'srv_challenge', 'urn:ietf:params:oauth:grant-type:device_code', 'device_code'],
    subject_types_supported: ['pairwise'],
    scopes_supported: ['allatclaims', 'email', 'user_impersonation', 'logon_cert', 'aza', 'profile', 'vpn_cert', 'winhello_cert', 'openid'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    access_token_issuer: `${e.issuer}/services/trust`,
    claims_supported: ['aud', 'iss', 'iat', 'exp', 'auth_time', 'nonce', 'at_hash', 'c_hash', 'sub', 'upn', 'unique_name', 'pwd_url', 'pwd_exp', 'mfa_auth_time', 'sid', 'nbf'],
    microsoft_multi_refresh_token: true,
    userinfo_endpoint: `${e.issuer}/userinfo`,
    capabilities: [],
    end_session_endpoint: `${e.issuer}/oauth2/logout`,
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
  };
}

/** Which `/adfs` route a path names, if any (trailing slashes as AD FS accepts them). */
export function adfsRoute(pathname: string): 'openid-configuration' | 'token' | 'keys' | undefined {
  const p = pathname.replace(/\/+$/, '').toLowerCase();
  if (p === '/adfs/.well-known/openid-configuration') return 'openid-configuration';
  if (p === '/adfs/oauth2/token') return 'token';
  if (p === '/adfs/discovery/keys') return 'keys';
  return undefined;
}
