import { readFile } from 'node:fs/promises';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { PaeSigner } from './dsse.js';
import { algorithmFor, keyIdOf, publicPemOf, signLocally, type SignatureAlgorithm } from './keys.js';
import { inputError } from '../input-error.js';

/** A signer backed by a PEM private key: for air-gapped use. */
export interface FileSigner extends PaeSigner {
  readonly algorithm: SignatureAlgorithm;
  readonly publicKeyPem: string;
}

/** Builds a signer from PEM text (PKCS#8, SEC1 or PKCS#1; encrypted when `passphrase` is given). */
export function fileSignerFromPem(pem: string, options: { passphrase?: string; where?: string } = {}): FileSigner {
  const where = options.where ?? "input 'key-file'";
  let key: KeyObject;
  try {
    key = createPrivateKey(options.passphrase === undefined ? pem : { key: pem, passphrase: options.passphrase });
  } catch (error) {
    // Never echo the key or node's message verbatim beyond its reason: it can quote the PEM header only.
    throw new ConfigurationError(
      ErrorCodes.keyInvalid,
      `${where} is not a readable PEM private key (${reason(error)}). Provide an unencrypted PKCS#8 key, or set ` +
        "'key-passphrase' for an encrypted one.",
      { cause: error },
    );
  }
  const algorithm = algorithmFor(key, where);
  return {
    keyid: keyIdOf(key),
    algorithm,
    publicKeyPem: publicPemOf(key),
    sign: async (data) => signLocally(key, algorithm, data),
  };
}

/** Reads the key file and builds a signer; the file name is the only thing error messages mention. */
export async function loadFileSigner(path: string, passphrase?: string): Promise<FileSigner> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw inputError(ErrorCodes.inputInvalid, 'key-file',
      `: cannot read '${path}' (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the path.`,
      { cause: error },
    );
  }
  return fileSignerFromPem(pem, { passphrase, where: `Key file '${path}'` });
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') return 'it is encrypted and no passphrase was given';
  if (code === 'ERR_OSSL_BAD_DECRYPT') return 'the passphrase is wrong';
  return code ?? 'unsupported format';
}
