import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthenticationResult } from '../identity/identity-types.js';
import { signDigest, verifyDigest, type VaultSignatureAlgorithm } from './prehashed-signing.js';
import { defined } from '../defined.js';

/**
 * The emulator's Key Vault DNS suffix: vaults live at https://<vault>.vault.localhost:<port>, as Azure's live at
 * https://<vault>.vault.azure.net. `*.localhost` is loopback (RFC 6761; Debian's libnss-myhostname resolves it).
 */
export const EMULATOR_KEY_VAULT_DNS_SUFFIX = 'vault.localhost';
/** api-versions accepted: what @azure/keyvault-keys 4.10 sends (2025-07-01) and the 7.x line older tools send. */
export const KEY_VAULT_API_VERSIONS = ['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01'] as const;

export interface KeyVaultServiceOptions {
  now: () => number;
  /** Validates a bearer token for `audience` (signature, issuer, expiry); the identity module provides it. */
  authenticate: (authorizationHeader: string | undefined, audience: string) => Promise<AuthenticationResult>;
  /** `<authority host>/<tenant>`, sent in the 401 challenge so clients know where to get a token. */
  authorizationUri: string;
  /**
   * The resource the 401 challenge names and tokens must be issued for, `https://<Key Vault DNS suffix>` as Azure's
   * `https://vault.azure.net`. The SDK checks that the vault host ends with `.<its host>` before it sends a token.
   */
  resource: string;
  /**
   * Key Vault's RBAC permission model: the vault's ARM resource id (from its name) and whether a principal holds a
   * data action at a scope (the authorizer's `allowsDataAction`). Without it every authenticated caller may act,
   * which only the stand-alone test harness uses.
   */
  rbac?: {
    vaultResourceId: (vaultName: string) => string;
    allowsDataAction: (principalObjectId: string, dataAction: string, scope: string) => boolean;
  };
}

export type KeyOperation = 'create' | 'get' | 'sign' | 'verify';

/** The data action Azure checks per operation (Key Vault Crypto User / Officer in ../shared/azure-roles name them). */
export const KEY_DATA_ACTIONS: Readonly<Record<KeyOperation, string>> = {
  create: 'Microsoft.KeyVault/vaults/keys/create/action',
  get: 'Microsoft.KeyVault/vaults/keys/read',
  sign: 'Microsoft.KeyVault/vaults/keys/sign/action',
  verify: 'Microsoft.KeyVault/vaults/keys/verify/action',
};

/** The vault name a request host names: `<vault>.vault.localhost:<port>` -> `<vault>`. */
export function vaultNameOf(vaultHost: string): string {
  return (vaultHost.split('.')[0] ?? vaultHost).toLowerCase();
}

export interface KeyVaultService {
  /** Serves /keys/** routes; returns false for any other path so the caller can route it elsewhere. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean>;
  /** Test seam: creates a key directly, as `az keyvault key create` would, and returns its versioned id. */
  createKey(vaultUrl: string, name: string, kind: { kty: 'EC' | 'RSA'; keySize?: number }): string;
}

interface StoredKey {
  name: string;
  version: string;
  kty: 'EC' | 'RSA';
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyOps: string[];
  created: number;
  tags?: Record<string, string>;
}

// /keys/{name}/create, /keys/{name}[/{version}], /keys/{name}/{version}/(sign|verify); versions are 32 hex chars.
const ROUTE = /^\/keys\/([A-Za-z0-9-]{1,127})(?:\/create|\/([0-9a-f]{32})?\/?|\/([0-9a-f]{32})\/(sign|verify))$/;

