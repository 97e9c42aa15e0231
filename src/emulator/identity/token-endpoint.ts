/** `POST /{tenant}/oauth2/v2.0/token` (client_credentials): authenticates the client and mints an RS256 access token. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issueAppAccessToken } from './app-access-token.js';
import { authenticateClient, type ClientAuthenticationContext } from './client-authentication.js';
import { entraError, entraErrorBody, EntraRequestError } from './entra-errors.js';
import { sendJson } from './http-json.js';
import type { SigningKey } from './signing-key.js';

export interface TokenEndpointOptions {
  tenantId: string;
  /** Issuer (`iss`) of minted access tokens. */
  issuer: string;
  authority: string;
  /** Resources a client may request tokens for (`aud` values), in their canonical spelling. */
  resources: () => string[];
  /** What the client is told (`expires_in`, counted in real seconds). */
  accessTokenLifetimeSeconds: () => number;
  /** How long the token is valid on the emulated clock (the lifetime scaled by the clock's speed). */
  emulatedLifetimeSeconds: () => number;
  key: SigningKey;
  client: ClientAuthenticationContext;
}

/** Maps `https://management.azure.com/.default` to the registered resource `https://management.azure.com/`. */
function resourceForScope(scope: string, resources: string[], tenantId: string): string {
  const scopes = scope.split(' ').filter((s) => s.length > 0);
  const resourceScope = scopes.find((s) => s !== 'openid' && s !== 'profile' && s !== 'offline_access');
  if (!resourceScope || !resourceScope.endsWith('/.default')) {
    throw entraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const requested = resourceScope.slice(0, -'/.default'.length).replace(/\/+$/, '').toLowerCase();
  const resource = resources.find((r) => r.replace(/\/+$/, '').toLowerCase() === requested);
  if (!resource) {
    throw entraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resourceScope.slice(0, -'.default'.length)} was not found in the tenant named ${tenantId}. ` +
        'This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.',
    );
  }
  return resource;
}

async function issueToken(opts: TokenEndpointOptions, form: URLSearchParams): Promise<Record<string, unknown>> {
  if (form.get('grant_type') !== 'client_credentials') {
    throw entraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'. The emulator supports client_credentials.`,
    );
  }
  const scope = form.get('scope');
  if (!scope) throw entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  const resource = resourceForScope(scope, opts.resources(), opts.tenantId);
  const app = await authenticateClient(opts.client, form);
  const lifetime = opts.accessTokenLifetimeSeconds();
  const { accessToken } = await issueAppAccessToken(opts, {
    clientId: app.clientId,
    objectId: app.objectId,
    displayName: app.displayName,
    resource,
    appidacr: form.get('client_secret') !== null ? '1' : '2',
    nowMs: opts.client.now(),
    lifetimeSeconds: opts.emulatedLifetimeSeconds(),
  });
  return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
}

/** Answers a token request; never echoes the secret, assertion or token anywhere but the response body. */
export async function handleTokenRequest(opts: TokenEndpointOptions, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const correlationId = typeof req.headers['client-request-id'] === 'string' ? req.headers['client-request-id'] : undefined;
  try {
    if (req.method !== 'POST') {
      throw entraError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests. Received a ' + (req.method ?? '') + ' request.');
    }
    const contentType = String(req.headers['content-type'] ?? '');
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw entraError(
        400,
        'invalid_request',
        900144,
        `The request body must be application/x-www-form-urlencoded and contain the parameter 'grant_type' (got content type '${contentType}').`,
      );
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const response = await issueToken(opts, form);
    sendJson(res, 200, response, correlationId ? { 'client-request-id': correlationId } : {});
  } catch (error) {
    if (!(error instanceof EntraRequestError)) throw error;
    sendJson(res, error.detail.status, entraErrorBody(error.detail, opts.client.now(), correlationId, opts.authority));
  }
}
