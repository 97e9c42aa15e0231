import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClient, createSerializer, type OperationSpec } from '@azure/core-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { translationRules } from '../../../src/core/azure/translation-rules.js';
import { AzureError, ConfigurationError, errorEntry } from '../../../src/core/errors.js';

/**
 * Real RestErrors: @azure/core-client's deserialization policy builds them from a real HTTP answer, exactly as
 * every @azure/arm-* client throws them (status, ARM's error code and message, the response with its headers).
 * The bodies have ARM's ErrorResponse shape (specification/common-types/resource-management/v3/types.json in
 * ../shared/azure-specs: {"error":{"code","message"}}); the AuthorizationFailed text is ARM's own wording.
 */
const answers = new Map<string, { status: number; code: string; message: string }>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers.get(req.url?.split('?')[0] ?? '') ?? { status: 500, code: 'InternalServerError', message: 'no answer' };
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': `req-${answer.status}` });
    res.end(JSON.stringify({ error: { code: answer.code, message: answer.message } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const serializer = createSerializer({}, false);
const getVersion: OperationSpec = {
  path: '{path}',
  httpMethod: 'GET',
  responses: { 200: {}, default: { bodyMapper: { type: { name: 'Composite', modelProperties: {} } } } },
  urlParameters: [
    { parameterPath: '$host', mapper: { serializedName: '$host', required: true, type: { name: 'String' } }, skipEncoding: true },
    { parameterPath: 'path', mapper: { serializedName: 'path', required: true, type: { name: 'String' } }, skipEncoding: true },
  ],
  serializer,
};

/** What the SDK throws for `path` when ARM answers `status` with `code` and `message`. */
async function sdkFailure(path: string, status: number, code: string, message: string): Promise<unknown> {
  answers.set(path, { status, code, message });
  // No retries: the retry policy's delays are not what this test is about (the SDK retries 429/5xx before this).
  const client = new ServiceClient({ endpoint: base, retryOptions: { maxRetries: 0 }, allowInsecureConnection: true });
  try {
    await client.sendOperationRequest({ $host: base, path }, getVersion);
  } catch (error) {
    return error;
  }
  throw new Error(`GET ${path} did not fail`);
}

const version = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/app/versions/1.2.3';
const denied =
  "The client 'aaaa-client' with object id 'bbbb-oid' does not have authorization to perform action " +
  `'Microsoft.Compute/galleries/images/versions/write' over scope '${version}' or the scope is invalid. ` +
  'If access was recently granted, please refresh your credentials.';

const rows: Array<{ status: number; armCode: string; armMessage: string; cls: typeof ConfigurationError | typeof AzureError; code: string; says: string[] }> = [
  { status: 403, armCode: 'AuthorizationFailed', armMessage: denied, cls: ConfigurationError, code: 'E_AUTHORIZATION_FAILED',
    says: ["needs role 'Compute Gallery Artifacts Publisher'", 'az role assignment create --assignee bbbb-oid', '--scope /subscriptions/0000/resourceGroups/rg '] },
  { status: 403, armCode: 'RequestDisallowedByPolicy', armMessage: "Resource 'g' was disallowed by policy.", cls: ConfigurationError, code: 'E_AUTHORIZATION_FAILED',
    says: ['access denied (403 RequestDisallowedByPolicy)', "Resource 'g' was disallowed by policy."] },
  { status: 404, armCode: 'ResourceNotFound', armMessage: "The Resource 'Microsoft.Compute/galleries/g' under resource group 'rg' was not found.", cls: ConfigurationError, code: 'E_NOT_FOUND',
    says: [`not found: ${version} (ResourceNotFound:`, 'Check the name, resource group and subscription-id.'] },
  { status: 401, armCode: 'InvalidAuthenticationTokenAudience', armMessage: "The access token has been obtained for wrong audience or resource 'https://management.core.windows.net/'.", cls: ConfigurationError, code: 'E_AUTH_FAILED',
    says: ["the token's audience is not this ARM endpoint"] },
  { status: 401, armCode: 'ExpiredAuthenticationToken', armMessage: 'The access token expiry UTC time is earlier than current UTC time.', cls: ConfigurationError, code: 'E_AUTH_FAILED',
    says: ['the token expired'] },
  { status: 429, armCode: 'TooManyRequests', armMessage: 'The request is being throttled.', cls: AzureError, code: 'E_AZURE_THROTTLED',
    says: ['Azure kept throttling the request (429 TooManyRequests)'] },
  { status: 503, armCode: 'ServiceUnavailable', armMessage: 'The service is temporarily unavailable.', cls: AzureError, code: 'E_AZURE_UNAVAILABLE',
    says: ['Azure failed with 503 ServiceUnavailable after every retry'] },
  { status: 400, armCode: 'InvalidParameter', armMessage: "The value of parameter 'storageProfile' is invalid.", cls: AzureError, code: 'E_AZURE_REQUEST_FAILED',
    says: ["the Azure request failed (400 InvalidParameter): The value of parameter 'storageProfile' is invalid."] },
  { status: 409, armCode: 'Conflict', armMessage: 'Another operation is in progress on the resource.', cls: AzureError, code: 'E_AZURE_REQUEST_FAILED',
    says: ['(409 Conflict)'] },
];

describe('toImagePublishError on RestErrors as the SDK throws them', () => {
  it.each(rows)('$status $armCode -> $code', async ({ status, armCode, armMessage, cls, code, says }) => {
    const thrown = await sdkFailure(version, status, armCode, armMessage);
    expect((thrown as { name?: string }).name, String(thrown)).toBe('RestError');
    const err = toImagePublishError(thrown, 'reading image version 1.2.3');
    expect(err).toBeInstanceOf(cls);
    expect(err.code).toBe(code);
    expect(err.requestId).toBe(`req-${status}`);
    expect(err.message.startsWith('reading image version 1.2.3: ')).toBe(true);
    expect(err.message).toContain(`(x-ms-request-id: req-${status})`);
    for (const text of says) expect(err.message).toContain(text);
  });

  it('says the endpoint cannot be reached when nothing listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new ServiceClient({ endpoint: `http://127.0.0.1:${port}`, retryOptions: { maxRetries: 0 }, allowInsecureConnection: true });
    const thrown = await client.sendOperationRequest({ $host: `http://127.0.0.1:${port}`, path: version }, getVersion).then(
      () => undefined,
      (error: unknown) => error,
    );
    const err = toImagePublishError(thrown, 'listing galleries');
    expect(err).toBeInstanceOf(AzureError);
    expect(err.code).toBe('E_AZURE_UNAVAILABLE');
    expect(err.message).toContain(`cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
  });
});

describe('the translation table', () => {
  it('ends with a catch-all row and maps only to registered codes', () => {
    expect(translationRules.at(-1)?.code).toBe('E_AZURE_REQUEST_FAILED');
    for (const rule of translationRules) expect(errorEntry(rule.code), rule.when).toBeDefined();
  });

  it('gives each row a class from its code kind: user errors exit 2, service failures 1', () => {
    const kinds = translationRules.map((r) => `${r.code}:${errorEntry(r.code)?.kind ?? '?'}`);
    expect(kinds).toContain('E_AUTHORIZATION_FAILED:user');
    expect(kinds).toContain('E_AZURE_THROTTLED:service');
  });
});
