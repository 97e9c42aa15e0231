/**
 * A GitHub-Actions-compatible OIDC issuer: discovery document, JWKS, and the runner's ID token endpoint
 * (ACTIONS_ID_TOKEN_REQUEST_URL), which answers `{"value": "<jwt>"}` to `Authorization: Bearer <request token>`.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GithubRunClaims, GithubRunGrant } from './identity-types.js';
import { sendJson } from './http-json.js';
import type { SigningKey } from './signing-key.js';

/** GitHub ID tokens live five minutes. */
const idTokenLifetimeSeconds = 300;
export const githubOidcPathPrefix = '/github-oidc';

export interface GithubOidcIssuer {
  readonly issuer: string;
  grant(claims: GithubRunClaims): GithubRunGrant;
  /** Serves discovery, JWKS and the ID token endpoint; false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

interface Grant {
  token: Buffer;
  claims: GithubRunClaims;
  runId: string;
}

function idTokenClaims(issuer: string, grant: Grant, audience: string, nowSeconds: number): Record<string, unknown> {
  const c = grant.claims;
  const [owner = ''] = c.repository.split('/');
  const workflow = c.workflow ?? 'publish';
  const sha = c.sha ?? '0000000000000000000000000000000000000000';
  const workflowRef = `${c.repository}/.github/workflows/${workflow}.yml@${c.ref}`;
  return {
    jti: randomUUID(),
    sub: c.subject ?? `repo:${c.repository}:ref:${c.ref}`,
    aud: audience,
    ref: c.ref,
    sha,
    repository: c.repository,
    repository_owner: owner,
    run_id: grant.runId,
    run_number: '1',
    run_attempt: '1',
    repository_visibility: 'private',
    actor: c.actor ?? owner,
    workflow,
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_type: c.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    workflow_ref: workflowRef,
    workflow_sha: sha,
    job_workflow_ref: workflowRef,
    job_workflow_sha: sha,
    runner_environment: 'github-hosted',
    ...(c.environment === undefined ? {} : { environment: c.environment }),
    iss: issuer,
    // GitHub backdates nbf a little so slightly slow clocks still accept the token.
    nbf: nowSeconds - 5,
    iat: nowSeconds,
    exp: nowSeconds + idTokenLifetimeSeconds,
  };
}

function bearerToken(req: IncomingMessage): Buffer | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1] === undefined ? undefined : Buffer.from(match[1]);
}

/** Creates the issuer at `${issuerBaseUrl}/github-oidc`. */
export function createGithubOidcIssuer(issuerBaseUrl: string, key: SigningKey, now: () => number): GithubOidcIssuer {
  const issuer = `${issuerBaseUrl}${githubOidcPathPrefix}`;
  const grants: Grant[] = [];
  const findGrant = (token: Buffer | undefined): Grant | undefined =>
    token === undefined ? undefined : grants.find((g) => g.token.length === token.length && timingSafeEqual(g.token, token));

  return {
    issuer,
    grant(claims) {
      if (!claims.repository || !/^[^/\s]+\/[^/\s]+$/.test(claims.repository)) {
        throw new Error(`grantGithubRun: repository must be 'owner/name', got '${claims.repository}'.`);
      }
      if (!claims.ref) throw new Error("grantGithubRun: ref is required (e.g. 'refs/heads/main').");
      const token = randomBytes(32).toString('base64url');
      grants.push({ token: Buffer.from(token), claims: { ...claims }, runId: claims.runId ?? String(1_000_000_000 + grants.length) });
      // Like GitHub's URL it already has a query, so @actions/core can append `&audience=`.
      return { requestUrl: `${issuer}/idtoken?api-version=2.0`, requestToken: token };
    },
    async handle(req, res, url) {
      const path = url.pathname.slice(githubOidcPathPrefix.length);
      if (path === '/.well-known/openid-configuration') {
        sendJson(res, 200, {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks`,
          subject_types_supported: ['public', 'pairwise'],
          response_types_supported: ['id_token'],
          claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'sha', 'repository', 'repository_owner',
            'run_id', 'run_number', 'run_attempt', 'actor', 'workflow', 'event_name', 'ref_type', 'job_workflow_ref', 'environment'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid'],
        });
        return true;
      }
      if (path === '/.well-known/jwks') {
        sendJson(res, 200, key.jwks);
        return true;
      }
      if (path === '/idtoken') {
        if (req.method !== 'GET') {
          sendJson(res, 405, { message: 'Method not allowed: the ID token endpoint answers GET.' });
          return true;
        }
        const grant = findGrant(bearerToken(req));
        if (!grant) {
          sendJson(res, 401, { message: 'Unauthorized: the ACTIONS_ID_TOKEN_REQUEST_TOKEN is missing or not valid for this run.' });
          return true;
        }
        const owner = grant.claims.repository.split('/')[0] ?? '';
        const audience = url.searchParams.get('audience') || `https://github.com/${owner}`;
        const value = await key.sign(idTokenClaims(issuer, grant, audience, Math.floor(now() / 1000)));
        sendJson(res, 200, { count: 1, value });
        return true;
      }
      return false;
    },
  };
}
