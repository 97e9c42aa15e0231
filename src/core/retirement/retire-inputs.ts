/** Typed inputs of the retire step, from step inputs and image.yaml's `retirement` section (explicit inputs win). */
import type { ImageConfig } from '../config/image-config.js';
import { parseDurationMs } from '../config/durations.js';
import { type InputValues, takeInput } from '../config/merge-inputs.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { GalleryTarget } from '../gallery/gallery-setup.js';
import { resolveGalleryTarget } from '../gallery/gallery-target-input.js';
import type { RetirementPolicy } from './retirement-types.js';
import { inputError } from '../input-error.js';
import { inputList } from '../config/input-values.js';

export interface RetireInputs {
  target: GalleryTarget;
  policy: RetirementPolicy;
  /** Where to look for consumers; the gallery's subscription when empty. */
  subscriptions: string[];
  /** List every action, change nothing. */
  plan: boolean;
  timeoutMs: number;
}

export const DEFAULT_KEEP_LATEST = 3;
export const DEFAULT_KEEP_TAG = 'keep';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `subscriptions` input or image.yaml list; each must be a GUID. */
export function resolveSubscriptions(parsed: InputValues, config: ImageConfig | undefined, configPath: string): string[] {
  const raw = takeInput<unknown>(parsed, 'subscriptions', config, configPath);
  const subs = inputList(raw);
  for (const s of subs) {
    if (!GUID.test(s)) {
      throw inputError(ErrorCodes.inputInvalid, 'subscriptions', `has '${s}', which is not a subscription GUID. List subscription ids (az account list --query [].id), one per line.`);
    }
  }
  return subs;
}

/** Overall step limit from the common `timeout-minutes` input (default 60). */
export function resolveTimeoutMs(parsed: InputValues): number {
  const minutes = parsed['timeout-minutes'];
  return (typeof minutes === 'number' && minutes > 0 ? minutes : 60) * 60_000;
}

function optionalDuration(parsed: InputValues, config: ImageConfig | undefined, input: string, path: string): number | undefined {
  const raw = takeInput<unknown>(parsed, input, config, path);
  if (raw === undefined) return undefined;
  return parseDurationMs(String(raw), parsed[input] !== undefined ? `Input '${input}'` : `image.yaml ${path}`);
}

/** Builds RetireInputs; throws ConfigurationError naming the input when something is missing or contradictory. */
export function resolveRetireInputs(parsed: InputValues, config: ImageConfig | undefined): RetireInputs {
  const target = resolveGalleryTarget(parsed, config);
  const keepRaw = takeInput<unknown>(parsed, 'keep-latest', config, 'retirement.keepLatest', DEFAULT_KEEP_LATEST);
  const keepLatest = Number(keepRaw);
  if (!Number.isInteger(keepLatest) || keepLatest < 1) {
    throw inputError(ErrorCodes.inputInvalid, 'keep-latest', `is '${String(keepRaw)}'; give a whole number of at least 1 (retire always keeps the newest version).`);
  }
  const deprecateAfterMs = optionalDuration(parsed, config, 'deprecate-after', 'retirement.deprecateAfter');
  const deleteAfterMs = optionalDuration(parsed, config, 'delete-after', 'retirement.deleteAfter');
  if (deprecateAfterMs === undefined && deleteAfterMs === undefined) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      "Retire has nothing to do: set 'deprecate-after' and/or 'delete-after' (e.g. 30d and 90d), or retirement.deprecateAfter / retirement.deleteAfter in image.yaml.",
    );
  }
  if (deprecateAfterMs !== undefined && deleteAfterMs !== undefined && deleteAfterMs < deprecateAfterMs) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      "'delete-after' is shorter than 'deprecate-after': versions would be deleted before they are deprecated. Make delete-after at least as long as deprecate-after.",
    );
  }
  const keepTag = String(takeInput<string>(parsed, 'keep-tag', config, 'retirement.keepTag', DEFAULT_KEEP_TAG)).trim();
  if (keepTag === '') throw inputError(ErrorCodes.inputInvalid, 'keep-tag', "is empty; give a tag name such as 'keep'.");
  const plan = parsed.plan === true;
  return {
    target,
    policy: { keepLatest, deprecateAfterMs, deleteAfterMs, keepTag },
    subscriptions: resolveSubscriptions(parsed, config, 'retirement.subscriptions'),
    plan,
    timeoutMs: resolveTimeoutMs(parsed),
  };
}
