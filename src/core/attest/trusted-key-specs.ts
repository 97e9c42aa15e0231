/**
 * The `trusted-keys` list: which keys and keyless identities verify may trust, and until when. One entry per line:
 * a public key file (PEM, JWK or securesystemslib/in-toto key JSON), an inline PEM block or JSON key, a Key Vault
 * key id, or `github:owner/repo[/workflow]`; each may be followed by `name=value` options, e.g. `not-after=2026-06-30`.
 */
import { readFile } from 'node:fs/promises';
import type { TokenCredential } from '@azure/core-auth';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { TrustedKey } from './dsse.js';
import { parsePublicKeyText } from './key-formats.js';
import { trustedKeyFromKeyVault, type KeyVaultOptions } from './keyvault-signer.js';
import { parseGithubIdentity, GITHUB_IDENTITY_OPTIONS, type GithubIdentity } from './sigstore-identity.js';
import { defined } from '../defined.js';
import { inputError } from '../input-error.js';

/** One `trusted-keys` entry. `notAfter`: the entry is retired from that instant on. */
export type TrustedKeySpec = (
  | { pem: string; source?: string }
  | { pemFile: string }
  | { keyVaultKeyId: string }
  | { githubIdentity: GithubIdentity }
) & { notAfter?: Date };

/** Largest key file read: real public keys are a few kilobytes. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** Parses the `trusted-keys` input lines. */
export function parseTrustedKeySpecs(lines: readonly string[]): TrustedKeySpec[] {
  const specs: TrustedKeySpec[] = [];
  const all = lines.join('\n').split(/\r?\n/);
  // A JSON key (JWK or securesystemslib) is one line; its PEM value, if any, is escaped inside it.
  for (const line of all) if (line.trim().startsWith('{')) specs.push({ pem: line.trim(), source: 'inline JSON key' });
  let text = all.filter((line) => !line.trim().startsWith('{')).join('\n');
  // Inline PEM blocks span lines; take them out first (options may follow the END line).
  const pemBlock = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----([^\n]*)/g;
  for (const match of text.matchAll(pemBlock)) {
    const { options } = splitOptions(`x${match[1] ?? ''}`, 'inline PEM key');
    specs.push(withNotAfter({ pem: match[0].slice(0, match[0].length - (match[1] ?? '').length), source: 'inline PEM key' }, options, 'inline PEM key'));
  }
  text = text.replace(pemBlock, '');
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const { entry, options } = splitOptions(line, line);
    if (entry.startsWith('github:')) {
      const { 'not-after': _notAfter, ...identityOptions } = options;
      specs.push(withNotAfter({ githubIdentity: parseGithubIdentity(entry.slice('github:'.length), identityOptions) }, options, entry));
      continue;
    }
    const misplaced = Object.keys(options).find((name) => name !== 'not-after');
    if (misplaced !== undefined) {
      throw inputError(ErrorCodes.inputInvalid, 'trusted-keys', `entry '${line}': option '${misplaced}' applies to github: entries only.`);
    }
    if (/^https:\/\/.+\/keys\/[^/]+/.test(entry)) specs.push(withNotAfter({ keyVaultKeyId: entry }, options, entry));
    else specs.push(withNotAfter({ pemFile: entry }, options, entry));
  }
  return specs;
}

const OPTION = /\s+([a-z][a-z-]*)=(\S*)$/;

// Trailing `name=value` tokens are options; everything before them is the entry (a path may contain spaces).
function splitOptions(line: string, where: string): { entry: string; options: Record<string, string> } {
  const options: Record<string, string> = {};
  let entry = line;
  for (let match = OPTION.exec(entry); match !== null; match = OPTION.exec(entry)) {
    const [, name = '', value = ''] = match;
    if (name !== 'not-after' && !GITHUB_IDENTITY_OPTIONS.includes(name)) {
      throw inputError(ErrorCodes.inputInvalid, 'trusted-keys', `entry '${where}': unknown option '${name}'. Use not-after=YYYY-MM-DD (any entry) or ${GITHUB_IDENTITY_OPTIONS.join(', ')} (github: entries).`);
    }
    options[name] = value;
    entry = entry.slice(0, match.index);
  }
  return { entry: entry.trim(), options };
}

function withNotAfter<T extends TrustedKeySpec>(spec: T, options: Record<string, string>, where: string): T {
  const text = options['not-after'];
  if (text === undefined) return spec;
  const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw inputError(ErrorCodes.inputInvalid, 'trusted-keys', `entry '${where}': not-after='${text}' is not a date. Use YYYY-MM-DD (UTC midnight) or an ISO 8601 time with a zone.`);
  }
  return { ...spec, notAfter: date };
}

/** The GitHub identities among the trusted key specs that are not retired at `now` (verified through Sigstore). */
export function githubIdentitiesOf(specs: readonly TrustedKeySpec[], now: Date = new Date()): GithubIdentity[] {
  return specs.flatMap((spec) => ('githubIdentity' in spec && (spec.notAfter === undefined || now < spec.notAfter) ? [spec.githubIdentity] : []));
}

/**
 * Loads trusted keys; Key Vault keys are fetched (public part only) with the step's credential. GitHub identities
 * are not keys: callers that verify Sigstore bundles pass `githubIdentities: 'skip'` and use githubIdentitiesOf.
 */
export async function resolveTrustedKeys(
  specs: readonly TrustedKeySpec[],
  keyVault: KeyVaultOptions,
  options: { githubIdentities?: 'skip' | 'reject' } = {},
): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  for (const spec of specs) {
    let key: TrustedKey | undefined;
    if ('pem' in spec) {
      const source = spec.source ?? 'inline PEM key';
      const parsed = parsePublicKeyText(spec.pem, `Input 'trusted-keys' ${source}`);
      key = { key: parsed.key, keyid: defined(parsed.keyids[0], 'key id'), aliases: parsed.keyids.slice(1), source };
    } else if ('pemFile' in spec) {
      const text = await readKeyFile(spec.pemFile);
      const parsed = parsePublicKeyText(text, `Trusted key file '${spec.pemFile}'`);
      key = { key: parsed.key, keyid: defined(parsed.keyids[0], 'key id'), aliases: parsed.keyids.slice(1), source: spec.pemFile };
    } else if ('keyVaultKeyId' in spec) {
      key = await trustedKeyFromKeyVault(spec.keyVaultKeyId, keyVault);
    } else if (options.githubIdentities !== 'skip') {
      throw new ConfigurationError(
        ErrorCodes.inputInvalid,
        `Trusting GitHub identity '${spec.githubIdentity.repository}' needs a Sigstore bundle and a trusted root, which this step ` +
          "does not take: verify the image with the verify step ('trusted-root' input) first, or trust a PEM or Key Vault key here.",
      );
    }
    if (key === undefined) continue;
    // The earlier of the entry's not-after and the key's own expiry wins.
    const notAfter = [spec.notAfter, key.notAfter].filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
    keys.push(notAfter === undefined ? key : { ...key, notAfter });
  }
  return keys;
}

async function readKeyFile(path: string): Promise<string> {
  const buffer = await readFile(path).catch((error: unknown) => {
    throw inputError(ErrorCodes.inputInvalid, 'trusted-keys', `: key file '${path}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the path.`, { cause: error });
  });
  if (buffer.length > MAX_KEY_FILE_BYTES) {
    throw inputError(ErrorCodes.inputTooLarge, 'trusted-keys', `: key file '${path}' is ${buffer.length} bytes; a public key file is at most ${MAX_KEY_FILE_BYTES} bytes. Check the path.`);
  }
  return buffer.toString('utf8');
}
