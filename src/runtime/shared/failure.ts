import { ErrorCodes, ImagePublishError, troubleshootingLink, type ErrorKind } from '../../core/errors.js';

/** Spells a step input's spec name as the user writes it on the platform (see input-names.ts inputSpeller). */
export type InputSpeller = (name: string) => string | undefined;

/**
 * The one-line failure text every runtime shows: the code, the message and the request id, with every input the message
 * names (`Input 'regions'`, `input 'key-file'`) spelled as on the platform when `spell` is given.
 */
export function failureText(error: unknown, spell?: InputSpeller): string {
  if (error instanceof ImagePublishError) {
    const requestId = error.requestId === undefined ? '' : ` (request id: ${error.requestId})`;
    return `${error.code}: ${spellInputs(error.message, spell)}${requestId}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message}`;
}

/** Stack for debug output only; users see failureText. */
export function failureStack(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}

/**
 * The exit code of every runtime (GitHub, Azure DevOps, CLI): the registry kind of the error's code decides,
 * 2 for a user error that changed nothing, 1 for any other failure (docs/troubleshooting.md#exit-codes).
 */
export function failureExitCode(error: unknown): 1 | 2 {
  return error instanceof ImagePublishError ? error.exitCode : 1;
}

/** The `--json` document of a failed run: what failed, and the outputs reached so far (for a resume). */
export interface FailureJson {
  ok: false;
  /** `kind` and `help` (the code's troubleshooting section) say what to do without parsing the message. */
  error: { code: string; kind: ErrorKind; message: string; help: string; input?: string };
  outputs: Record<string, unknown>;
}

/** Builds the `--json` failure document; `input` when the error names the input it is about. */
export function failureJson(error: unknown, outputs: Record<string, unknown>, spell?: InputSpeller): FailureJson {
  const code = error instanceof ImagePublishError ? error.code : ErrorCodes.unexpected;
  const kind = error instanceof ImagePublishError ? error.kind : 'internal';
  const raw = error instanceof Error ? error.message : String(error);
  const message = spellInputs(raw, spell);
  const named = inputOf(error, raw);
  const input = named === undefined ? undefined : (spell?.(named) ?? named);
  return { ok: false, error: { code, kind, message, help: troubleshootingLink(code), ...(input === undefined ? {} : { input }) }, outputs };
}

/** The input an error is about: an explicit `input` property, else the first `input 'x'`, `--x` or `Input 'x'` it names. */
function inputOf(error: unknown, message: string): string | undefined {
  const explicit = (error as { input?: unknown } | undefined)?.input;
  if (typeof explicit === 'string') return explicit;
  const named = /\b[Ii]nput '([a-z][a-z0-9-]*)'/.exec(message) ?? /(?:^|[\s'(])--([a-z][a-z0-9-]*)/.exec(message);
  return named?.[1];
}

/** Replaces the spec names in `Input 'x'` / `input 'x'` / `Inputs 'x' and 'y'` with the platform's spelling. */
export function spellInputs(message: string, spell: InputSpeller | undefined): string {
  if (spell === undefined) return message;
  return message.replace(/\b([Ii]nputs? )'([a-z][a-z0-9-]*)'/g, (whole, lead: string, name: string) => {
    const spelled = spell(name);
    return spelled === undefined ? whole : `${lead}'${spelled}'`;
  });
}
