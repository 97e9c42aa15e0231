/**
 * The emulator's identity: an Entra-compatible authority (discovery, JWKS, client_credentials token endpoint),
 * GitHub-Actions- and Azure-DevOps-compatible OIDC issuers, a managed identity endpoint, and ARM bearer-token validation. Mounted by the emulator server through handle().
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWTVerifyGetKey } from 'jose';
import { authenticateArmRequest, type ArmAuthenticationOptions } from './arm-authentication.js';
import { adfsOpenIdConfiguration, adfsRoute } from './adfs-authority.js';
import { graphGetByIdsPath, handleGraphGetByIds } from './graph-directory-objects.js';
import { azureDevopsPathPrefix, createAzureDevopsOidc } from './azure-devops-oidc.js';
import type { ClientAuthenticationContext } from './client-authentication.js';
import { entraErrorBody, type EntraError } from './entra-errors.js';
import { createGithubOidcIssuer, githubOidcPathPrefix } from './github-oidc-issuer.js';
import { sendJson } from './http-json.js';
import type { IdentityService } from './identity-types.js';
import { createManagedIdentityEndpoint, managedIdentityPathPrefix } from './managed-identity-endpoint.js';
import { discoveredIssuerKeys } from './remote-issuer-keys.js';
import { openIdConfigurationV1, openIdConfigurationV2, tenantEndpoints } from './openid-documents.js';
import { createServicePrincipalRegistry } from './service-principals.js';
import { createSigningKey } from './signing-key.js';
import { handleTokenRequest } from './token-endpoint.js';

export type * from './identity-types.js';

export interface IdentityServiceOptions {
  /** The emulator's https origin without trailing slash, e.g. https://localhost:8443. */
  issuerBaseUrl: string;
  tenantId: string;
  /** Audience ARM tokens must carry, e.g. https://management.azure.com/. */
  armAudience: string;
  now: () => number;
  /** Access token lifetime; default one hour as Entra's. Short values let tests reach expiry. */
  accessTokenLifetimeSeconds?: number;
  /**
   * Emulated ms per real ms. Clients count a token's `expires_in` in real seconds, so with a faster clock the token
   * must also live that many times longer in emulated time, or a one-hour token would expire after 36 real seconds
   * at x100 while the client still holds it as fresh.
   */
  clockSpeed?: () => number;
  /** Extra resources tokens may be requested for (besides ARM, Key Vault and Storage). */
  extraResources?: string[];
}

/** Resources Entra would know in any tenant, in the spelling it puts into `aud`. */
const wellKnownResources = ['https://management.azure.com/', 'https://management.core.windows.net/', 'https://vault.azure.net', 'https://storage.azure.com'];

const tenantRoute = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|oauth2\/v2\.0\/token|oauth2\/token|discovery\/v2\.0\/keys|discovery\/keys)$/;

