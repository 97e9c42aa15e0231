/**
 * Authenticates the client of a client_credentials request the way Entra does: client secret, certificate-signed
 * client assertion (x5t / x5t#S256), or a federated assertion (e.g. a GitHub Actions ID token) matched against the
 * app's federated identity credentials and verified with its issuer's keys.
 */
import {
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  importX509,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import { entraError } from './entra-errors.js';
import { secretMatches, type ServicePrincipalRecord, type ServicePrincipalRegistry } from './service-principals.js';

export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra tolerates five minutes of clock skew on assertions. */
const clockSkewSeconds = 300;

export interface ClientAuthenticationContext {
  tenantId: string;
  registry: ServicePrincipalRegistry;
  now: () => number;
  /** Audiences a certificate assertion may carry: the token endpoints and issuer of this tenant. */
  assertionAudiences: string[];
  /** Key lookup for a federated issuer (the emulated GitHub issuer locally, else the issuer's published JWKS). */
  issuerKeys(issuer: string): JWTVerifyGetKey | CryptoKey;
}

function appNotFound(ctx: ClientAuthenticationContext, clientId: string): Error {
  return entraError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${ctx.tenantId}'. This can happen if the ` +
      'application has not been installed by the administrator of the tenant or consented to by any user in the tenant. ' +
      'You may have sent your authentication request to the wrong tenant.',
  );
}

function timeRangeError(ctx: ClientAuthenticationContext, payload: JWTPayload): Error {
  const iso = (s: number | undefined) => (s === undefined ? 'unknown' : new Date(s * 1000).toISOString());
  return entraError(
    400,
    'invalid_client',
    700024,
    `Client assertion is not within its valid time range. Current time: ${new Date(ctx.now()).toISOString()}, ` +
      `assertion valid from ${iso(payload.nbf ?? payload.iat)}, expiry time of assertion ${iso(payload.exp)}.`,
  );
}

function malformed(): Error {
  return entraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
}

/** Verifies signature and time window; maps jose errors onto Entra's codes. */
async function verifyAssertion(
  ctx: ClientAuthenticationContext,
  assertion: string,
  key: JWTVerifyGetKey | CryptoKey,
  payload: JWTPayload,
  algorithms: string[],
): Promise<void> {
  try {
    const options = { currentDate: new Date(ctx.now()), clockTolerance: clockSkewSeconds, algorithms };
    // Two calls because jwtVerify's overloads take a key or a key getter, not their union.
    if (typeof key === 'function') await jwtVerify(assertion, key, options);
    else await jwtVerify(assertion, key, options);
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw timeRangeError(ctx, payload);
    if (error instanceof joseErrors.JWTClaimValidationFailed && (error.claim === 'nbf' || error.claim === 'iat')) {
      throw timeRangeError(ctx, payload);
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
      throw entraError(401, 'invalid_client', 50013, 'Assertion failed signature validation. [Reason - The key was not found.]');
    }
    if (error instanceof joseErrors.JOSEError) throw malformed();
    throw entraError(
      401,
      'invalid_client',
      50013,
      `Assertion failed signature validation: the issuer's signing keys could not be fetched (${(error as Error).message}).`,
    );
  }
  if (payload.exp === undefined) throw timeRangeError(ctx, payload);
}

function audiencesOf(payload: JWTPayload): string[] {
  if (payload.aud === undefined) return [];
  return Array.isArray(payload.aud) ? payload.aud : [payload.aud];
}

async function certificateAssertion(
  ctx: ClientAuthenticationContext,
  app: ServicePrincipalRecord,
  assertion: string,
  header: { alg?: string; x5t?: unknown; 'x5t#S256'?: unknown },
  payload: JWTPayload,
): Promise<void> {
  const cert = app.certificates.find((c) => c.x5tS256 === header['x5t#S256'] || c.x5t === header.x5t);
  if (!cert) {
    throw entraError(
      401,
      'invalid_client',
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application '${app.clientId}'.`,
    );
  }
  const alg = header.alg ?? 'RS256';
  if (!['RS256', 'PS256', 'ES256'].includes(alg)) throw malformed();
  await verifyAssertion(ctx, assertion, await importX509(cert.certificatePem, alg), payload, [alg]);
  if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
    throw entraError(401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  const audiences = audiencesOf(payload);
  if (!audiences.some((a) => ctx.assertionAudiences.includes(a))) {
    throw entraError(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid audience '${audiences.join(', ')}'; it must be the token endpoint ${ctx.assertionAudiences[0] ?? ''}.`,
    );
  }
}

async function federatedAssertion(
  ctx: ClientAuthenticationContext,
  app: ServicePrincipalRecord,
  assertion: string,
  payload: JWTPayload,
): Promise<void> {
  const audiences = audiencesOf(payload);
  // Entra matches issuer and subject exactly (case-sensitive), then requires one of the record's audiences.
  const match = app.federatedCredentials.find(
    (f) => f.issuer === payload.iss && f.subject === payload.sub && f.audiences.some((a) => audiences.includes(a)),
  );
  if (!match) {
    throw entraError(
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${payload.iss ?? ''}'. ` +
        `Assertion Subject: '${payload.sub ?? ''}'. Assertion Audience: '${audiences.join(',')}'.`,
    );
  }
  await verifyAssertion(ctx, assertion, ctx.issuerKeys(match.issuer), payload, ['RS256']);
}

/** Returns the authenticated app, or throws an EntraRequestError with the AADSTS code Entra would return. */
export async function authenticateClient(ctx: ClientAuthenticationContext, form: URLSearchParams): Promise<ServicePrincipalRecord> {
  const clientId = form.get('client_id');
  if (!clientId) {
    throw entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  }
  const app = ctx.registry.byClientId(clientId);
  if (!app) throw appNotFound(ctx, clientId);

  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (!secretMatches(app.clientSecret, secret)) {
      throw entraError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
          `not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    }
    return app;
  }
  if (assertion === null) {
    throw entraError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (form.get('client_assertion_type') !== jwtBearerAssertionType) {
    throw entraError(400, 'invalid_request', 700010, `client_assertion_type must be '${jwtBearerAssertionType}'.`);
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    payload = decodeJwt(assertion);
  } catch {
    throw malformed();
  }
  // A self-signed app assertion names the app as issuer; anything else is a federated token (GitHub tokens carry x5t too).
  if (payload.iss === app.clientId) {
    await certificateAssertion(ctx, app, assertion, header as { alg?: string; x5t?: unknown; 'x5t#S256'?: unknown }, payload);
  } else {
    await federatedAssertion(ctx, app, assertion, payload);
  }
  return app;
}
