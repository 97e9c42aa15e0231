import type { ErrorEntry } from './error-kinds.js';

/** Publish: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const publishCodes = {
  versionExists: {
    code: 'E_VERSION_EXISTS',
    kind: 'user',
    meaning: 'The image version already exists from a different source.',
    fix:
      'Versions are immutable: choose another `version`, or use `version: auto`. If another run created it ' +
      'at the same moment, re-run to see its state. With `version: auto`, a number taken by another ' +
      'pipeline costs a retry; the error appears only when 60 numbers in a row were taken by others. ' +
      'Re-publishing the same source is not an error: the step reports `created: false`.',
  },
  definitionMismatch: {
    code: 'E_DEFINITION_MISMATCH',
    kind: 'user',
    meaning: 'The image definition exists with different immutable properties (OS type or state, Hyper-V ' +
      'generation, architecture, publisher/offer/SKU, security type).',
    fix:
      'The message lists each difference. Make image.yaml `definition` match, or publish to a new ' +
      'definition name.',
  },
} as const satisfies Record<string, ErrorEntry>;
