import { ConfigurationError, ImagePublishError } from '../../core/errors.js';

/** The one-line failure text every runtime shows: `E_CODE: message (request id: ...)`. */
export function failureText(error: unknown): string {
  if (error instanceof ImagePublishError) {
    const requestId = error.requestId === undefined ? '' : ` (request id: ${error.requestId})`;
    return `${error.code}: ${error.message}${requestId}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message}`;
}

/** Stack for debug output only; users see failureText. */
export function failureStack(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}

/** CLI exit code: 2 for a user error that changed nothing, 1 for any other failure. */
export function failureExitCode(error: unknown): 1 | 2 {
  return error instanceof ConfigurationError ? 2 : 1;
}
