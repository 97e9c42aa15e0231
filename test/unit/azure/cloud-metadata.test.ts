import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverCloud, parseCloudMetadata, resolveCloudWithDiscovery } from '../../../src/core/azure/cloud-metadata.js';
import { ConfigurationError } from '../../../src/core/errors.js';

// Azure's own sample of the document (Az.Accounts Add-AzEnvironment help); see its SOURCE.txt.
const shared = resolve(import.meta.dirname, '../../../../shared');
const azureSample: unknown = JSON.parse(readFileSync(resolve(shared, 'azure-specs/metadata/arm-metadata-endpoints.sample.json'), 'utf8'));

describe('cloud metadata document', () => {
  it("reads authority, audience and portal from Azure's published sample (an array of clouds)", () => {
    expect(parseCloudMetadata(azureSample, 'https://management.azure.com/')).toEqual({
      authorityHost: 'https://login.microsoftonline.com/',
      armAudience: 'https://management.core.windows.net/',
      portalUrl: 'https://portal.azure.com/',
    });
  });

  it("accepts Azure Stack Hub's single-object shape and picks the cloud matching the ARM endpoint from several", () => {
    const stack = { portalEndpoint: 'https://portal.local.azurestack.external/', authentication: { loginEndpoint: 'https://adfs.local.azurestack.external/adfs', audiences: ['https://management.adfs.azurestack.local/x'] } };
    expect(parseCloudMetadata(stack, 'https://management.local.azurestack.external/')).toEqual({
      authorityHost: 'https://adfs.local.azurestack.external/adfs/',
      armAudience: 'https://management.adfs.azurestack.local/x/',
      portalUrl: 'https://portal.local.azurestack.external/',
    });
    const two = [
      { resourceManager: 'https://a.example/', authentication: { loginEndpoint: 'https://login.a.example/', audiences: ['https://a/'] } },
      { resourceManager: 'https://b.example', authentication: { loginEndpoint: 'https://login.b.example/', audiences: ['https://b/'] } },
    ];
    expect(parseCloudMetadata(two, 'https://b.example/')?.authorityHost).toBe('https://login.b.example/');
    expect(parseCloudMetadata(two, 'https://c.example/')).toBeUndefined();
  });

  it('discovers only for a Custom cloud missing authority or audience, and explicit inputs win', async () => {
    const calls: string[] = [];
    const fetcher = async (url: string) => {
      calls.push(url);
      return { status: 200, body: JSON.stringify([{ resourceManager: 'https://arm.example/', portal: 'https://portal.example', authentication: { loginEndpoint: 'https://login.example/', audiences: ['https://aud.example/'] } }]) };
    };
    const cloud = await resolveCloudWithDiscovery({ armEndpoint: 'https://arm.example' }, fetcher);
    expect(calls).toEqual(['https://arm.example/metadata/endpoints?api-version=2022-09-01']);
    expect(cloud).toMatchObject({ name: 'Custom', armEndpoint: 'https://arm.example/', authorityHost: 'https://login.example/', armAudience: 'https://aud.example/', portalUrl: 'https://portal.example/' });
    const explicit = await resolveCloudWithDiscovery({ armEndpoint: 'https://arm.example', armAudience: 'https://mine/' }, fetcher);
    expect(explicit.armAudience).toBe('https://mine/');
    calls.length = 0;
    await resolveCloudWithDiscovery({ cloud: 'AzureUSGovernment' }, fetcher);
    await resolveCloudWithDiscovery({ armEndpoint: 'https://arm.example', authorityHost: 'https://l/', armAudience: 'https://a/' }, fetcher);
    expect(calls).toEqual([]);
  });

  it('names the URL and the inputs to set when the document cannot be read', async () => {
    for (const answer of [{ status: 404, body: '' }, { status: 200, body: '<html>' }, { status: 200, body: '{}' }]) {
      const error = await discoverCloud('https://arm.example/', async () => answer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('https://arm.example/metadata/endpoints?api-version=2022-09-01');
      expect((error as Error).message).toContain('set authority-host and arm-audience');
    }
  });
});
