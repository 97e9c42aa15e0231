import type { ErrorEntry } from './error-kinds.js';

/** Azure service failures: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const azureCodes = {
  azureThrottled: {
    code: 'E_AZURE_THROTTLED',
    kind: 'service',
    meaning: 'Azure answered 429 on every retry (the SDK honours `Retry-After`).',
    fix:
      'Re-run later, or spread parallel pipelines over time; a re-run resumes.',
  },
  azureUnavailable: {
    code: 'E_AZURE_UNAVAILABLE',
    kind: 'service',
    meaning: 'Azure answered 5xx on every retry, or the endpoint could not be reached.',
    fix:
      'Check Azure status and the `cloud` / `arm-endpoint` setting (a wrong custom endpoint looks like an ' +
      'outage), then re-run. When this happens while publish waits for a version it already submitted, the ' +
      'message says the version\'s final state is unknown: it was not reported Failed, and a re-run finds ' +
      'the version and waits for it or reuses it.',
  },
  azureRequestFailed: {
    code: 'E_AZURE_REQUEST_FAILED',
    kind: 'service',
    meaning: 'Azure refused the request for a reason not covered above (for example a 400 from ARM, or a blob ' +
      'upload failure).',
    fix:
      'The message carries ARM\'s code and text; fix what it names. Nothing was changed by the failed ' +
      'request.',
  },
  notFound: {
    code: 'E_NOT_FOUND',
    kind: 'user',
    meaning: 'A resource the step reads does not exist: the source image, the gallery (publish creates it only ' +
      'with `create-gallery: true`), the image definition, an envelope URL, a scale set, a Key Vault key.',
    fix:
      'Check the name, resource group and subscription-id in the message.',
  },
  timeout: {
    code: 'E_TIMEOUT',
    kind: 'service',
    meaning: 'The step reached `timeout-minutes`, or a long-running operation did not finish in time.',
    fix:
      'The operation is still running in Azure; re-running resumes it (nothing is started twice). Raise ' +
      '`timeout-minutes` for large images or many regions.',
  },
  operationFailed: {
    code: 'E_OPERATION_FAILED',
    kind: 'service',
    meaning: 'A long-running Azure operation ended in state Failed, or a resource changed under the step.',
    fix:
      'For an image version in state Failed, set `replace-failed: true` to delete and recreate it (with ' +
      '`version: auto` under the same number), or delete it yourself. Publish says Failed only after ' +
      'reading the version\'s own state.',
  },
  unexpected: {
    code: 'E_UNEXPECTED',
    kind: 'internal',
    meaning: 'Only in the CLI\'s `--json` failure document (`{"ok": false, "error": {"code": "E_UNEXPECTED", ' +
      '...}}`): the step failed with an error image-publish did not classify.',
    fix:
      'The message says what happened; re-run with `--debug` for the stack trace and report it as a bug.',
  },
} as const satisfies Record<string, ErrorEntry>;
