// Input `subject-digest`, apart from attestation.ts: the verify step parses it before it runs, and importing the
// verification code (Sigstore's libraries) for that would load them for `--help` too.
import { defined } from '../defined.js';
import { ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

/** `subject-digest` as the user gives it: `<algorithm>:<hex>`, e.g. `sha256:49a3…`. */
export interface SubjectDigest {
  algorithm: string;
  hex: string;
}

/** Parses input `subject-digest`. */
export function parseSubjectDigest(text: string): SubjectDigest {
  const match = /^([a-z0-9-]+):([0-9a-fA-F]{32,128})$/.exec(text.trim());
  if (!match) {
    throw inputError(ErrorCodes.inputInvalid, 'subject-digest', `is '${text}'; give <algorithm>:<hex>, e.g. sha256:$(sha256sum file | cut -d' ' -f1).`);
  }
  return { algorithm: defined(match[1], 'digest algorithm'), hex: defined(match[2], 'digest hex').toLowerCase() };
}
