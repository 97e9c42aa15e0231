/**
 * Azure DevOps workload identity federation: an issuer standing in for https://vstoken.dev.azure.com/{organizationId}
 * (discovery + JWKS), and the job's OIDC request endpoint the agent exposes as System.OidcRequestUri, which answers
 * `POST ?api-version=7.1&serviceConnectionId=<id>` with `Authorization: Bearer <System.AccessToken>` by
 * `{"oidcToken": "<jwt>"}` whose subject is `sc://{organization}/{project}/{serviceConnectionName}`.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-json.js';
import type { AzurePipelinesRunClaims, AzurePipelinesRunGrant } from './identity-types.js';
import type { SigningKey } from './signing-key.js';

export const azureDevopsPathPrefix = '/azure-devops';
/** Azure DevOps ID tokens are short-lived; the emulator uses ten minutes (see docs/emulator-deviations.md). */
const idTokenLifetimeSeconds = 600;
const tokenExchangeAudience = 'api://AzureADTokenExchange';
// `/azure-devops/vstoken/{organizationId}` stands for vstoken.dev.azure.com, `/azure-devops/dev/{org}/...` for dev.azure.com.
const issuerRoute = /^\/vstoken\/([0-9a-f-]{36})\/\.well-known\/(openid-configuration|jwks)$/;
const oidcTokenRoute = /^\/dev\/([^/]+)\/([0-9a-f-]{36})\/_apis\/distributedtask\/hubs\/build\/plans\/([0-9a-f-]{36})\/jobs\/([0-9a-f-]{36})\/oidctoken$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AzureDevopsOidc {
  /** True when `issuer` is one of this emulator's Azure DevOps organization issuers. */
  ownsIssuer(issuer: string): boolean;
  /** The issuer of an organization (allocating its id on first use), to configure federated credentials before a run. */
  issuerFor(organization: string): string;
  grant(claims: AzurePipelinesRunClaims): AzurePipelinesRunGrant;
  /** Serves discovery, JWKS and the OIDC token endpoint; false for other paths under the prefix. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

interface Grant {
  token: Buffer;
  path: string;
  issuer: string;
  subject: string;
  serviceConnectionId: string;
}

/** Azure DevOps answers unauthenticated API calls with TF400813 (with X-TFS-FedAuthRedirect: Suppress, as JSON). */
function unauthorized(res: ServerResponse): void {
  sendJson(res, 401, {
    $id: '1',
    innerException: null,
    message: "TF400813: The user '' is not authorized to access this resource. The System.AccessToken is missing, expired or not the one of this job.",
    typeName: 'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
    typeKey: 'UnauthorizedRequestException',
    errorCode: 0,
    eventId: 3000,
  });
}

function badRequest(res: ServerResponse, status: number, typeKey: string, message: string): void {
  sendJson(res, status, { $id: '1', innerException: null, message, typeName: `Microsoft.VisualStudio.Services.WebApi.${typeKey}`, typeKey, errorCode: 0, eventId: 3000 });
}

function bearerToken(req: IncomingMessage): Buffer | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] === undefined ? undefined : Buffer.from(match[1]);
}

function validateClaims(claims: AzurePipelinesRunClaims): void {
  if (!claims.organization || /[/\s]/.test(claims.organization)) {
    throw new Error(`grantAzurePipelinesRun: organization must be a name without '/' or spaces, got '${claims.organization ?? ''}'.`);
  }
  if (!claims.project) throw new Error('grantAzurePipelinesRun: project is required.');
  if (!claims.serviceConnectionName) throw new Error('grantAzurePipelinesRun: serviceConnectionName is required.');
  if (!GUID.test(claims.serviceConnectionId ?? '')) {
    throw new Error(`grantAzurePipelinesRun: serviceConnectionId must be the service connection's GUID, got '${claims.serviceConnectionId ?? ''}'.`);
  }
}