/** Creates the identity service; keys are generated here, so await it once at emulator start. */
export async function createIdentityService(opts: IdentityServiceOptions): Promise<IdentityService> {
  const [tenantKey, githubKey, azureDevopsKey] = await Promise.all([createSigningKey(), createSigningKey(), createSigningKey()]);
  const endpoints = tenantEndpoints(opts.issuerBaseUrl, opts.tenantId);
  const host = new URL(opts.issuerBaseUrl).host;
  const registry = createServicePrincipalRegistry();
  const github = createGithubOidcIssuer(opts.issuerBaseUrl, githubKey, opts.now);
  const azureDevops = createAzureDevopsOidc(opts.issuerBaseUrl, azureDevopsKey, opts.now);
  const remoteKeySets = new Map<string, JWTVerifyGetKey>();

  const client: ClientAuthenticationContext = {
    tenantId: opts.tenantId,
    registry,
    now: opts.now,
    assertionAudiences: [endpoints.tokenV2, endpoints.tokenV1, endpoints.issuerV2, `${endpoints.authority}/`],
    issuerKeys(issuer) {
      if (issuer === github.issuer) return githubKey.publicKey;
      if (azureDevops.ownsIssuer(issuer)) return azureDevopsKey.publicKey;
      // Any other issuer (e.g. token.actions.githubusercontent.com) is trusted through its published keys, as Entra does.
      let keys = remoteKeySets.get(issuer);
      if (!keys) {
        keys = discoveredIssuerKeys(issuer);
        remoteKeySets.set(issuer, keys);
      }
      return keys;
    },
  };
  const lifetime = opts.accessTokenLifetimeSeconds ?? 3600;
  const tokenOptions = {
    tenantId: opts.tenantId,
    issuer: endpoints.issuerV2,
    authority: endpoints.authority,
    // The emulator's own origin is a resource too: it is the cloud's Microsoft Graph host.
    resources: () => [...new Set([...wellKnownResources, opts.armAudience, `${opts.issuerBaseUrl}/`, ...(opts.extraResources ?? [])])],
    accessTokenLifetimeSeconds: () => lifetime,
    emulatedLifetimeSeconds: () => lifetime * Math.max(1, opts.clockSpeed?.() ?? 1),
    key: tenantKey,
    client,
  };
  const managedIdentity = createManagedIdentityEndpoint({
    issuerBaseUrl: opts.issuerBaseUrl,
    tenantId: opts.tenantId,
    issuer: endpoints.issuerV2,
    authority: endpoints.authority,
    resources: tokenOptions.resources,
    accessTokenLifetimeSeconds: tokenOptions.emulatedLifetimeSeconds,
    key: tenantKey,
    now: opts.now,
    register: (registration) => registry.register(registration),
  });
  const owns = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

  const tenantNotFound = (res: ServerResponse, tenant: string): void => {
    const detail: EntraError = {
      status: 400,
      error: 'invalid_tenant',
      aadsts: 90002,
      message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. The emulator's tenant is '${opts.tenantId}'.`,
    };
    sendJson(res, 400, entraErrorBody(detail, opts.now(), undefined, endpoints.authority));
  };

  const armAuthOptions: ArmAuthenticationOptions = {
    tenantId: opts.tenantId,
    issuer: endpoints.issuerV2,
    armAudience: opts.armAudience,
    authorizationUri: endpoints.authority,
    publicKey: tenantKey.publicKey,
    now: opts.now,
    displayNameOf: (objectId) => registry.byObjectId(objectId)?.displayName,
  };
  return {
    tenantId: opts.tenantId,
    githubIssuer: github.issuer,
    async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean> {
      if (url.pathname === githubOidcPathPrefix || url.pathname.startsWith(`${githubOidcPathPrefix}/`)) {
        return github.handle(req, res, url);
      }
      if (owns(url.pathname, azureDevopsPathPrefix)) return azureDevops.handle(req, res, url);
      if (owns(url.pathname, managedIdentityPathPrefix)) return managedIdentity.handle(req, res, url);
      if (url.pathname.toLowerCase() === graphGetByIdsPath) {
        // The emulator's origin is its Graph resource (cloud metadata microsoftGraphResourceId).
        await handleGraphGetByIds(req, res, body, (h) => authenticateArmRequest({ ...armAuthOptions, audiences: [`${opts.issuerBaseUrl}/`] }, h), () => registry.list());
        return true;
      }
      const adfs = adfsRoute(url.pathname);
      if (adfs === 'openid-configuration') sendJson(res, 200, adfsOpenIdConfiguration(opts.issuerBaseUrl));
      else if (adfs === 'keys') sendJson(res, 200, tenantKey.jwks);
      else if (adfs === 'token') await handleTokenRequest(tokenOptions, req, res, body);
      if (adfs) return true;
      const match = tenantRoute.exec(url.pathname);
      if (!match) return false;
      const [, tenant = '', route = ''] = match;
      if (tenant.toLowerCase() !== opts.tenantId.toLowerCase()) {
        tenantNotFound(res, tenant);
        return true;
      }
      switch (route) {
        case 'v2.0/.well-known/openid-configuration':
          sendJson(res, 200, openIdConfigurationV2(endpoints, host));
          return true;
        case '.well-known/openid-configuration':
          sendJson(res, 200, openIdConfigurationV1(endpoints, host));
          return true;
        case 'discovery/v2.0/keys':
        case 'discovery/keys':
          sendJson(res, 200, tenantKey.jwks);
          return true;
        default:
          await handleTokenRequest(tokenOptions, req, res, body);
          return true;
      }
    },
    authenticate: (header) => authenticateArmRequest(armAuthOptions, header),
    authenticateFor: (header, audience) => authenticateArmRequest({ ...armAuthOptions, audiences: [audience] }, header),
    registerServicePrincipal: (registration) => registry.register(registration),
    listServicePrincipals: () => registry.list(),
    grantGithubRun: (claims) => github.grant(claims),
    grantAzurePipelinesRun: (claims) => azureDevops.grant(claims),
    grantManagedIdentityHost: (registration) => managedIdentity.grant(registration),
  };
}
