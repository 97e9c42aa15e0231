import { isRestError, type RestError } from '@azure/core-rest-pipeline';
import { AzureError, ConfigurationError, ErrorCodes, ImagePublishError } from '../errors.js';
import { explainAadsts, findAadstsCode } from './aadsts-codes.js';
import { capturedErrorBody } from './arm-error-capture.js';
import { redactSecrets } from './redact-secrets.js';
import { grantScopeFor, leastRoleFor, parseAuthorizationFailure } from './role-hints.js';

/** Node/TLS error codes meaning "the endpoint could not be reached or not trusted". */
const unreachableCodes = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'REQUEST_SEND_ERROR',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
]);
const unreachableText = new RegExp(
  `\\b(${[...unreachableCodes].join('|')})\\b|socket hang up|self[- ]signed certificate|unable to verify the first certificate|` +
    'unable to get (local )?issuer certificate|certificate has expired',
  'i',
);
const identityErrorNames = new Set(['AuthenticationError', 'AggregateAuthenticationError', 'CredentialUnavailableError', 'AuthenticationRequiredError']);

/**
 * Turns anything an Azure SDK or @azure/identity throws into an ImagePublishError whose message says what
 * failed, where, and how to fix it. `doing` names the operation ("creating image version 1.2.3 in gallery g").
 * Messages never carry tokens or the Authorization header; the ARM request id is kept for support cases.
 */
export function toImagePublishError(err: unknown, doing: string): ImagePublishError {
  if (err instanceof ImagePublishError) return err;
  const rest = findRestError(err);
  const requestId = rest ? requestIdOf(rest) : undefined;
  const body = rest ? armErrorBody(rest) : undefined;
  // Paging helpers throw "Pagination failed with unexpected statusCode 403" and keep ARM's text in the body only.
  const raw = redactSecrets([...new Set([body?.message, fullMessage(err)].filter(Boolean))].join(' <- '));
  // A RestError holds the request, Authorization header included: keep only a redacted copy as the cause so
  // no debug dump or error reporter can print a token.
  const opts = { cause: rest ? redactedRestError(rest, raw) : err, ...(requestId ? { requestId } : {}) };
  const suffix = requestId ? ` (x-ms-request-id: ${requestId})` : '';

  if (isAbort(err)) {
    return new AzureError(ErrorCodes.timeout, `${doing}: cancelled before Azure answered (timeout or abort).`, opts);
  }

  const netCode = networkCode(err);
  const aadsts = findAadstsCode(raw);
  if (netCode || (!rest?.statusCode && !aadsts && unreachableText.test(raw))) {
    const endpoint = endpointOf(rest, raw);
    const tls = /CERT|SIGNATURE|certificate/i.test(`${netCode ?? ''} ${raw}`);
    return new AzureError(
      ErrorCodes.azureUnavailable,
      `${doing}: cannot reach ${endpoint}: ${netCode ?? 'network error'} (${firstLine(raw)}). ` +
        (tls
          ? 'The server certificate is not trusted: for a private endpoint or the emulator set NODE_EXTRA_CA_CERTS to its CA file.'
          : 'Check arm-endpoint / authority-host, DNS, proxy and firewall rules of the runner, and NODE_EXTRA_CA_CERTS for private CAs.') +
        suffix,
      opts,
    );
  }

  if (aadsts) {
    return new ConfigurationError(
      ErrorCodes.authFailed,
      `${doing}: sign-in to Entra failed with AADSTS${aadsts}: ${explainAadsts(aadsts)}${presentedAssertion(raw)}${suffix}`,
      opts,
    );
  }
  if (!rest && err instanceof Error && identityErrorNames.has(err.name)) {
    return new ConfigurationError(
      ErrorCodes.authFailed,
      `${doing}: could not get an Azure token: ${firstLine(raw)}. Check client-id, tenant-id, the credential and the cloud setting.`,
      opts,
    );
  }

  const status = rest?.statusCode;
  const armCode = body?.code ?? rest?.code ?? '';
  const armText = firstLine(raw);
  if (status === 401) {
    const hint = /audience/i.test(raw)
      ? "the token's audience is not this ARM endpoint: check cloud / arm-endpoint (the token and ARM must belong to the same cloud)."
      : /expir/i.test(`${armCode} ${raw}`)
        ? 'the token expired: re-run; a long job refreshes its token, so repeated failures mean the credential itself expired.'
        : 'check client-id, tenant-id, the credential and that the cloud setting matches the tenant.';
    return new ConfigurationError(ErrorCodes.authFailed, `${doing}: Azure rejected the credentials (401 ${armCode}): ${hint} ARM said: ${armText}${suffix}`, opts);
  }
  if (status === 403) {
    const denied = parseAuthorizationFailure(raw);
    if (denied) {
      const role = leastRoleFor(denied.action);
      const who = denied.objectId ?? denied.clientId ?? '<principal object id>';
      return new ConfigurationError(
        ErrorCodes.authorizationFailed,
        `${doing}: the identity${denied.clientId ? ` ${denied.clientId}` : ''} needs role '${role}' (action ${denied.action}) on scope ${denied.scope}. ` +
          `Grant it: az role assignment create --assignee ${who} --role "${role}" --scope ${grantScopeFor(denied.scope)} ` +
          `(new assignments can take a few minutes to apply).${suffix}`,
        opts,
      );
    }
    return new ConfigurationError(
      ErrorCodes.authorizationFailed,
      `${doing}: access denied (403 ${armCode}): ${armText}. Check the identity's role assignments on the target scope.${suffix}`,
      opts,
    );
  }
  if (status === 404) {
    return new ConfigurationError(
      ErrorCodes.notFound,
      `${doing}: not found: ${resourceOf(rest) ?? 'the resource'} (${armCode || 'NotFound'}: ${armText}). ` +
        `Check the name, resource group and subscription-id.${suffix}`,
      opts,
    );
  }
  if (status === 429) {
    return new AzureError(
      ErrorCodes.azureThrottled,
      `${doing}: Azure kept throttling the request (429 ${armCode}) after every retry. Re-run later, or spread parallel pipelines over time.${suffix}`,
      opts,
    );
  }
  if (status !== undefined && status >= 500) {
    return new AzureError(
      ErrorCodes.azureUnavailable,
      `${doing}: Azure failed with ${status} ${armCode} after every retry: ${armText}. This is a service-side problem; re-run later and check Azure status.${suffix}`,
      opts,
    );
  }
  return new AzureError(
    ErrorCodes.azureRequestFailed,
    `${doing}: the Azure request failed${status ? ` (${status}${armCode ? ` ${armCode}` : ''})` : ''}: ${armText}${suffix}`,
    opts,
  );
}

