import { AuthenticationError } from '@azure/identity';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { toImagePublishError } from '../../../src/core/azure/azure-errors.js';
import { leastRoleFor } from '../../../src/core/azure/role-hints.js';
import { redactSecrets } from '../../../src/core/azure/redact-secrets.js';
import { AzureError, ConfigurationError, ImagePublishError } from '../../../src/core/errors.js';

const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
const versionUrl =
  'https://management.azure.com/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/app/versions/1.2.3?api-version=2025-03-03';

function restError(status: number, code: string, message: string, url = versionUrl): RestError {
  const request = createPipelineRequest({ url, headers: createHttpHeaders({ authorization: `Bearer ${token}` }) });
  const headers = createHttpHeaders({ 'x-ms-request-id': 'req-42' });
  return new RestError(message, { statusCode: status, code, request, response: { status, headers, request } });
}

describe('toImagePublishError', () => {
  it('turns AuthorizationFailed into "needs role X (action Y) on scope Z"', () => {
    const err = toImagePublishError(
      restError(
        403,
        'AuthorizationFailed',
        "The client 'aaaa-client' with object id 'bbbb-oid' does not have authorization to perform action " +
          "'Microsoft.Compute/galleries/images/versions/write' over scope '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/app/versions/1.2.3' " +
          'or the scope is invalid. If access was recently granted, please refresh your credentials.',
      ),
      'creating image version 1.2.3',
    );
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.code).toBe('E_AUTHORIZATION_FAILED');
    expect(err.requestId).toBe('req-42');
    expect(err.message).toContain(
      "creating image version 1.2.3: the identity aaaa-client needs role 'Compute Gallery Artifacts Publisher' " +
        '(action Microsoft.Compute/galleries/images/versions/write) on scope /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/app/versions/1.2.3',
    );
    // The grant goes on the gallery's resource group (docs/rbac.md), never on the version that does not exist yet.
    expect(err.message).toContain(
      'az role assignment create --assignee bbbb-oid --role "Compute Gallery Artifacts Publisher" --scope /subscriptions/0000/resourceGroups/rg ',
    );
    expect(err.message).toContain('x-ms-request-id: req-42');
    expect(err.message).not.toContain(token);
  });

  it.each([
    ['Microsoft.Compute/galleries/read', 'Reader'],
    ['Microsoft.Compute/galleries/write', 'Compute Gallery Artifacts Publisher'],
    ['Microsoft.Compute/galleries/images/delete', 'Compute Gallery Artifacts Publisher'],
    ['Microsoft.Compute/virtualMachineScaleSets/write', 'Virtual Machine Contributor'],
    ['Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action', 'Virtual Machine Contributor'],
    ['Microsoft.Resources/subscriptions/resourceGroups/write', 'Contributor'],
  ])('maps %s to %s', (action, role) => expect(leastRoleFor(action)).toBe(role));

  it('explains AADSTS70021 with the expected subject shape', () => {
    const err = toImagePublishError(
      new AuthenticationError(400, {
        error: 'invalid_client',
        error_description: 'AADSTS70021: No matching federated identity record found for presented assertion. Assertion: ' + token,
      }),
      'signing in',
    );
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain('AADSTS70021');
    expect(err.message).toContain("subject exactly the run's, e.g. 'repo:org/repo:ref:refs/heads/main'");
    expect(err.message).toContain('app registration');
    expect(err.message).not.toContain(token);
  });

  it('maps 401 to E_AUTH_FAILED and names an audience problem', () => {
    const err = toImagePublishError(restError(401, 'InvalidAuthenticationTokenAudience', 'The access token has been obtained for wrong audience or resource'), 'listing galleries');
    expect(err.code).toBe('E_AUTH_FAILED');
    expect(err.message).toContain("token's audience is not this ARM endpoint");
  });

  it('maps 404 to E_NOT_FOUND naming the resource without the query', () => {
    const err = toImagePublishError(restError(404, 'ResourceNotFound', "The Resource 'Microsoft.Compute/galleries/g' was not found."), 'reading version');
    expect(err.code).toBe('E_NOT_FOUND');
    expect(err.message).toContain('not found: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/app/versions/1.2.3 (ResourceNotFound');
    expect(err.message).not.toContain('api-version');
  });

  it('maps 429, 5xx and other statuses', () => {
    const throttled = toImagePublishError(restError(429, 'TooManyRequests', 'slow down'), 'x');
    expect(throttled).toBeInstanceOf(AzureError);
    expect(throttled.code).toBe('E_AZURE_THROTTLED');
    expect(toImagePublishError(restError(503, 'ServiceUnavailable', 'down'), 'x').code).toBe('E_AZURE_UNAVAILABLE');
    const conflict = toImagePublishError(restError(409, 'Conflict', 'busy'), 'x');
    expect(conflict.code).toBe('E_AZURE_REQUEST_FAILED');
    expect(conflict.message).toBe('x: the Azure request failed (409 Conflict): busy (x-ms-request-id: req-42)');
  });

  it('maps connection failures to E_AZURE_UNAVAILABLE naming the endpoint', () => {
    const request = createPipelineRequest({ url: 'https://arm.invalid:8443/subscriptions/0000/providers?api-version=1' });
    const err = toImagePublishError(new RestError('getaddrinfo ENOTFOUND arm.invalid', { code: 'ENOTFOUND', request }), 'listing galleries');
    expect(err.code).toBe('E_AZURE_UNAVAILABLE');
    expect(err.message).toContain('cannot reach https://arm.invalid:8443: ENOTFOUND');
    expect(err.message).toContain('arm-endpoint');
    const tls = toImagePublishError(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'x');
    expect(tls.code).toBe('E_AZURE_UNAVAILABLE');
    expect(tls.message).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('passes ImagePublishErrors through unchanged', () => {
    const original = new ConfigurationError('E_VERSION_EXISTS', 'exists');
    expect(toImagePublishError(original, 'x')).toBe(original);
  });
});

describe('redactSecrets', () => {
  it('removes bearer tokens, JWTs, SAS signatures and form secrets', () => {
    const text = `Authorization: Bearer abc.def.ghi token ${token} https://a.blob.core.windows.net/c/b?sv=1&sig=SECRETSIG client_secret=S3cr3t AccountKey=KEY==;`;
    const out = redactSecrets(text);
    for (const secret of ['abc.def.ghi', token, 'SECRETSIG', 'S3cr3t', 'KEY==']) expect(out).not.toContain(secret);
    expect(out).toContain('sv=1');
  });
});
