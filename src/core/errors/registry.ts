import { accessCodes } from './access-codes.js';
import { attestCodes } from './attest-codes.js';
import { azureCodes } from './azure-codes.js';
import { bakeCodes } from './bake-codes.js';
import type { ErrorEntry } from './error-kinds.js';
import { inputCodes } from './input-codes.js';
import { publishCodes } from './publish-codes.js';
import { rolloutCodes } from './rollout-codes.js';
import { scanCodes } from './scan-codes.js';

/** The registry by troubleshooting section, in page order; docs/troubleshooting.md is generated from it. */
export const errorSections = [
  { title: 'Inputs and configuration', codes: inputCodes },
  { title: 'Signing in and permissions', codes: accessCodes },
  { title: 'Azure service failures', codes: azureCodes },
  { title: 'Publish', codes: publishCodes },
  { title: 'Bake', codes: bakeCodes },
  { title: 'Scan', codes: scanCodes },
  { title: 'Pin-rollout', codes: rolloutCodes },
  { title: 'Sign and verify', codes: attestCodes },
] as const;

/** Every registered code by its name (`errorRegistry.inputInvalid.code === 'E_INPUT_INVALID'`). */
export const errorRegistry = {
  ...inputCodes,
  ...accessCodes,
  ...azureCodes,
  ...publishCodes,
  ...bakeCodes,
  ...scanCodes,
  ...rolloutCodes,
  ...attestCodes,
} as const satisfies Record<string, ErrorEntry>;

type Registry = typeof errorRegistry;

/** `{ inputInvalid: 'E_INPUT_INVALID', ... }`: the shape `ErrorCodes` has always had. */
export type RegisteredCodes = { readonly [Name in keyof Registry]: Registry[Name]['code'] };

/** The name → code view of the registry. */
export const registeredCodes = Object.fromEntries(
  Object.entries(errorRegistry).map(([name, entry]) => [name, entry.code]),
) as RegisteredCodes;

const byCode = new Map<string, ErrorEntry>(Object.values(errorRegistry).map((entry) => [entry.code, entry]));

/** The registry entry of a code; undefined for a code added to `ErrorCodes` but not registered yet. */
export function errorEntry(code: string): ErrorEntry | undefined {
  return byCode.get(code);
}

/** The code's stable anchor on the troubleshooting page (GitHub's slug of its `### \`E_X\`` heading). */
export function troubleshootingAnchor(code: string): string {
  return code.toLowerCase();
}

/** Where a code is explained, relative to the repository root. */
export function troubleshootingLink(code: string): string {
  return `docs/troubleshooting.md#${troubleshootingAnchor(code)}`;
}
