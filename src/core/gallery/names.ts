import { ConfigurationError, ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

// Rules from the Microsoft.Compute naming docs: galleries allow letters, digits, dots and underscores
// (no hyphens); image definitions allow letters, digits, dots, underscores and hyphens. Both 1..80,
// starting and ending with a letter or digit. Resource groups: 1..90 of letters, digits, ._-() not ending in a dot.
const RULES = {
  gallery: { pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._]{0,78}[A-Za-z0-9])?$/, hint: '1-80 letters, digits, dots or underscores, starting and ending with a letter or digit (no hyphens)' },
  image: { pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/, hint: '1-80 letters, digits, dots, underscores or hyphens, starting and ending with a letter or digit' },
  resourceGroup: { pattern: /^[-\w._()]{0,89}[-\w_()]$/u, hint: '1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period' },
} as const;

export type NameKind = keyof typeof RULES;

/** Throws E_INPUT_INVALID naming the input when `value` breaks ARM's naming rule for `kind`. */
export function assertValidName(kind: NameKind, value: string, inputName: string): void {
  const rule = RULES[kind];
  if (!rule.pattern.test(value)) {
    throw inputError(ErrorCodes.inputInvalid, inputName,
      `is '${value}', which is not a valid ${kind === 'resourceGroup' ? 'resource group' : kind === 'image' ? 'image definition' : 'gallery'} name: use ${rule.hint}.`,
    );
  }
}
