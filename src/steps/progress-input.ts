import type { InputSpec } from './step-spec.js';

/**
 * The `progress-interval-seconds` input of the steps that wait (bake, publish, replicate): declared here once so
 * its name, type and default spelling cannot drift; `between` says what the interval separates in that step.
 */
export function progressIntervalInput(defaultSeconds: number, between: string, note = ''): InputSpec {
  return { type: 'integer', description: `Seconds between ${between} (default ${defaultSeconds})${note}.`, default: String(defaultSeconds) };
}