/** Entra names the issuer/subject/audience of a refused federated token: what to compare with the app's record. */
function presentedAssertion(text: string): string {
  const field = (name: string) => new RegExp(`Assertion ${name}: '([^']*)'`).exec(text)?.[1];
  const [issuer, subject, audience] = [field('Issuer'), field('Subject'), field('Audience')];
  if (subject === undefined && issuer === undefined) return '';
  return ` The presented token had subject '${subject ?? '?'}', issuer '${issuer ?? '?'}', audience '${audience ?? '?'}'.`;
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

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: unknown }).code === 'ABORT_ERR');
}

function requestIdOf(err: RestError): string | undefined {
  const headers = err.response?.headers;
  const fromResponse = headers?.get('x-ms-request-id') ?? headers?.get('x-ms-correlation-request-id');
  return fromResponse ?? undefined;
}

function endpointOf(rest: RestError | undefined, text: string): string {
  const url = rest?.request?.url ?? /https?:\/\/[^\s'"<>)]+/.exec(text)?.[0];
  if (!url) return 'the Azure endpoint';
  try {
    return new URL(url).origin;
  } catch {
    return 'the Azure endpoint';
  }
}

/** The ARM resource id of the failed request: the URL path without query (never a SAS or token). */
function resourceOf(rest: RestError | undefined): string | undefined {
  if (!rest?.request?.url) return undefined;
  try {
    return decodeURIComponent(new URL(rest.request.url).pathname);
  } catch {
    return undefined;
  }
}

/** A RestError's status, code and (already redacted) text, without its request or response objects. */
function redactedRestError(rest: { statusCode?: number; code?: string; name?: string }, text: string): Error {
  const copy = new Error(text);
  copy.name = rest.name ?? 'RestError';
  return Object.assign(copy, { statusCode: rest.statusCode, code: rest.code });
}
