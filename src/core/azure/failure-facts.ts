import type { RestError } from '@azure/core-rest-pipeline';
import { isRestError } from './rest-error.js';
import { findAadstsCode } from './aadsts-codes.js';
import { capturedErrorBody } from './arm-error-capture.js';
import { redactSecrets } from './redact-secrets.js';

/** Node/TLS error codes meaning "the endpoint could not be reached or not trusted". */
const unreachableCodes = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'REQUEST_SEND_ERROR',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
]);
export const unreachableText = new RegExp(
  `\\b(${[...unreachableCodes].join('|')})\\b|socket hang up|self[- ]signed certificate|unable to verify the first certificate|` +
    'unable to get (local )?issuer certificate|certificate has expired',
  'i',
);

/** What an SDK failure says, read once; the translation rules match on these facts. */
export interface FailureFacts {
  readonly error: unknown;
  /** The RestError in the cause chain, if any. */
  readonly rest: RestError | undefined;
  readonly status: number | undefined;
  /** ARM's error code from the body, else the RestError's code; '' when neither. */
  readonly armCode: string;
  /** Every message in the chain, ARM's body first, secrets redacted. */
  readonly text: string;
  /** The first line of `text`, at most 600 characters. */
  readonly firstLine: string;
  readonly networkCode: string | undefined;
  readonly aadsts: string | undefined;
  readonly requestId: string | undefined;
}

/** Reads the facts of a failure; nothing here keeps a token or the Authorization header. */
export function failureFacts(error: unknown): FailureFacts {
  const rest = findRestError(error);
  const body = rest ? armErrorBody(rest) : undefined;
  // Paging helpers throw "Pagination failed with unexpected statusCode 403" and keep ARM's text in the body only.
  const text = redactSecrets([...new Set([body?.message, fullMessage(error)].filter(Boolean))].join(' <- '));
  return {
    error,
    rest,
    status: rest?.statusCode,
    armCode: body?.code ?? rest?.code ?? '',
    text,
    firstLine: firstLine(text),
    networkCode: networkCode(error),
    aadsts: findAadstsCode(text),
    requestId: rest ? requestIdOf(rest) : undefined,
  };
}

function findRestError(err: unknown): RestError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isRestError(e)) return e;
  }
  return undefined;
}

/** ARM's `{"error":{"code","message"}}` from the response, whichever way the SDK surfaced it. */
function armErrorBody(err: RestError): { code?: string; message?: string } | undefined {
  const details = err.details as { error?: { code?: unknown; message?: unknown } } | undefined;
  let error = details?.error;
  const text = err.response?.bodyAsText ?? capturedErrorBody(err.request);
  if (!error && text) {
    try {
      error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    } catch {
      return undefined;
    }
  }
  if (!error) return undefined;
  return {
    ...(typeof error.code === 'string' ? { code: error.code } : {}),
    ...(typeof error.message === 'string' ? { message: error.message } : {}),
  };
}

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && unreachableCodes.has(code)) return code;
  }
  return undefined;
}

function fullMessage(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const m = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    if (m && !parts.includes(m)) parts.push(m);
  }
  return parts.join(' <- ') || String(err);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 600 ? `${line.slice(0, 600)}…` : line.trim();
}

function requestIdOf(err: RestError): string | undefined {
  const headers = err.response?.headers;
  const fromResponse = headers?.get('x-ms-request-id') ?? headers?.get('x-ms-correlation-request-id');
  return fromResponse ?? undefined;
}

/** The origin the failed request went to, for "cannot reach X". */
export function endpointOf(facts: FailureFacts): string {
  const url = facts.rest?.request?.url ?? /https?:\/\/[^\s'"<>)]+/.exec(facts.text)?.[0];
  if (!url) return 'the Azure endpoint';
  try {
    return new URL(url).origin;
  } catch {
    return 'the Azure endpoint';
  }
}

/** The ARM resource id of the failed request: the URL path without query (never a SAS or token). */
export function resourceOf(facts: FailureFacts): string | undefined {
  if (!facts.rest?.request?.url) return undefined;
  try {
    return decodeURIComponent(new URL(facts.rest.request.url).pathname);
  } catch {
    return undefined;
  }
}

/** A RestError's status, code and (already redacted) text, without its request or response objects. */
export function redactedRestError(rest: { statusCode?: number; code?: string; name?: string }, text: string): Error {
  const copy = new Error(text);
  copy.name = rest.name ?? 'RestError';
  return Object.assign(copy, { statusCode: rest.statusCode, code: rest.code });
}
