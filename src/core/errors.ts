/**
 * Errors users can act on. Every error has a stable `code` (documented in the README's troubleshooting
 * table) and a message that says what went wrong, where, and how to fix it.
 */
export class ImagePublishError extends Error {
  readonly code: string;
  /** Azure request id (x-ms-request-id / x-ms-correlation-request-id) when the error came from ARM. */
  readonly requestId: string | undefined;
  /**
   * The step input the error is about, by its spec name (`regions`); runtimes spell it as the user wrote it
   * (`with:` key, task input name, `--flag`). See core/input-error.ts.
   */
  readonly input: string | undefined;

  constructor(code: string, message: string, options: { requestId?: string; cause?: unknown; input?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.requestId = options.requestId;
    this.input = options.input;
  }
}

/** A user error: bad input, bad image.yaml, a missing role. Nothing in Azure was changed. */
export class ConfigurationError extends ImagePublishError {}

/** An Azure call failed in a way the user cannot fix by editing inputs (outage, persistent throttling). */
export class AzureError extends ImagePublishError {}

export const ErrorCodes = {
  configInvalid: 'E_CONFIG_INVALID',
  inputInvalid: 'E_INPUT_INVALID',
  inputMissing: 'E_INPUT_MISSING',
  inputTooLarge: 'E_INPUT_TOO_LARGE',
  authFailed: 'E_AUTH_FAILED',
  authorizationFailed: 'E_AUTHORIZATION_FAILED',
  azureThrottled: 'E_AZURE_THROTTLED',
  azureUnavailable: 'E_AZURE_UNAVAILABLE',
  azureRequestFailed: 'E_AZURE_REQUEST_FAILED',
  notFound: 'E_NOT_FOUND',
  versionExists: 'E_VERSION_EXISTS',
  definitionMismatch: 'E_DEFINITION_MISMATCH',
  timeout: 'E_TIMEOUT',
  operationFailed: 'E_OPERATION_FAILED',
  reportInvalid: 'E_REPORT_INVALID',
  reportNotFound: 'E_REPORT_NOT_FOUND',
  severityUnmapped: 'E_SEVERITY_UNMAPPED',
  scannerMissing: 'E_SCANNER_MISSING',
  scannerFailed: 'E_SCANNER_FAILED',
  scanPolicyFailed: 'E_SCAN_POLICY_FAILED',
  rootfsInvalid: 'E_ROOTFS_INVALID',
  rootfsHookFailed: 'E_ROOTFS_HOOK_FAILED',
  scapContentMissing: 'E_SCAP_CONTENT_MISSING',
  /** A failure the product did not anticipate (a bug or an unclassified error); --json reports it with this code. */
  unexpected: 'E_UNEXPECTED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
