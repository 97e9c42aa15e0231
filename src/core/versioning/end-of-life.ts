import { type ConfigurationError, ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';

const RELATIVE_PATTERN = /^\+(\d{1,5})([dwmy])$/;
const ABSOLUTE_PATTERN = /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Resolves an end-of-life input: absolute (`2027-06-30` or an ISO timestamp) or relative to `now`
 * (`+180d`, `+26w`, `+6m`, `+1y`). Throws E_INPUT_INVALID naming the input; a date in the past is refused
 * because ARM would accept it and the version would be born end-of-life.
 */
export function resolveEndOfLife(text: string, now: Date, inputName = 'end-of-life'): Date {
  const value = text.trim();
  const relative = RELATIVE_PATTERN.exec(value);
  let date: Date;
  if (relative) {
    const amount = Number(relative[1]);
    date = new Date(now.getTime());
    switch (relative[2]) {
      case 'd':
        date.setUTCDate(date.getUTCDate() + amount);
        break;
      case 'w':
        date.setUTCDate(date.getUTCDate() + amount * 7);
        break;
      case 'm':
        date.setUTCMonth(date.getUTCMonth() + amount);
        break;
      default:
        date.setUTCFullYear(date.getUTCFullYear() + amount);
    }
  } else if (ABSOLUTE_PATTERN.test(value)) {
    date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(date.getTime()) || (value.length === 10 && date.toISOString().slice(0, 10) !== value)) {
      throw invalid(inputName, value);
    }
  } else {
    throw invalid(inputName, value);
  }
  if (date.getTime() <= now.getTime()) {
    throw inputError(ErrorCodes.inputInvalid, inputName,
      `is '${value}', which is not in the future (now is ${now.toISOString()}). ` +
        `Give a later date or a relative period such as '+180d'.`,
    );
  }
  return date;
}

function invalid(inputName: string, value: string): ConfigurationError {
  return inputError(ErrorCodes.inputInvalid, inputName,
    `is '${value}', which is neither a date (2027-06-30, or an ISO 8601 timestamp) ` +
      `nor a relative period ('+180d', '+26w', '+6m', '+1y').`,
  );
}
