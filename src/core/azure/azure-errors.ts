import { errorOfKind, ImagePublishError } from '../errors.js';
import { failureFacts, redactedRestError, type FailureFacts } from './failure-facts.js';
import { translationRules, type TranslationRule } from './translation-rules.js';

/** The first row of the translation table that takes these facts. */
function ruleFor(facts: FailureFacts): TranslationRule {
  const rule = translationRules.find((r) => r.matches(facts));
  // The table ends with a catch-all row, so this is a bug in the table, never a user's failure.
  if (rule === undefined) throw new Error('translationRules has no catch-all row');
  return rule;
}

/**
 * Turns anything an Azure SDK or @azure/identity throws into an ImagePublishError whose message says what
 * failed, where, and how to fix it. `doing` names the operation ("creating image version 1.2.3 in gallery g").
 * The table in translation-rules.ts decides code and message; the code's registry kind decides the class.
 * Messages never carry tokens or the Authorization header; the ARM request id is kept for support cases.
 */
export function toImagePublishError(err: unknown, doing: string): ImagePublishError {
  if (err instanceof ImagePublishError) return err;
  const facts = failureFacts(err);
  const rule = ruleFor(facts);
  const { rest, requestId } = facts;
  // A RestError holds the request, Authorization header included: keep only a redacted copy as the cause so
  // no debug dump or error reporter can print a token.
  const options = { cause: rest ? redactedRestError(rest, facts.text) : err, ...(requestId ? { requestId } : {}) };
  const suffix = requestId && rule.quotesRequestId !== false ? ` (x-ms-request-id: ${requestId})` : '';
  return errorOfKind(rule.code, `${doing}: ${rule.message(facts)}${suffix}`, options);
}
