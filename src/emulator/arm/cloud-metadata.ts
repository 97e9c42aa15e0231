/**
 * `GET {arm}/metadata/endpoints`: the cloud metadata document clients read to learn a cloud's endpoints.
 * api-version 2022-09-01 answers one cloud object (the shape go-azure-sdk's metadata client and Az.Accounts read,
 * ../shared/azure-specs/metadata/arm-metadata-endpoints.sample.json); 2015-01-01 is the older Azure Stack shape
 * (`galleryEndpoint`, `graphEndpoint`, `portalEndpoint`, `authentication`) that `az cloud register` reads
 * (msrestazure's METADATA_ENDPOINT_SUFFIX). No authentication, as on real ARM.
 */
import { ArmError } from './arm-error.js';

export const cloudMetadataPath = '/metadata/endpoints';
const apiVersions = ['2015-01-01', '2018-01-01', '2019-05-01', '2020-06-01', '2022-09-01'] as const;

/** The emulator as one cloud: ARM, its Entra-compatible authority and its Key Vault all live on `baseUrl`. */
export function cloudMetadataObject(baseUrl: string, armAudience: string): Record<string, unknown> {
  const origin = baseUrl.replace(/\/+$/, '');
  const host = new URL(origin).host;
  return {
    portal: origin,
    authentication: {
      loginEndpoint: `${origin}/`,
      audiences: [...new Set(['https://management.core.windows.net/', armAudience])],
      tenant: 'common',
      identityProvider: 'AAD',
    },
    media: origin,
    graphAudience: `${origin}/`,
    graph: `${origin}/`,
    name: 'ImagePublishEmulator',
    suffixes: {
      // Vaults answer at https://<vault>.vault.localhost:<port> (src/emulator/keyvault), like <vault>.vault.azure.net.
      keyVaultDns: 'vault.localhost',
      storage: 'core.windows.net',
      acrLoginServer: 'azurecr.io',
      sqlServerHostname: '.database.windows.net',
    },
    batch: `${origin}/`,
    resourceManager: `${origin}/`,
    vmImageAliasDoc: `${origin}/`,
    activeDirectoryDataLake: `${origin}/`,
    sqlManagement: `${origin}/`,
    microsoftGraphResourceId: `${origin}/`,
    gallery: `${origin}/`,
  };
}

/** The document for `api-version`, or ARM's 400 for a missing or unknown one. */
export function cloudMetadata(apiVersion: string | null, baseUrl: string, armAudience: string): unknown {
  if (!apiVersion) throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  if (!(apiVersions as readonly string[]).includes(apiVersion)) {
    throw new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${apiVersions.join(',')}'.`);
  }
  const cloud = cloudMetadataObject(baseUrl, armAudience);
  if (apiVersion === '2015-01-01' || apiVersion === '2018-01-01') {
    return { galleryEndpoint: cloud.gallery, graphEndpoint: cloud.graph, portalEndpoint: cloud.portal, authentication: cloud.authentication };
  }
  // 2019-05-01 and 2020-06-01 list every cloud the endpoint knows; the emulator knows one.
  return apiVersion === '2022-09-01' ? cloud : [cloud];
}