/** Creates the Azure DevOps issuer and OIDC endpoint under `${issuerBaseUrl}/azure-devops`. */
export function createAzureDevopsOidc(issuerBaseUrl: string, key: SigningKey, now: () => number): AzureDevopsOidc {
  const base = `${issuerBaseUrl}${azureDevopsPathPrefix}`;
  const organizationIds = new Map<string, string>();
  const projectIds = new Map<string, string>();
  const grants: Grant[] = [];
  const issuerOf = (organizationId: string) => `${base}/vstoken/${organizationId}`;
  const organizationIdOf = (organization: string): string => {
    // Organization names are case-insensitive in Azure DevOps; the id is what the issuer carries.
    const name = organization.toLowerCase();
    let id = organizationIds.get(name);
    if (!id) {
      id = randomUUID();
      organizationIds.set(name, id);
    }
    return id;
  };
  const findGrant = (token: Buffer | undefined): Grant | undefined =>
    token === undefined ? undefined : grants.find((g) => g.token.length === token.length && timingSafeEqual(g.token, token));

  async function oidcToken(req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
    if (req.method !== 'POST') {
      badRequest(res, 405, 'MethodNotAllowedException', `The OIDC token endpoint answers POST, not ${req.method ?? ''}.`);
      return;
    }
    const grant = findGrant(bearerToken(req));
    // A job's access token is scoped to its own plan and job, so another job's URL is as unauthorized as no token.
    if (!grant || grant.path !== path) {
      unauthorized(res);
      return;
    }
    if (!url.searchParams.get('api-version')) {
      badRequest(res, 400, 'VssVersionNotSpecifiedException', 'No api-version was supplied for the POST request. Add ?api-version=7.1.');
      return;
    }
    const serviceConnectionId = url.searchParams.get('serviceConnectionId') ?? '';
    if (serviceConnectionId.toLowerCase() !== grant.serviceConnectionId.toLowerCase()) {
      badRequest(
        res,
        400,
        'InvalidRequestException',
        `Service connection '${serviceConnectionId}' was not found or this pipeline is not authorized to use it. Pass the id of the AzureRM service connection the task uses.`,
      );
      return;
    }
    const nowSeconds = Math.floor(now() / 1000);
    const oidcToken = await key.sign({
      jti: randomUUID(),
      sub: grant.subject,
      aud: tokenExchangeAudience,
      iss: grant.issuer,
      nbf: nowSeconds,
      iat: nowSeconds,
      exp: nowSeconds + idTokenLifetimeSeconds,
    });
    sendJson(res, 200, { oidcToken });
  }

  return {
    ownsIssuer: (issuer) => [...organizationIds.values()].some((id) => issuerOf(id) === issuer),
    issuerFor: (organization) => issuerOf(organizationIdOf(organization)),
    grant(claims) {
      validateClaims(claims);
      const organizationId = organizationIdOf(claims.organization);
      const projectKey = `${claims.organization.toLowerCase()}/${claims.project.toLowerCase()}`;
      const projectId = projectIds.get(projectKey) ?? randomUUID();
      projectIds.set(projectKey, projectId);
      const path = `/dev/${encodeURIComponent(claims.organization)}/${projectId}/_apis/distributedtask/hubs/build/plans/${randomUUID()}/jobs/${randomUUID()}/oidctoken`;
      const token = randomBytes(32).toString('base64url');
      const issuer = issuerOf(organizationId);
      const subject = claims.subject ?? `sc://${claims.organization}/${claims.project}/${claims.serviceConnectionName}`;
      grants.push({ token: Buffer.from(token), path, issuer, subject, serviceConnectionId: claims.serviceConnectionId });
      return { oidcRequestUri: `${base}${path}`, systemAccessToken: token, issuer, subject, organizationId };
    },
    async handle(req, res, url) {
      const path = url.pathname.slice(azureDevopsPathPrefix.length);
      const issuerMatch = issuerRoute.exec(path);
      if (issuerMatch) {
        const [, organizationId = '', document] = issuerMatch;
        if (![...organizationIds.values()].includes(organizationId)) {
          sendJson(res, 404, { message: `No Azure DevOps organization with id '${organizationId}' has been granted in this emulator.` });
          return true;
        }
        const issuer = issuerOf(organizationId);
        if (document === 'jwks') {
          sendJson(res, 200, key.jwks);
          return true;
        }
        sendJson(res, 200, {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks`,
          subject_types_supported: ['public', 'pairwise'],
          response_types_supported: ['id_token'],
          claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'nbf', 'jti'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid'],
        });
        return true;
      }
      if (oidcTokenRoute.test(path)) {
        await oidcToken(req, res, url, path);
        return true;
      }
      return false;
    },
  };
}
