/**
 * Entra (AAD STS) error responses with the real AADSTS codes, so MSAL and @azure/identity surface the same text
 * users see against login.microsoftonline.com.
 */
import { randomUUID } from 'node:crypto';

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope'
  | 'invalid_resource'
  | 'invalid_tenant';

export interface EntraError {
  status: 400 | 401;
  error: OAuthErrorCode;
  /** AADSTS number, e.g. 7000215. */
  aadsts: number;
  /** Message after the `AADSTSnnn: ` prefix. */
  message: string;
}

export interface EntraErrorBody {
  error: OAuthErrorCode;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** Raised by the credential checks; the token endpoint turns it into the response body. */
export class EntraRequestError extends Error {
  constructor(readonly detail: EntraError) {
    super(`AADSTS${detail.aadsts}: ${detail.message}`);
  }
}

/** Shorthand for throwing an Entra error. */
export function entraError(status: 400 | 401, error: OAuthErrorCode, aadsts: number, message: string): EntraRequestError {
  return new EntraRequestError({ status, error, aadsts, message });
}

/** Formats Entra's timestamp: `2026-11-26 10:04:27Z`. */
function entraTimestamp(nowMs: number): string {
  return `${new Date(nowMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`;
}

/** The JSON body Entra returns for a failed token request. */
export function entraErrorBody(detail: EntraError, nowMs: number, correlationId: string | undefined, authority: string): EntraErrorBody {
  const traceId = randomUUID();
  const correlation = correlationId && /^[0-9a-f-]{36}$/i.test(correlationId) ? correlationId : randomUUID();
  const timestamp = entraTimestamp(nowMs);
  return {
    error: detail.error,
    error_description:
      `AADSTS${detail.aadsts}: ${detail.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [detail.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `${authority}/error?code=${detail.aadsts}`,
  };
}
