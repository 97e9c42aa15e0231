import { ConfigurationError, ErrorCodes } from '../errors.js';

/** Endpoints of one Azure cloud. The emulator is just a custom cloud; nothing special-cases it. */
export interface CloudEndpoints {
  /** AzureCloud, AzureChinaCloud, AzureUSGovernment, or Custom. */
  name: string;
  /** Resource Manager endpoint, e.g. https://management.azure.com/ */
  armEndpoint: string;
  /** Entra authority host, e.g. https://login.microsoftonline.com/ */
  authorityHost: string;
  /** Audience of ARM tokens; the scope requested is `${armAudience}.default`. */
  armAudience: string;
  /** Audience of the federated (OIDC) assertion exchanged with Entra. */
  tokenExchangeAudience: string;
  /**
   * Key Vault DNS suffix (`az cloud show` suffixes.keyvaultDns without the dot): vaults are https://<vault>.<suffix>
   * and Key Vault's challenge names https://<suffix> as the token resource.
   */
  keyVaultDnsSuffix: string;
  /**
   * Whether MSAL may run Entra instance discovery for the authority: Microsoft's authorities are in its discovery
   * list; any other authority (a custom cloud's) is not, and discovery would fail or leak the request.
   */
  instanceDiscovery: boolean;
  /** Azure portal of this cloud, for links in summaries (sovereign clouds have their own host); unknown for some custom clouds. */
  portalUrl?: string;
}

export type KnownCloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';

/** The sovereign clouds, with the values `az cloud show` reports (activeDirectoryResourceId is the ARM audience). */
export const knownClouds: Readonly<Record<KnownCloudName, CloudEndpoints>> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com/',
    authorityHost: 'https://login.microsoftonline.com/',
    armAudience: 'https://management.core.windows.net/',
    tokenExchangeAudience: 'api://AzureADTokenExchange',
    keyVaultDnsSuffix: 'vault.azure.net',
    instanceDiscovery: true,
    portalUrl: 'https://portal.azure.com/',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn/',
    authorityHost: 'https://login.chinacloudapi.cn/',
    armAudience: 'https://management.core.chinacloudapi.cn/',
    tokenExchangeAudience: 'api://AzureADTokenExchangeChina',
    keyVaultDnsSuffix: 'vault.azure.cn',
    instanceDiscovery: true,
    portalUrl: 'https://portal.azure.cn/',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net/',
    authorityHost: 'https://login.microsoftonline.us/',
    armAudience: 'https://management.core.usgovcloudapi.net/',
    tokenExchangeAudience: 'api://AzureADTokenExchangeUSGov',
    keyVaultDnsSuffix: 'vault.usgovcloudapi.net',
    instanceDiscovery: true,
    portalUrl: 'https://portal.azure.us/',
  },
};

export const CUSTOM_CLOUD = 'Custom';

export interface ResolveCloudOptions {
  /** AzureCloud (default), AzureChinaCloud, AzureUSGovernment or Custom; case-insensitive. */
  cloud?: string;
  armEndpoint?: string;
  authorityHost?: string;
  /** Custom clouds only; defaults to the ARM endpoint. */
  armAudience?: string;
  /** Custom clouds only; defaults to api://AzureADTokenExchange. */
  tokenExchangeAudience?: string;
  /** Custom clouds only; defaults to the ARM host with `management.` replaced by (or else prefixed with) `vault.`. */
  keyVaultDnsSuffix?: string;
  /** Custom clouds only: the portal host the cloud metadata document names. */
  portalUrl?: string;
}

