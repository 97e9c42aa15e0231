import { ErrorCodes, type ErrorCode } from '../errors.js';
import { explainAadsts } from './aadsts-codes.js';
import { endpointOf, resourceOf, unreachableText, type FailureFacts } from './failure-facts.js';
import { grantScopeFor, leastRoleFor, parseAuthorizationFailure } from './role-hints.js';

/** One row of the translation table: which failures it takes, the code they get, and the message. */
export interface TranslationRule {
  /** What the row matches, in words (tests and debugging name rows by it). */
  readonly when: string;
  readonly matches: (f: FailureFacts) => boolean;
  readonly code: ErrorCode;
  /** The message after `doing: `; the request id is appended by the caller. */
  readonly message: (f: FailureFacts) => string;
  /** False when the failure happened before Azure answered, so there is no request id to quote. */
  readonly quotesRequestId?: false;
}

const identityErrorNames = new Set(['AuthenticationError', 'AggregateAuthenticationError', 'CredentialUnavailableError', 'AuthenticationRequiredError']);

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err as { code?: unknown }).code === 'ABORT_ERR');
}

/** Entra names the issuer/subject/audience of a refused federated token: what to compare with the app's record. */
function presentedAssertion(text: string): string {
  const field = (name: string): string | undefined => new RegExp(`Assertion ${name}: '([^']*)'`).exec(text)?.[1];
  const [issuer, subject, audience] = [field('Issuer'), field('Subject'), field('Audience')];
  if (subject === undefined && issuer === undefined) return '';
  return ` The presented token had subject '${subject ?? '?'}', issuer '${issuer ?? '?'}', audience '${audience ?? '?'}'.`;
}

function unauthorizedHint(f: FailureFacts): string {
  if (/audience/i.test(f.text)) {
    return "the token's audience is not this ARM endpoint: check cloud / arm-endpoint (the token and ARM must belong to the same cloud).";
  }
  if (/expir/i.test(`${f.armCode} ${f.text}`)) {
    return 'the token expired: re-run; a long job refreshes its token, so repeated failures mean the credential itself expired.';
  }
  return 'check client-id, tenant-id, the credential and that the cloud setting matches the tenant.';
}

function missingRole(f: FailureFacts): string {
  const denied = parseAuthorizationFailure(f.text);
  if (!denied) return '';
  const role = leastRoleFor(denied.action);
  const who = denied.objectId ?? denied.clientId ?? '<principal object id>';
  return (
    `the identity${denied.clientId ? ` ${denied.clientId}` : ''} needs role '${role}' (action ${denied.action}) on scope ${denied.scope}. ` +
    `Grant it: az role assignment create --assignee ${who} --role "${role}" --scope ${grantScopeFor(denied.scope)} ` +
    '(new assignments can take a few minutes to apply).'
  );
}

/** The table, first match wins; the last row takes everything. Order matters where rows overlap (see `when`). */
export const translationRules: readonly TranslationRule[] = [
  {
    when: 'the call was aborted (step timeout or cancellation)',
    matches: (f) => isAbort(f.error),
    code: ErrorCodes.timeout,
    message: () => 'cancelled before Azure answered (timeout or abort).',
    quotesRequestId: false,
  },
  {
    when: 'the endpoint could not be reached or its certificate is not trusted (no HTTP status, no AADSTS code)',
    matches: (f) => f.networkCode !== undefined || (!f.status && f.aadsts === undefined && unreachableText.test(f.text)),
    code: ErrorCodes.azureUnavailable,
    message: (f) =>
      `cannot reach ${endpointOf(f)}: ${f.networkCode ?? 'network error'} (${f.firstLine}). ` +
      (/CERT|SIGNATURE|certificate/i.test(`${f.networkCode ?? ''} ${f.text}`)
        ? 'The server certificate is not trusted: for a private endpoint or the emulator set NODE_EXTRA_CA_CERTS to its CA file.'
        : 'Check arm-endpoint / authority-host, DNS, proxy and firewall rules of the runner, and NODE_EXTRA_CA_CERTS for private CAs.'),
  },
  {
    when: 'Entra refused the sign-in with an AADSTS code',
    matches: (f) => f.aadsts !== undefined,
    code: ErrorCodes.authFailed,
    message: (f) => `sign-in to Entra failed with AADSTS${f.aadsts ?? ''}: ${explainAadsts(f.aadsts ?? '')}${presentedAssertion(f.text)}`,
  },
  {
    when: '@azure/identity could not get a token (no HTTP response)',
    matches: (f) => !f.rest && f.error instanceof Error && identityErrorNames.has(f.error.name),
    code: ErrorCodes.authFailed,
    message: (f) => `could not get an Azure token: ${f.firstLine}. Check client-id, tenant-id, the credential and the cloud setting.`,
  },
  {
    when: 'ARM answered 401',
    matches: (f) => f.status === 401,
    code: ErrorCodes.authFailed,
    message: (f) => `Azure rejected the credentials (401 ${f.armCode}): ${unauthorizedHint(f)} ARM said: ${f.firstLine}`,
  },
  {
    when: "ARM answered 403 naming the action and scope (AuthorizationFailed): say which role to grant",
    matches: (f) => f.status === 403 && parseAuthorizationFailure(f.text) !== undefined,
    code: ErrorCodes.authorizationFailed,
    message: missingRole,
  },
  {
    when: 'ARM answered 403 otherwise',
    matches: (f) => f.status === 403,
    code: ErrorCodes.authorizationFailed,
    message: (f) => `access denied (403 ${f.armCode}): ${f.firstLine}. Check the identity's role assignments on the target scope.`,
  },
  {
    when: 'ARM answered 404',
    matches: (f) => f.status === 404,
    code: ErrorCodes.notFound,
    message: (f) =>
      `not found: ${resourceOf(f) ?? 'the resource'} (${f.armCode || 'NotFound'}: ${f.firstLine}). ` +
      'Check the name, resource group and subscription-id.',
  },
  {
    when: 'ARM answered 429 after every retry',
    matches: (f) => f.status === 429,
    code: ErrorCodes.azureThrottled,
    message: (f) => `Azure kept throttling the request (429 ${f.armCode}) after every retry. Re-run later, or spread parallel pipelines over time.`,
  },
  {
    when: 'ARM answered 5xx after every retry',
    matches: (f) => f.status !== undefined && f.status >= 500,
    code: ErrorCodes.azureUnavailable,
    message: (f) =>
      `Azure failed with ${f.status ?? ''} ${f.armCode} after every retry: ${f.firstLine}. This is a service-side problem; re-run later and check Azure status.`,
  },
  {
    when: 'anything else (a 400 from ARM, a 409, an unknown failure)',
    matches: () => true,
    code: ErrorCodes.azureRequestFailed,
    message: (f) =>
      `the Azure request failed${f.status ? ` (${f.status}${f.armCode ? ` ${f.armCode}` : ''})` : ''}: ${f.firstLine}`,
  },
];