/** A Key Vault keys endpoint (create, get, sign, verify) backed by real node:crypto keys held in memory. */
export function createKeyVaultService(options: KeyVaultServiceOptions): KeyVaultService {
  // Each vault host (<vault>.vault.localhost:<port>) is its own vault: keys are stored per host and name.
  const keys = new Map<string, StoredKey[]>();
  const slot = (vaultHost: string, name: string) => `${vaultHost.toLowerCase()}/${name.toLowerCase()}`;

  function store(vaultHost: string, name: string, kty: 'EC' | 'RSA', keySize: number | undefined, keyOps: string[] | undefined, tags?: Record<string, string>): StoredKey {
    const pair =
      kty === 'EC'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: keySize ?? 2048 });
    const key: StoredKey = {
      name,
      version: randomBytes(16).toString('hex'),
      kty,
      privateKey: pair.privateKey,
      publicKey: pair.publicKey,
      keyOps: keyOps ?? (kty === 'EC' ? ['sign', 'verify'] : ['sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey']),
      created: Math.floor(options.now() / 1000),
      tags,
    };
    keys.set(slot(vaultHost, name), [...(keys.get(slot(vaultHost, name)) ?? []), key]);
    return key;
  }

  function find(vaultHost: string, name: string, version: string | undefined): StoredKey | undefined {
    const versions = keys.get(slot(vaultHost, name)) ?? [];
    return version ? versions.find((key) => key.version === version) : versions.at(-1);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean> {
    const match = ROUTE.exec(url.pathname);
    if (!match) return false;
    const name = defined(match[1], 'key name');
    const version = match[2] ?? match[3];
    const action = url.pathname.endsWith('/create') ? 'create' : match[4];
    const vaultHost = req.headers.host ?? url.host;
    const vaultUrl = `https://${vaultHost}`;

    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion === null) return fail(res, 400, 'BadParameter', 'api-version query parameter is missing.');
    if (!(KEY_VAULT_API_VERSIONS as readonly string[]).includes(apiVersion)) {
      sendError(res, 400, 'BadParameter', `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (2025-07-01).`);
      return true;
    }

    const auth = await options.authenticate(header(req.headers.authorization), options.resource);
    if (!auth.ok) {
      // Key Vault's challenge: the SDK sends a first request without a token and reads where to get one from here.
      res.setHeader('WWW-Authenticate', `Bearer authorization="${options.authorizationUri}", resource="${options.resource}"`);
      sendError(res, 401, 'Unauthorized', req.headers.authorization ? `AKV10032: Invalid token: ${auth.message}` : 'AKV10000: Request is missing a Bearer or PoP token.');
      return true;
    }
    const operation: KeyOperation = action === 'create' ? 'create' : action === 'sign' ? 'sign' : action === 'verify' ? 'verify' : 'get';
    const expectedMethod = operation === 'get' ? 'GET' : 'POST';
    if (req.method !== expectedMethod || (operation === 'create' && version) || ((operation === 'sign' || operation === 'verify') && !version)) {
      sendError(res, 405, 'MethodNotAllowed', `${req.method} ${url.pathname} is not supported by this emulator.`);
      return true;
    }
    if (options.rbac) {
      const vaultId = options.rbac.vaultResourceId(vaultNameOf(vaultHost));
      const dataAction = KEY_DATA_ACTIONS[operation];
      // Checked at the key's scope, so an assignment on the vault or on the key itself grants it, as in Azure.
      if (!options.rbac.allowsDataAction(auth.principal.objectId, dataAction, `${vaultId}/keys/${name}`)) {
        sendForbiddenByRbac(res, auth.principal, dataAction, vaultId);
        return true;
      }
    }

    const request = parseBody(body);
    if (request === undefined) return fail(res, 400, 'BadParameter', 'The request body is not valid JSON.');

    if (operation === 'create') {
      const kty = String(request.kty ?? '').replace(/-HSM$/, '');
      const size = request.key_size as number | undefined;
      const crv = (request.crv as string | undefined) ?? 'P-256';
      if (kty !== 'EC' && kty !== 'RSA') return fail(res, 400, 'BadParameter', `Key type '${String(request.kty)}' is not supported by the emulator (EC, RSA).`);
      if (kty === 'EC' && crv !== 'P-256') return fail(res, 400, 'BadParameter', `Curve '${crv}' is not supported by the emulator (P-256).`);
      if (kty === 'RSA' && size !== undefined && ![2048, 3072, 4096].includes(size)) return fail(res, 400, 'BadParameter', `RSA key size ${size} is not supported (2048, 3072, 4096).`);
      const key = store(vaultHost, name, kty, size, request.key_ops as string[] | undefined, request.tags as Record<string, string> | undefined);
      return reply(res, 200, bundle(vaultUrl, key));
    }

    const key = find(vaultHost, name, version || undefined);
    if (!key) {
      sendError(res, 404, 'KeyNotFound', `A key with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault.`);
      return true;
    }
    if (operation === 'get') return reply(res, 200, bundle(vaultUrl, key));

    const alg = request.alg as string;
    const compatible = (alg === 'ES256' && key.kty === 'EC') || ((alg === 'PS256' || alg === 'RS256') && key.kty === 'RSA');
    if (!compatible) return fail(res, 400, 'BadParameter', `Algorithm '${String(alg)}' is not valid for a ${key.kty} key.`);
    if (!key.keyOps.includes(operation)) return fail(res, 403, 'Forbidden', `Operation ${operation} is not permitted on this key.`);
    const digest = Buffer.from(String(operation === 'sign' ? request.value : request.digest), 'base64url');
    if (digest.length !== 32) return fail(res, 400, 'BadParameter', `Digest length ${digest.length} is invalid for ${alg}; it must be 32 bytes.`);
    const kid = `${vaultUrl}/keys/${key.name}/${key.version}`;
    if (operation === 'sign') {
      return reply(res, 200, { kid, value: signDigest(key.privateKey, alg as VaultSignatureAlgorithm, digest).toString('base64url') });
    }
    const signature = Buffer.from(String(request.value), 'base64url');
    return reply(res, 200, { value: verifyDigest(key.publicKey, alg as VaultSignatureAlgorithm, digest, signature) });
  }

  return {
    handle,
    createKey(vaultUrl, name, kind) {
      const key = store(new URL(vaultUrl).host, name, kind.kty, kind.keySize, undefined);
      return `${vaultUrl.replace(/\/+$/, '')}/keys/${name}/${key.version}`;
    },
  };
}

