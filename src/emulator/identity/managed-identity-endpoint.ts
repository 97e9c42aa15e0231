/**
 * A managed identity endpoint for an emulated Azure host (e.g. the VM of a self-hosted agent), speaking App Service's
 * protocol (api-version 2019-08-01): `GET IDENTITY_ENDPOINT?resource=..&api-version=..[&client_id=|object_id=]` with
 * the `X-IDENTITY-HEADER` secret. It is the one ManagedIdentityCredential source whose URL comes from the environment
 * (IMDS is fixed at 169.254.169.254 over plain HTTP), so the real SDK can reach it over HTTPS on localhost.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issueAppAccessToken } from './app-access-token.js';
import { sendJson } from './http-json.js';
import type {
  ManagedIdentityAssignment,
  ManagedIdentityHostGrant,
  ManagedIdentityHostRegistration,
  RegisteredServicePrincipal,
  ServicePrincipalRegistration,
} from './identity-types.js';
import type { SigningKey } from './signing-key.js';

export const managedIdentityPathPrefix = '/managed-identity';
const hostRoute = /^\/([0-9a-f-]{36})\/msi\/token$/;
const supportedApiVersions = ['2019-08-01'];

export interface ManagedIdentityEndpointOptions {
  issuerBaseUrl: string;
  tenantId: string;
  /** `iss` of minted access tokens (the tenant's v2 issuer). */
  issuer: string;
  authority: string;
  resources: () => string[];
  accessTokenLifetimeSeconds: () => number;
  key: SigningKey;
  now: () => number;
  /** Adds a principal to the tenant's directory (the service principal registry). */
  register: (registration: ServicePrincipalRegistration) => RegisteredServicePrincipal;
}

export interface ManagedIdentityEndpoint {
  grant(registration: ManagedIdentityHostRegistration): ManagedIdentityHostGrant;
  /** Serves `/managed-identity/{hostId}/msi/token`; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

interface Host {
  header: Buffer;
  systemAssigned?: RegisteredServicePrincipal;
  userAssigned: RegisteredServicePrincipal[];
}

/** App Service's error shape: MSAL reads `message` as the error description. */
function fail(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { statusCode: status, message, correlationId: randomUUID() });
}

function headerMatches(expected: Buffer, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const b = Buffer.from(given);
  return b.length === expected.length && timingSafeEqual(b, expected);
}

/** Picks the identity a request names, or the system-assigned one; a message when there is none. */
function selectIdentity(host: Host, query: URLSearchParams): RegisteredServicePrincipal | string {
  const clientId = query.get('client_id');
  const objectId = query.get('object_id');
  if (query.get('mi_res_id')) return 'Selecting a managed identity by resource id (mi_res_id) is not supported by the emulator; use client_id.';
  if (clientId) {
    return host.userAssigned.find((p) => p.clientId.toLowerCase() === clientId.toLowerCase()) ??
      `No user-assigned managed identity with client_id '${clientId}' is assigned to this host. Assign it, or fix the client id.`;
  }
  if (objectId) {
    return host.userAssigned.find((p) => p.objectId.toLowerCase() === objectId.toLowerCase()) ??
      `No user-assigned managed identity with object_id '${objectId}' is assigned to this host.`;
  }
  return host.systemAssigned ??
    'This host has no system-assigned managed identity. Enable it, or pass the client id of a user-assigned identity.';
}

function register(opts: ManagedIdentityEndpointOptions, a: ManagedIdentityAssignment): RegisteredServicePrincipal {
  // The registry issues a secret to credential-less principals; a managed identity has none, so it is dropped here.
  const { displayName, clientId, objectId } = opts.register({ displayName: a.displayName, ...(a.clientId ? { clientId: a.clientId } : {}), ...(a.objectId ? { objectId: a.objectId } : {}) });
  return { displayName, clientId, objectId };
}

/** Creates the endpoint; hosts are added with grant(). */
export function createManagedIdentityEndpoint(opts: ManagedIdentityEndpointOptions): ManagedIdentityEndpoint {
  const hosts = new Map<string, Host>();

  async function token(req: IncomingMessage, res: ServerResponse, url: URL, host: Host): Promise<void> {
    if (req.method !== 'GET') return fail(res, 405, `The managed identity endpoint answers GET, not ${req.method ?? ''}.`);
    if (!headerMatches(host.header, req.headers['x-identity-header'])) {
      return fail(res, 401, 'The X-IDENTITY-HEADER header is missing or wrong: send the value of the IDENTITY_HEADER environment variable.');
    }
    const apiVersion = url.searchParams.get('api-version') ?? '';
    if (!supportedApiVersions.includes(apiVersion)) {
      return fail(res, 400, `api-version '${apiVersion}' is not supported; use ${supportedApiVersions.join(', ')}.`);
    }
    const requested = (url.searchParams.get('resource') ?? '').replace(/\/+$/, '').toLowerCase();
    const resource = opts.resources().find((r) => r.replace(/\/+$/, '').toLowerCase() === requested);
    if (!resource) return fail(res, 400, `Resource '${url.searchParams.get('resource') ?? ''}' is not a resource of tenant '${opts.tenantId}'.`);
    const identity = selectIdentity(host, url.searchParams);
    if (typeof identity === 'string') return fail(res, 400, identity);

    const { accessToken, expiresOn } = await issueAppAccessToken(opts, {
      clientId: identity.clientId,
      objectId: identity.objectId,
      resource,
      appidacr: '2',
      nowMs: opts.now(),
      lifetimeSeconds: opts.accessTokenLifetimeSeconds(),
    });
    // App Service sends expires_on as a string of epoch seconds.
    sendJson(res, 200, { access_token: accessToken, expires_on: String(expiresOn), resource, token_type: 'Bearer', client_id: identity.clientId });
  }

  return {
    grant(registration) {
      if (!registration.systemAssigned && !(registration.userAssigned ?? []).length) {
        throw new Error('grantManagedIdentityHost: assign a systemAssigned identity, at least one userAssigned identity, or both.');
      }
      const hostId = randomUUID();
      const header = randomBytes(24).toString('base64url');
      const host: Host = {
        header: Buffer.from(header),
        ...(registration.systemAssigned ? { systemAssigned: register(opts, registration.systemAssigned) } : {}),
        userAssigned: (registration.userAssigned ?? []).map((a) => register(opts, a)),
      };
      hosts.set(hostId, host);
      return {
        identityEndpoint: `${opts.issuerBaseUrl}${managedIdentityPathPrefix}/${hostId}/msi/token`,
        identityHeader: header,
        ...(host.systemAssigned ? { systemAssigned: host.systemAssigned } : {}),
        userAssigned: host.userAssigned,
      };
    },
    async handle(req, res, url) {
      const match = hostRoute.exec(url.pathname.slice(managedIdentityPathPrefix.length));
      if (!match) return false;
      const host = hosts.get(match[1] ?? '');
      if (!host) fail(res, 404, 'No managed identity host at this IDENTITY_ENDPOINT: grant one with grantManagedIdentityHost.');
      else await token(req, res, url, host);
      return true;
    },
  };
}
