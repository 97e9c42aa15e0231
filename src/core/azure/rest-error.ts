import type { RestError } from '@azure/core-rest-pipeline';

/**
 * The SDK's RestError type guard, without importing @azure/core-rest-pipeline: a step module that only translates
 * errors then loads no SDK for `--help`. Same test as the SDK's own `isRestError` (@typespec/ts-http-runtime): an
 * Error whose name is 'RestError', which every RestError sets in its constructor.
 */
export function isRestError(e: unknown): e is RestError {
  return e instanceof Error && e.name === 'RestError';
}
