import { z } from 'zod';
import { httpsUrl, isoDate } from './config-primitives.js';

/** Section used by sign and verify. Key references only: private keys never go in image.yaml. */

const keyVaultKeyId = httpsUrl
  .regex(/^https:\/\/[^/]+\/keys\/[^/]+(\/[^/]+)?$/, { message: "expected a Key Vault key id, e.g. 'https://vault.vault.azure.net/keys/signing/<version>'" })
  .describe('Key Vault key id.');

/** The day a key stops being trusted (key rotation: docs/rotate-signing-key.md), as the trusted-keys input's not-after=. */
const notAfter = isoDate.optional().describe('Retire this key from this UTC date on (YYYY-MM-DD): envelopes only it verifies then fail.');

const trustedKey = z.union([
  z.strictObject({ publicKeyFile: z.string().min(1).describe('PEM public key file.'), notAfter }),
  z.strictObject({ keyVaultKeyId, notAfter }),
  z.strictObject({
    github: z.strictObject({
      repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: "expected 'org/repo'" }),
      workflow: z.string().optional().describe('Workflow file path, e.g. .github/workflows/image.yml.'),
    }),
    notAfter,
  }),
]);

export const signingConfig = z
  .strictObject({
    signer: z.enum(['file', 'keyvault', 'github']).optional(),
    keyFile: z.string().optional().describe('PEM private key file for signer file (a path: never put the key itself here).'),
    keyVaultKeyId: keyVaultKeyId.optional(),
    trustedKeys: z.array(trustedKey).optional(),
    storage: z
      .strictObject({
        accountUrl: httpsUrl.describe('Blob service URL, e.g. https://acct.blob.core.windows.net (no SAS).'),
        container: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { message: 'expected a blob container name (3-63 lower-case letters, digits, hyphens)' }),
      })
      .optional(),
    policy: z
      .strictObject({ builderId: z.string().optional(), repository: z.string().optional() })
      .optional()
      .describe('What verify requires of the provenance.'),
  })
  .refine((s) => s.signer !== 'file' || s.keyFile !== undefined, { message: "signer 'file' needs keyFile", path: ['keyFile'] })
  .refine((s) => s.signer !== 'keyvault' || s.keyVaultKeyId !== undefined, { message: "signer 'keyvault' needs keyVaultKeyId", path: ['keyVaultKeyId'] })
  .describe('Signing and verification of provenance.');
