/** ARM's bearer-token check: signature by the tenant key, issuer, audience, expiry, with ARM's 401 codes and texts. */
import { decodeJwt, errors as joseErrors, jwtVerify, type CryptoKey } from 'jose';
import type { AuthenticationResult, Principal } from './identity-types.js';

export interface ArmAuthenticationOptions {
  tenantId: string;
  issuer: string;
  armAudience: string;
  /** When set, exactly these audiences are accepted (data planes such as Key Vault), not ARM's. */
  audiences?: readonly string[];
  /** `authorization_uri` in WWW-Authenticate: the tenant's authority. */
  authorizationUri: string;
  publicKey: CryptoKey;
  now: () => number;
  displayNameOf(objectId: string): string | undefined;
}

/** ARM allows five minutes of clock skew. */
const clockSkewSeconds = 300;

/** ARM prints times as .NET's en-US general format: `11/26/2026 10:04:27 AM`. */
function armTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The audiences ARM accepts for management tokens, plus the configured one. */
function allowedAudiences(armAudience: string): string[] {
  return withAndWithoutSlash(['https://management.core.windows.net/', 'https://management.azure.com/', armAudience]);
}

/** Entra issues `aud` with or without the trailing slash depending on how the scope was asked for. */
function withAndWithoutSlash(audiences: readonly string[]): string[] {
  return [...new Set(audiences.flatMap((a) => [a.endsWith('/') ? a : `${a}/`, a.replace(/\/+$/, '')]))];
}

/** Validates an `Authorization` header value for an ARM request. */
export async function authenticateArmRequest(opts: ArmAuthenticationOptions, header: string | undefined): Promise<AuthenticationResult> {
  const fail = (code: string, message: string): AuthenticationResult => ({
    ok: false,
    status: 401,
    code,
    message,
    wwwAuthenticate: `Bearer authorization_uri="${opts.authorizationUri}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
  });
  if (header === undefined || header.trim() === '') {
    return fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  }
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token) return fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is provided in an invalid format.");

  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    return fail('InvalidAuthenticationToken', 'The access token is invalid.');
  }
  try {
    await jwtVerify(token, opts.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(opts.now()),
      clockTolerance: clockSkewSeconds,
    });
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired && typeof claims.exp === 'number') {
      return fail(
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${armTime(claims.exp * 1000)}' is earlier than current UTC time '${armTime(opts.now())}'.`,
      );
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') {
      return fail('InvalidAuthenticationToken', 'The access token is not yet valid.');
    }
    // Signature failures and malformed tokens get ARM's generic text: it never says which check failed.
    return fail('InvalidAuthenticationToken', 'The access token is invalid.');
  }
  if (claims.iss !== opts.issuer || claims.tid !== opts.tenantId) {
    return fail(
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer '${String(claims.iss)}'. It must match the tenant '${opts.issuer}' associated with this subscription. Please use the authority (URL) '${opts.authorizationUri}' to get the token.`,
    );
  }
  const audiences = opts.audiences ? withAndWithoutSlash(opts.audiences) : allowedAudiences(opts.armAudience);
  const tokenAudiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? ''];
  if (!tokenAudiences.some((a) => audiences.includes(a))) {
    return fail(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${tokenAudiences.join(',')}'. It should exactly match with one of the allowed audiences ${audiences.map((a) => `'${a}'`).join(',')}.`,
    );
  }
  const objectId = typeof claims.oid === 'string' ? claims.oid : undefined;
  const clientId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
  if (!objectId || !clientId) return fail('InvalidAuthenticationToken', 'The access token is invalid.');
  const principal: Principal = { objectId, clientId, tenantId: opts.tenantId, displayName: opts.displayNameOf(objectId) ?? clientId };
  return { ok: true, principal };
}
