/**
 * Cloud metadata discovery: a custom cloud (Azure Stack Hub, a private cloud, the emulator) needs only its ARM
 * endpoint. Its authority, ARM token audience and portal come from `GET <arm>/metadata/endpoints`, the document
 * `az cloud register --endpoint-resource-manager` and Az.Accounts' `Add-AzEnvironment -ARMEndpoint` read.
 */
import { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } from '@azure/core-rest-pipeline';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { CUSTOM_CLOUD, normalizeUrl, resolveCloud, type CloudEndpoints, type ResolveCloudOptions } from './clouds.js';

export const CLOUD_METADATA_API_VERSION = '2022-09-01';

/** What this product needs from a cloud metadata document. */
export interface DiscoveredCloud {
  authorityHost: string;
  armAudience: string;
  portalUrl?: string;
}

/** Reads a URL and returns its status and body; injectable so the parser is testable without a server. */
export type MetadataFetcher = (url: string) => Promise<{ status: number; body: string }>;

/**
 * Resolves the cloud inputs; for a Custom cloud without authority-host or arm-audience, reads them from the
 * ARM endpoint's metadata document. Explicit inputs always win over discovered values.
 */
export async function resolveCloudWithDiscovery(opts: ResolveCloudOptions, fetcher: MetadataFetcher = fetchMetadata): Promise<CloudEndpoints> {
  const isCustom = (opts.cloud?.trim() || (opts.armEndpoint ? CUSTOM_CLOUD : '')).toLowerCase() === CUSTOM_CLOUD.toLowerCase();
  if (!isCustom || !opts.armEndpoint || (opts.authorityHost && opts.armAudience)) return resolveCloud(opts);
  const discovered = await discoverCloud(normalizeUrl(opts.armEndpoint, 'arm-endpoint'), fetcher);
  return resolveCloud({
    ...opts,
    authorityHost: opts.authorityHost ?? discovered.authorityHost,
    armAudience: opts.armAudience ?? discovered.armAudience,
    ...(discovered.portalUrl ? { portalUrl: discovered.portalUrl } : {}),
  });
}

/** GETs and parses `<arm>/metadata/endpoints`; every failure names the URL and the inputs that avoid discovery. */
export async function discoverCloud(armEndpoint: string, fetcher: MetadataFetcher = fetchMetadata): Promise<DiscoveredCloud> {
  const url = `${armEndpoint}metadata/endpoints?api-version=${CLOUD_METADATA_API_VERSION}`;
  const fail = (why: string): ConfigurationError =>
    new ConfigurationError(
      ErrorCodes.inputInvalid,
      `arm-endpoint '${armEndpoint}': cannot read the cloud metadata document ${url} (${why}). Check arm-endpoint, ` +
        'or set authority-host and arm-audience yourself (az cloud show: endpoints.activeDirectory, endpoints.activeDirectoryResourceId).',
    );
  let response: { status: number; body: string };
  try {
    response = await fetcher(url);
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (response.status !== 200) throw fail(`HTTP ${response.status}`);
  let document: unknown;
  try {
    document = JSON.parse(response.body);
  } catch {
    throw fail('the response is not JSON');
  }
  const found = parseCloudMetadata(document, armEndpoint);
  if (found === undefined) throw fail('it names no authentication.loginEndpoint and audiences');
  return found;
}

/**
 * Real ARM answers an array of cloud objects (api-version 2019-05-01 and later); Azure Stack Hub's older
 * api-versions answer one object. Pick the cloud whose resourceManager is this endpoint, else the only one.
 */
export function parseCloudMetadata(document: unknown, armEndpoint: string): DiscoveredCloud | undefined {
  const clouds = (Array.isArray(document) ? document : [document]).filter(isRecord);
  const sameArm = clouds.find((c) => typeof c.resourceManager === 'string' && withSlash(c.resourceManager) === armEndpoint);
  const cloud = sameArm ?? (clouds.length === 1 ? clouds[0] : undefined);
  const auth = cloud !== undefined && isRecord(cloud.authentication) ? cloud.authentication : undefined;
  const login = typeof auth?.loginEndpoint === 'string' ? auth.loginEndpoint : undefined;
  const audiences = Array.isArray(auth?.audiences) ? auth.audiences.filter((a): a is string => typeof a === 'string' && a !== '') : [];
  const audience = audiences[0];
  if (cloud === undefined || login === undefined || audience === undefined) return undefined;
  const portal = typeof cloud.portal === 'string' ? cloud.portal : typeof cloud.portalEndpoint === 'string' ? cloud.portalEndpoint : undefined;
  return { authorityHost: withSlash(login), armAudience: withSlash(audience), ...(portal ? { portalUrl: withSlash(portal) } : {}) };
}

async function fetchMetadata(url: string): Promise<{ status: number; body: string }> {
  // The SDK's own pipeline: proxy settings, retries on 429/5xx with Retry-After, and the trusted CAs of this process.
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries: 3 } });
  const response = await pipeline.sendRequest(createDefaultHttpClient(), createPipelineRequest({ url, method: 'GET', timeout: 30_000 }));
  return { status: response.status, body: response.bodyAsText ?? '' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