function bundle(vaultUrl: string, key: StoredKey): Record<string, unknown> {
  const jwk = key.publicKey.export({ format: 'jwk' });
  const material = key.kty === 'EC' ? { crv: 'P-256', x: jwk.x, y: jwk.y } : { n: jwk.n, e: jwk.e };
  return {
    key: { kid: `${vaultUrl}/keys/${key.name}/${key.version}`, kty: key.kty, key_ops: key.keyOps, ...material },
    attributes: {
      enabled: true,
      created: key.created,
      updated: key.created,
      recoveryLevel: 'Recoverable+Purgeable',
      recoverableDays: 90,
      exportable: false,
    },
    ...(key.tags ? { tags: key.tags } : {}),
  };
}

function parseBody(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('x-ms-request-id', randomBytes(16).toString('hex'));
  res.end(JSON.stringify(value));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** Key Vault's 403 for an RBAC vault (Azure's message lines, CRLF-separated; the vault's location line is left out), inner code ForbiddenByRbac. */
function sendForbiddenByRbac(res: ServerResponse, principal: { objectId: string; clientId: string; tenantId: string }, dataAction: string, vaultId: string): void {
  const message = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: appid=${principal.clientId};oid=${principal.objectId};iss=https://sts.windows.net/${principal.tenantId}/`,
    `Action: '${dataAction}'`,
    `Resource: '${vaultId.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    'DecisionReason: null ',
    '',
  ].join('\r\n');
  sendJson(res, 403, { error: { code: 'Forbidden', message, innererror: { code: 'ForbiddenByRbac' } } });
}

/** Sends Key Vault's error shape and reports the request as handled. */
function fail(res: ServerResponse, status: number, code: string, message: string): true {
  sendError(res, status, code, message);
  return true;
}

/** Sends a JSON body and reports the request as handled. */
function reply(res: ServerResponse, status: number, value: unknown): true {
  sendJson(res, status, value);
  return true;
}
