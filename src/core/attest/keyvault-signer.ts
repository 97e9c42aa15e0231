import { createHash, createPublicKey, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import type { KeyVaultKey } from '@azure/keyvault-keys';

/** @azure/keyvault-keys, loaded on the Key Vault path only. */
const keyVaultSdk = () => import('@azure/keyvault-keys');
import { AzureError, ConfigurationError, ErrorCodes, ImagePublishError } from '../errors.js';
import type { PaeSigner, TrustedKey } from './dsse.js';
import { keyIdOf, p1363ToDer, publicPemOf } from './keys.js';
import { defined } from '../defined.js';
import { inputError } from '../input-error.js';

export interface KeyVaultOptions {
  credential: TokenCredential;
  /**
   * The cloud's Key Vault DNS suffix (CloudEndpoints.keyVaultDnsSuffix), for messages that say where this cloud's
   * vaults live. The SDK's own check that the vault host ends with the challenge's resource always stays on.
   */
  vaultDnsSuffix: string;
}

/** A signer whose private key stays in Key Vault: we send the SHA-256 of the PAE, the vault signs it. */
export interface KeyVaultSigner extends PaeSigner {
  readonly algorithm: 'ES256' | 'PS256';
  readonly publicKeyPem: string;
  /** Versioned key id actually used, so a rotated key never silently changes an existing pipeline. */
  readonly keyVersionId: string;
}

/** Resolves the key (versionless ids pick the current version) and returns a signer bound to that version. */
export async function createKeyVaultSigner(keyId: string, options: KeyVaultOptions): Promise<KeyVaultSigner> {
  const key = await fetchKey(keyId, options);
  const publicKey = publicKeyOf(key, keyId);
  const algorithm = publicKey.asymmetricKeyType === 'ec' ? 'ES256' : 'PS256';
  const { CryptographyClient } = await keyVaultSdk();
  const keyVersionId = defined(key.id, `id of Key Vault key ${keyId}`);
  const crypto = new CryptographyClient(keyVersionId, options.credential, clientOptions);
  return {
    keyid: keyIdOf(publicKey),
    algorithm,
    publicKeyPem: publicPemOf(publicKey),
    keyVersionId,
    async sign(pae) {
      const digest = createHash('sha256').update(pae).digest();
      const result = await call(keyId, 'sign with', options, () => crypto.sign(algorithm, digest));
      // Key Vault answers ES256 as raw r||s; envelopes carry DER like every other DSSE implementation expects.
      return algorithm === 'ES256' ? p1363ToDer(result.result) : Buffer.from(result.result);
    },
  };
}

/** The public key of a Key Vault key as a trusted verification key. */
export async function trustedKeyFromKeyVault(keyId: string, options: KeyVaultOptions): Promise<TrustedKey> {
  const key = await fetchKey(keyId, options);
  const publicKey = publicKeyOf(key, keyId);
  // A version disabled or past its expiry in Key Vault is retired: it no longer verifies.
  const expires = key.properties.enabled === false ? new Date(0) : key.properties.expiresOn;
  return { key: publicKey, keyid: keyIdOf(publicKey), aliases: key.id === undefined ? [] : [key.id], source: key.id ?? keyId, ...(expires ? { notAfter: expires } : {}) };
}

async function fetchKey(keyId: string, options: KeyVaultOptions): Promise<KeyVaultKey> {
  const { KeyClient, parseKeyVaultKeyIdentifier } = await keyVaultSdk();
  let parsed: ReturnType<typeof parseKeyVaultKeyIdentifier>;
  try {
    parsed = parseKeyVaultKeyIdentifier(keyId);
  } catch (error) {
    throw inputError(ErrorCodes.inputInvalid, 'key-vault-key-id',
      `= '${keyId}' is not a Key Vault key id. Use https://<vault>.${options.vaultDnsSuffix}/keys/<name>[/<version>].`,
      { cause: error },
    );
  }
  const client = new KeyClient(parsed.vaultUrl, options.credential, clientOptions);
  const key = await call(keyId, 'read', options, () => client.getKey(parsed.name, { version: parsed.version }));
  if (key.id === undefined || key.key === undefined) {
    throw new AzureError(ErrorCodes.azureRequestFailed, `Key Vault returned key '${keyId}' without its id or public key.`);
  }
  return key;
}

function publicKeyOf(vaultKey: KeyVaultKey, keyId: string): KeyObject {
  const jwk = defined(vaultKey.key, `public key of Key Vault key ${keyId}`);
  const kty = (jwk.kty ?? '').replace(/-HSM$/, '');
  const b64 = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString('base64url'));
  let nodeJwk: NodeJwk;
  if (kty === 'EC' && jwk.crv === 'P-256') nodeJwk = { kty: 'EC', crv: 'P-256', x: b64(jwk.x), y: b64(jwk.y) };
  else if (kty === 'RSA') nodeJwk = { kty: 'RSA', n: b64(jwk.n), e: b64(jwk.e) };
  else {
    throw new ConfigurationError(
      ErrorCodes.keyUnsupported,
      `Key Vault key '${keyId}' is ${jwk.kty} ${jwk.crv ?? ''}; signing needs an EC P-256 or RSA key. Create one with ` +
        '`az keyvault key create --kty EC --curve P-256`.',
    );
  }
  return createPublicKey({ key: nodeJwk, format: 'jwk' });
}

// The SDK's default challenge-resource verification stays on in every cloud: a vault whose challenge names a
// resource its host is not under never gets a token.
const clientOptions = { retryOptions: { maxRetries: 3 } };

/** Runs a Key Vault call, turning its RestErrors into errors that name the key and what to fix. */
async function call<T>(keyId: string, verb: string, options: KeyVaultOptions, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ImagePublishError) throw error;
    const challenge = /The challenge resource '([^']+)' does not match the requested domain/.exec((error as Error).message ?? '');
    if (challenge) {
      throw new ConfigurationError(
        ErrorCodes.inputInvalid,
        `Key Vault key '${keyId}': the server asked for a token for '${challenge[1]}', which its host ${new URL(keyId).hostname} ` +
          `is not under, so no token was sent. Key Vaults of this cloud live at https://<vault>.${options.vaultDnsSuffix}; ` +
          'check the key id and the cloud setting.',
        { cause: error },
      );
    }
    const status = (error as { statusCode?: number }).statusCode;
    const code = (error as { code?: string }).code ?? 'error';
    if (status === 401 || status === 403) {
      throw new ConfigurationError(
        ErrorCodes.authorizationFailed,
        `Cannot ${verb} Key Vault key '${keyId}' (${status} ${code}). The identity needs the 'Key Vault Crypto User' ` +
          `role (keys/get and keys/sign) on the key or vault, and a token for https://${options.vaultDnsSuffix}.`,
        { cause: error },
      );
    }
    if (status === 404) {
      throw new ConfigurationError(ErrorCodes.notFound, `Key Vault key '${keyId}' does not exist. Check 'key-vault-key-id'.`, {
        cause: error,
      });
    }
    throw new AzureError(ErrorCodes.azureRequestFailed, `Key Vault could not ${verb} key '${keyId}': ${(error as Error).message}`, {
      cause: error,
      requestId: (error as { request?: { requestId?: string } }).request?.requestId,
    });
  }
}
