/** The v2 app-only access token the emulated tenant issues, whichever endpoint (token, managed identity) asks. */
import { randomUUID } from 'node:crypto';
import type { SigningKey } from './signing-key.js';

export interface TenantTokenIssuer {
  tenantId: string;
  issuer: string;
  authority: string;
  key: SigningKey;
}

export interface AppTokenRequest {
  clientId: string;
  objectId: string;
  /** `app_displayname`, when the caller is a registered application. */
  displayName?: string;
  resource: string;
  /** 1: client secret; 2: certificate, assertion or managed identity. */
  appidacr: '1' | '2';
  nowMs: number;
  lifetimeSeconds: number;
}

/** Signs the token; returns it with its expiry in epoch seconds. */
export async function issueAppAccessToken(tenant: TenantTokenIssuer, request: AppTokenRequest): Promise<{ accessToken: string; expiresOn: number }> {
  const nowSeconds = Math.floor(request.nowMs / 1000);
  const expiresOn = nowSeconds + request.lifetimeSeconds;
  const accessToken = await tenant.key.sign({
    aud: request.resource,
    iss: tenant.issuer,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: expiresOn,
    aio: randomUUID(),
    ...(request.displayName === undefined ? {} : { app_displayname: request.displayName }),
    appid: request.clientId,
    appidacr: request.appidacr,
    azp: request.clientId,
    idp: `${tenant.authority}/`,
    idtyp: 'app',
    oid: request.objectId,
    rh: randomUUID(),
    sub: request.objectId,
    tid: tenant.tenantId,
    uti: randomUUID().replace(/-/g, ''),
    ver: '2.0',
  });
  return { accessToken, expiresOn };
}
