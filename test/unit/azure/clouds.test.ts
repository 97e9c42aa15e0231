import { describe, expect, it } from 'vitest';
import { armScope, resolveCloud } from '../../../src/core/azure/clouds.js';
import { ConfigurationError } from '../../../src/core/errors.js';

describe('resolveCloud', () => {
  it.each([
    // Key Vault suffixes as `az cloud show` reports suffixes.keyvaultDns, portal hosts as it reports endpoints.portal (azure-cli 2.45).
    ['AzureCloud', 'https://management.azure.com/', 'https://login.microsoftonline.com/', 'https://management.core.windows.net/', 'api://AzureADTokenExchange', 'vault.azure.net', 'https://portal.azure.com/'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn/', 'https://login.chinacloudapi.cn/', 'https://management.core.chinacloudapi.cn/', 'api://AzureADTokenExchangeChina', 'vault.azure.cn', 'https://portal.azure.cn/'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net/', 'https://login.microsoftonline.us/', 'https://management.core.usgovcloudapi.net/', 'api://AzureADTokenExchangeUSGov', 'vault.usgovcloudapi.net', 'https://portal.azure.us/'],
  ])('%s has its real endpoints', (name, arm, authority, audience, exchange, keyVaultDnsSuffix, portal) => {
    const cloud = resolveCloud({ cloud: name });
    expect(cloud).toEqual({ name, armEndpoint: arm, authorityHost: authority, armAudience: audience, tokenExchangeAudience: exchange, keyVaultDnsSuffix, instanceDiscovery: true, portalUrl: portal });
  });

  it('defaults to AzureCloud and matches names case-insensitively', () => {
    expect(resolveCloud({}).name).toBe('AzureCloud');
    expect(resolveCloud({ cloud: 'azureusgovernment' }).name).toBe('AzureUSGovernment');
    expect(resolveCloud({ cloud: '  AZURECHINACLOUD ' }).name).toBe('AzureChinaCloud');
  });

  it('builds a Custom cloud, defaulting the audiences', () => {
    const cloud = resolveCloud({ cloud: 'custom', armEndpoint: 'https://localhost:8443', authorityHost: 'https://localhost:8443/auth' });
    expect(cloud).toEqual({
      name: 'Custom',
      armEndpoint: 'https://localhost:8443/',
      authorityHost: 'https://localhost:8443/auth/',
      armAudience: 'https://localhost:8443/',
      tokenExchangeAudience: 'api://AzureADTokenExchange',
      keyVaultDnsSuffix: 'vault.localhost',
      // A custom authority is not in Microsoft's instance discovery list.
      instanceDiscovery: false,
    });
    expect(armScope(cloud)).toBe('https://localhost:8443/.default');
  });

  it("derives a Custom cloud's Key Vault suffix as Azure Stack Hub names it, unless one is given", () => {
    const stack = { cloud: 'Custom', armEndpoint: 'https://management.local.azurestack.external/', authorityHost: 'https://login.local/' };
    expect(resolveCloud(stack).keyVaultDnsSuffix).toBe('vault.local.azurestack.external');
    expect(resolveCloud({ ...stack, keyVaultDnsSuffix: '.vault.contoso.example' }).keyVaultDnsSuffix).toBe('vault.contoso.example');
  });

  it('treats an arm-endpoint without a cloud name as Custom and keeps an explicit audience', () => {
    const cloud = resolveCloud({ armEndpoint: 'https://arm.local/', authorityHost: 'https://login.local/', armAudience: 'https://management.azure.com' });
    expect(cloud.name).toBe('Custom');
    expect(armScope(cloud)).toBe('https://management.azure.com/.default');
  });

  it('explains what Custom is missing', () => {
    expect(() => resolveCloud({ cloud: 'Custom', armEndpoint: 'https://arm.local/' })).toThrow(/cloud Custom needs authority-host/);
    expect(() => resolveCloud({ cloud: 'Custom' })).toThrow(/needs arm-endpoint and authority-host/);
  });

  it('lists the options for an unknown cloud', () => {
    try {
      resolveCloud({ cloud: 'AzureGermanCloud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as ConfigurationError).code).toBe('E_INPUT_INVALID');
      expect((err as Error).message).toContain("cloud 'AzureGermanCloud' is not known. Use one of: AzureCloud, AzureChinaCloud, AzureUSGovernment, Custom");
    }
  });

  it('refuses plain http and endpoints that contradict a named cloud', () => {
    expect(() => resolveCloud({ cloud: 'Custom', armEndpoint: 'http://arm.local', authorityHost: 'https://l/' })).toThrow(/must use https/);
    expect(() => resolveCloud({ cloud: 'AzureCloud', armEndpoint: 'https://arm.local/' })).toThrow(/does not belong to cloud AzureCloud/);
    expect(resolveCloud({ cloud: 'AzureCloud', armEndpoint: 'https://management.azure.com' }).name).toBe('AzureCloud');
    expect(() => resolveCloud({ cloud: 'Custom', armEndpoint: 'not a url', authorityHost: 'https://l/' })).toThrow(/is not a URL/);
  });
});
