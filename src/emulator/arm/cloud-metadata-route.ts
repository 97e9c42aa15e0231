/**
 * `GET /metadata/endpoints`: the cloud metadata document, in the shape real ARM serves (an array of cloud objects,
 * see ../shared/azure-specs/metadata/arm-metadata-endpoints.sample.json), so a client that knows only this ARM
 * endpoint (az cloud register --endpoint-resource-manager, image-publish with cloud Custom) finds the authority
 * and the token audience. Unauthenticated, like ARM's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CLOUD_METADATA_PATH = '/metadata/endpoints';

/** The document for an emulator at `baseUrl` (with trailing slash) whose ARM tokens carry `armAudience`. */
export function cloudMetadataDocument(baseUrl: string, armAudience: string): unknown[] {
  return [
    {
      // The emulator issues tokens for the public cloud's ARM audience, so it names the public portal too.
      portal: 'https://portal.azure.com',
      authentication: { loginEndpoint: baseUrl, audiences: [armAudience], tenant: 'common', identityProvider: 'AAD' },
      name: 'AzureEmulator',
      suffixes: { keyVaultDns: new URL(baseUrl).host, storage: 'core.windows.net' },
      resourceManager: baseUrl,
    },
  ];
}

/** Serves the document; true when the request was for it. */
export function serveCloudMetadata(req: IncomingMessage, res: ServerResponse, baseUrl: string, armAudience: string): boolean {
  const url = new URL(req.url ?? '/', baseUrl);
  if (url.pathname !== CLOUD_METADATA_PATH || (req.method ?? 'GET').toUpperCase() !== 'GET') return false;
  const body = JSON.stringify(cloudMetadataDocument(baseUrl, armAudience));
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}
