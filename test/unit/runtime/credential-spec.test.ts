import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { commonInputs, isOnPlatform } from '../../../src/steps/common-inputs.js';
import type { Platform } from '../../../src/steps/step-spec.js';
import { cliCredentialSpec } from '../../../src/runtime/cli/cli-credential.js';
import { githubCredentialSpec } from '../../../src/runtime/github/github-credential.js';
import { parseInputs } from '../../../src/runtime/shared/parse-inputs.js';

type Env = Record<string, string>;

const onPlatform = (platform: Platform) => Object.entries(commonInputs).filter(([, spec]) => isOnPlatform(spec, platform));

/** The common inputs as a runtime parses them: given values first, then their environment variables. */
function parsed(platform: Platform, given: Record<string, string>, env: Env) {
  return parseInputs(onPlatform(platform), platform, (label) => given[label.replace(/^--/, '')], () => {}, env);
}

describe('GitHub sign-in choice', () => {
  it('client-id + tenant-id means OIDC federation', () => {
    expect(githubCredentialSpec(parsed('github', { 'client-id': 'c', 'tenant-id': 't' }, {}), {}, () => {})).toMatchObject({ kind: 'github-oidc', clientId: 'c', tenantId: 't' });
  });

  it('takes the ids from AZURE_CLIENT_ID / AZURE_TENANT_ID set once in the job env', () => {
    const env = { AZURE_CLIENT_ID: 'env-c', AZURE_TENANT_ID: 'env-t' };
    expect(githubCredentialSpec(parsed('github', {}, env), env, () => {})).toMatchObject({ kind: 'github-oidc', clientId: 'env-c', tenantId: 'env-t' });
    expect(githubCredentialSpec(parsed('github', { 'client-id': 'input-c' }, env), env, () => {})).toMatchObject({ clientId: 'input-c', tenantId: 'env-t' });
  });

  it('a client secret in AZURE_CLIENT_SECRET means a service principal, masked', () => {
    const env = { AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't', AZURE_CLIENT_SECRET: 'gh-secret' };
    const masked: string[] = [];
    expect(githubCredentialSpec(parsed('github', {}, env), env, (s) => masked.push(s))).toEqual({ kind: 'client-secret', clientId: 'c', tenantId: 't', clientSecret: 'gh-secret' });
    expect(masked).toEqual(['gh-secret']);
  });

  it('otherwise DefaultAzureCredential, keeping whatever ids were given', () => {
    expect(githubCredentialSpec(parsed('github', {}, {}), {}, () => {})).toEqual({ kind: 'default' });
    expect(githubCredentialSpec(parsed('github', { 'client-id': 'c' }, {}), {}, () => {})).toEqual({ kind: 'default', clientId: 'c' });
  });
});

describe('CLI sign-in choice', () => {
  const ids = { AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't' };

  it('uses a client secret from the environment only, and masks it', () => {
    const masked: string[] = [];
    const env = { ...ids, AZURE_CLIENT_SECRET: 'shh-secret' };
    expect(cliCredentialSpec(parsed('cli', {}, env), env, (s) => masked.push(s))).toEqual({
      kind: 'client-secret',
      clientId: 'c',
      tenantId: 't',
      clientSecret: 'shh-secret',
    });
    expect(masked).toEqual(['shh-secret']);
  });

  it('flags override the environment ids', () => {
    const env = { ...ids, AZURE_CLIENT_SECRET: 's' };
    expect(cliCredentialSpec(parsed('cli', { 'client-id': 'flag' }, env), env, () => {})).toMatchObject({ clientId: 'flag', tenantId: 't' });
  });

  it('reads a PEM certificate from AZURE_CLIENT_CERTIFICATE_PATH, and says which file it could not read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cert-')), 'sp.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    const withCert = (path: string) => ({ ...ids, AZURE_CLIENT_CERTIFICATE_PATH: path });
    expect(cliCredentialSpec(parsed('cli', {}, withCert(file)), withCert(file), () => {})).toMatchObject({ kind: 'client-certificate' });
    expect(() => cliCredentialSpec(parsed('cli', {}, ids), withCert('/nope.pem'), () => {})).toThrow(ConfigurationError);
    expect(() => cliCredentialSpec(parsed('cli', {}, ids), withCert('/nope.pem'), () => {})).toThrow("Cannot read AZURE_CLIENT_CERTIFICATE_PATH '/nope.pem'");
  });

  it('falls back to DefaultAzureCredential (Azure CLI, managed identity, ...)', () => {
    expect(cliCredentialSpec(parsed('cli', {}, {}), {}, () => {})).toEqual({ kind: 'default', platform: 'cli' });
  });

  it('Azure DevOps never takes sign-in or cloud from the environment: the service connection decides', () => {
    const env = { ...ids, IMAGE_PUBLISH_ARM_ENDPOINT: 'https://arm.example/' };
    const onAzdo = parseInputs(onPlatform('azdo'), 'azdo', (label) => (label === 'azureSubscription' ? 'conn' : undefined), () => {}, env);
    expect(onAzdo['arm-endpoint']).toBeUndefined();
    expect(onAzdo['client-id']).toBeUndefined();
  });

  it('a bad value from the environment names the variable it came from', () => {
    expect(() => parsed('cli', {}, { IMAGE_PUBLISH_CLOUD: 'Moon' })).toThrow("Environment variable 'IMAGE_PUBLISH_CLOUD' (input '--cloud') value 'Moon' is not an allowed value");
  });
});