/** Turns the `cloud` / `arm-endpoint` / `authority-host` inputs into endpoints; an ARM endpoint alone means Custom. */
export function resolveCloud(opts: ResolveCloudOptions): CloudEndpoints {
  const requested = opts.cloud?.trim() || (opts.armEndpoint ? CUSTOM_CLOUD : 'AzureCloud');
  if (requested.toLowerCase() === CUSTOM_CLOUD.toLowerCase()) return customCloud(opts);

  const known = Object.values(knownClouds).find((c) => c.name.toLowerCase() === requested.toLowerCase());
  if (!known) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `cloud '${requested}' is not known. Use one of: ${[...Object.keys(knownClouds), CUSTOM_CLOUD].join(', ')} ` +
        `(Custom needs arm-endpoint).`,
    );
  }
  // Endpoint inputs next to a named cloud are only accepted when they agree with it: a silent mix of
  // one cloud's ARM with another's authority would fail later with a confusing token error.
  for (const [input, given, expected] of [
    ['arm-endpoint', opts.armEndpoint, known.armEndpoint],
    ['authority-host', opts.authorityHost, known.authorityHost],
  ] as const) {
    if (given && normalizeUrl(given, input) !== expected) {
      throw new ConfigurationError(
        ErrorCodes.inputInvalid,
        `${input} '${given}' does not belong to cloud ${known.name} (${expected}). ` +
          `Set cloud: Custom to use your own endpoints, or remove ${input}.`,
      );
    }
  }
  return { ...known };
}

function customCloud(opts: ResolveCloudOptions): CloudEndpoints {
  const missing = [!opts.armEndpoint && 'arm-endpoint', !opts.authorityHost && 'authority-host'].filter(Boolean);
  if (missing.length > 0 || !opts.armEndpoint || !opts.authorityHost) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      `cloud Custom needs ${missing.join(' and ')}: set arm-endpoint to the Resource Manager URL ` +
        `(e.g. https://localhost:8443/); the authority and audience are read from its cloud metadata document, or set authority-host.`,
    );
  }
  const armEndpoint = normalizeUrl(opts.armEndpoint, 'arm-endpoint');
  return {
    name: CUSTOM_CLOUD,
    armEndpoint,
    authorityHost: normalizeUrl(opts.authorityHost, 'authority-host'),
    armAudience: opts.armAudience ? normalizeAudience(opts.armAudience) : armEndpoint,
    tokenExchangeAudience: opts.tokenExchangeAudience?.trim() || knownClouds.AzureCloud.tokenExchangeAudience,
    keyVaultDnsSuffix: opts.keyVaultDnsSuffix?.trim().replace(/^\.+/, '') || defaultKeyVaultDnsSuffix(armEndpoint),
    instanceDiscovery: false,
    ...(opts.portalUrl ? { portalUrl: normalizeAudience(opts.portalUrl) } : {}),
  };
}

/**
 * A custom cloud's Key Vault suffix when none is given, by the convention Azure Stack Hub follows
 * (management.<region>.<fqdn> -> vault.<region>.<fqdn>); a bare host such as localhost gets `vault.` in front.
 */
function defaultKeyVaultDnsSuffix(armEndpoint: string): string {
  const host = new URL(armEndpoint).hostname;
  return host.startsWith('management.') ? `vault.${host.slice('management.'.length)}` : `vault.${host}`;
}

/** The OAuth scope for ARM tokens in this cloud. */
export function armScope(cloud: CloudEndpoints): string {
  return `${cloud.armAudience}.default`;
}

export function normalizeUrl(raw: string, input: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `${input} '${raw}' is not a URL. Use https://host[:port]/.`);
  }
  // The SDK's bearer-token policy refuses to send tokens over plain HTTP, so fail here with a clear reason.
  if (url.protocol !== 'https:') {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `${input} '${raw}' must use https: Azure SDKs only send tokens over HTTPS (for a local endpoint, trust its CA with NODE_EXTRA_CA_CERTS).`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `${input} must be a plain https URL without query, fragment or credentials.`);
  }
  const text = url.toString();
  return text.endsWith('/') ? text : `${text}/`;
}

function normalizeAudience(raw: string): string {
  const trimmed = raw.trim();
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
