import { ConfigurationError, ErrorCodes } from '../errors.js';
import { defined } from '../defined.js';

const unitMs: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** '30m' -> 1800000. `where` names the input or image.yaml field for the error ("rollout.rings[0].bakeTime"). */
export function parseDurationMs(text: string, where: string): number {
  const m = /^\s*([1-9][0-9]*)\s*(s|m|h|d|w)\s*$/.exec(text);
  if (!m) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `${where}: '${text}' is not a duration. Use a whole number and a unit: '90s', '30m', '2h', '7d' or '2w'.`,
    );
  }
  return Number(m[1]) * defined(unitMs[m[2] ?? ''], `unit of '${text}'`);
}
