import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { cliCredentialSpec } from '../../../src/runtime/cli/cli-credential.js';
import { githubCredentialSpec } from '../../../src/runtime/github/github-credential.js';

describe('GitHub sign-in choice', () => {
  it('client-id + tenant-id means OIDC federation', () => {
    expect(githubCredentialSpec({ 'client-id': 'c', 'tenant-id': 't' })).toMatchObject({ kind: 'github-oidc', clientId: 'c', tenantId: 't' });
  });

  it('otherwise DefaultAzureCredential, keeping whatever ids were given', () => {
    expect(githubCredentialSpec({})).toEqual({ kind: 'default' });
    expect(githubCredentialSpec({ 'client-id': 'c' })).toEqual({ kind: 'default', clientId: 'c' });
  });
});

describe('CLI sign-in choice', () => {
  const ids = { AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't' };

  it('uses a client secret from the environment only, and masks it', () => {
    const masked: string[] = [];
    expect(cliCredentialSpec({}, { ...ids, AZURE_CLIENT_SECRET: 'shh-secret' }, (s) => masked.push(s))).toEqual({
      kind: 'client-secret',
      clientId: 'c',
      tenantId: 't',
      clientSecret: 'shh-secret',
    });
    expect(masked).toEqual(['shh-secret']);
  });

  it('flags override the environment ids', () => {
    expect(cliCredentialSpec({ 'client-id': 'flag' }, { ...ids, AZURE_CLIENT_SECRET: 's' }, () => {})).toMatchObject({ clientId: 'flag' });
  });

  it('reads a PEM certificate from AZURE_CLIENT_CERTIFICATE_PATH, and says which file it could not read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cert-')), 'sp.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    expect(cliCredentialSpec({}, { ...ids, AZURE_CLIENT_CERTIFICATE_PATH: file }, () => {})).toMatchObject({ kind: 'client-certificate' });
    expect(() => cliCredentialSpec({}, { ...ids, AZURE_CLIENT_CERTIFICATE_PATH: '/nope.pem' }, () => {})).toThrow(ConfigurationError);
    expect(() => cliCredentialSpec({}, { ...ids, AZURE_CLIENT_CERTIFICATE_PATH: '/nope.pem' }, () => {})).toThrow("Cannot read AZURE_CLIENT_CERTIFICATE_PATH '/nope.pem'");
  });

  it('falls back to DefaultAzureCredential (Azure CLI, managed identity, ...)', () => {
    expect(cliCredentialSpec({}, {}, () => {})).toEqual({ kind: 'default', platform: 'cli' });
  });
});
