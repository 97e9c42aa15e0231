import type { ErrorEntry } from './error-kinds.js';

/** Sign and verify: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const attestCodes = {
  keyInvalid: {
    code: 'E_KEY_INVALID',
    kind: 'user',
    meaning: 'The key file is not a readable PEM key: wrong file, encrypted without `key-passphrase`, or a wrong ' +
      'passphrase; or a trusted key is not a PEM public key.',
    fix:
      'Point the input at the right key file, give `key-passphrase` for an encrypted key, or export the public key as PEM.',
  },
  keyUnsupported: {
    code: 'E_KEY_UNSUPPORTED',
    kind: 'user',
    meaning: 'The key type cannot sign image attestations.',
    fix:
      'Use ECDSA P-256, Ed25519 or RSA (2048+ bits); in Key Vault, EC P-256 or RSA (`az keyvault key ' +
      'create --kty EC --curve P-256`).',
  },
  manifestInvalid: {
    code: 'E_MANIFEST_INVALID',
    kind: 'service',
    meaning: 'The image manifest to sign could not be built or serialised as canonical JSON (for example a value ' +
      'JSON cannot represent).',
    fix:
      'This points at a damaged input or bake manifest; re-run bake or check `vhd-sha256` and `reports`.',
  },
  envelopeInvalid: {
    code: 'E_ENVELOPE_INVALID',
    kind: 'rejected',
    meaning: 'The DSSE envelope is not well-formed: not JSON, missing fields, bad base64, or a statement that is ' +
      'not in-toto.',
    fix:
      'Use the envelope file or URL sign produced, unmodified.',
  },
  payloadTypeMismatch: {
    code: 'E_PAYLOAD_TYPE_MISMATCH',
    kind: 'rejected',
    meaning: 'The envelope\'s payload type is not an in-toto image attestation.',
    fix:
      'It was produced by another tool; verify the envelope sign wrote.',
  },
  signatureInvalid: {
    code: 'E_SIGNATURE_INVALID',
    kind: 'rejected',
    meaning: 'No trusted key verifies the envelope.',
    fix:
      'Either its content was modified after signing, or it was signed by a key that is not in ' +
      '`trusted-keys`: the two cannot be told apart, because keyids are unauthenticated hints. When the ' +
      'envelope\'s keyid names a trusted key, the message says that key does not verify it (modified after ' +
      'signing). For a keyless bundle: the bundle differs from what the transparency log recorded. Do not ' +
      'use the image; if the signer is legitimate, add its public key (PEM, JWK or securesystemslib key ' +
      'JSON) to `trusted-keys`.',
  },
  keyUntrusted: {
    code: 'E_KEY_UNTRUSTED',
    kind: 'rejected',
    meaning: 'The envelope verifies only with a key that is no longer trusted, or a keyless bundle\'s signer is ' +
      'not one `trusted-keys` accepts.',
    fix:
      'A key retired by `not-after` in `trusted-keys` (or a Key Vault key version that expired or was ' +
      'disabled): sign the image again with the current key (docs/rotate-signing-key.md). For a keyless bundle: its certificate does not chain to a Fulcio CA in `trusted-root` (a bundle ' +
      'from GitHub\'s own Sigstore instance needs every line `gh attestation trusted-root` prints), or no ' +
      '`github:` entry accepts its identity (the message lists, per entry, which of OIDC issuer, source ' +
      'repository, signer workflow (SAN) or ref differed).',
  },
  tlogInvalid: {
    code: 'E_TLOG_INVALID',
    kind: 'rejected',
    meaning: 'A keyless (Sigstore) bundle has fewer transparency-log (Rekor) entries than `tlog-threshold` ' +
      'requires (default 1; 0 is refused), or its entry or timestamp does not verify against ' +
      '`trusted-root`.',
    fix:
      'Sign again with `signer: github`, or refresh `trusted-root` with `gh attestation trusted-root`.',
  },
  subjectMismatch: {
    code: 'E_SUBJECT_MISMATCH',
    kind: 'rejected',
    meaning: 'The envelope was signed for another image (or its subject list was altered).',
    fix:
      'Verify with the envelope sign produced for this image.',
  },
  resourceChanged: {
    code: 'E_RESOURCE_CHANGED',
    kind: 'rejected',
    meaning: 'The image in Azure no longer matches what was signed (the message lists the fields that differ).',
    fix:
      'Do not roll it out; rebuild and sign again.',
  },
  policyMismatch: {
    code: 'E_POLICY_MISMATCH',
    kind: 'rejected',
    meaning: 'The signature is valid, but the provenance does not meet the verify policy (builder or repository).',
    fix:
      'Build the image with the approved workflow, or correct the policy inputs.',
  },
} as const satisfies Record<string, ErrorEntry>;
