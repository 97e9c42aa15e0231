import { exitCodeOfKind, type ErrorKind } from './errors/error-kinds.js';
import { errorEntry, registeredCodes } from './errors/registry.js';

export type { ErrorEntry, ErrorKind } from './errors/error-kinds.js';
export { errorEntry, errorRegistry, errorSections, troubleshootingLink } from './errors/registry.js';

/**
 * Every code image-publish reports, by name: `ErrorCodes.inputInvalid === 'E_INPUT_INVALID'`. The codes, their
 * kinds and troubleshooting text live in the registry (src/core/errors/); docs/troubleshooting.md is generated
 * from it.
 */
export const ErrorCodes = {
  ...registeredCodes,
  // A branch may add `<name>: 'E_X',` here; test/unit/errors/error-registry.test.ts names each such code until
  // it is moved into src/core/errors/ with its kind and troubleshooting text.
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * Errors users can act on. Every error has a stable `code` from the registry (docs/troubleshooting.md) and a
 * message that says what went wrong, where, and how to fix it. Throw the subclass that matches the code's kind.
 */
export abstract class ImagePublishError extends Error {
  readonly code: ErrorCode;
  /** Azure request id (x-ms-request-id / x-ms-correlation-request-id) when the error came from ARM. */
  readonly requestId: string | undefined;
  /** The kind a code without a registry entry falls back to. */
  protected abstract readonly fallbackKind: ErrorKind;
  /**
   * The step input the error is about, by its spec name (`regions`); runtimes spell it as the user wrote it
   * (`with:` key, task input name, `--flag`). See core/input-error.ts.
   */
  readonly input: string | undefined;

  constructor(code: ErrorCode, message: string, options: { requestId?: string; cause?: unknown; input?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.requestId = options.requestId;
    this.input = options.input;
  }

  /** The code's kind in the registry: it, not the class, decides the exit code. */
  get kind(): ErrorKind {
    return errorEntry(this.code)?.kind ?? this.fallbackKind;
  }

  /** 2 for a user error (nothing changed in Azure), 1 for every other failure; the same on every runtime. */
  get exitCode(): 1 | 2 {
    return exitCodeOfKind[this.kind];
  }
}

/** A user error: bad input, bad image.yaml, a missing role. Nothing in Azure was changed. */
export class ConfigurationError extends ImagePublishError {
  protected readonly fallbackKind = 'user';
}

/** An Azure call or external tool failed in a way the user cannot fix by editing inputs (outage, throttling, a failed build). */
export class AzureError extends ImagePublishError {
  protected readonly fallbackKind = 'service';
}

/** A check rejected what it examined: a signature, trust, provenance or scan policy, a health gate. Do not use the image. */
export class RejectedError extends ImagePublishError {
  protected readonly fallbackKind = 'rejected';
}

/** An error of the class that matches the code's registry kind (for tables that map failures to codes). */
export function errorOfKind(code: ErrorCode, message: string, options: { requestId?: string; cause?: unknown } = {}): ImagePublishError {
  const kind = errorEntry(code)?.kind;
  if (kind === 'user') return new ConfigurationError(code, message, options);
  if (kind === 'rejected') return new RejectedError(code, message, options);
  return new AzureError(code, message, options);
}
