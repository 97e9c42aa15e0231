import { ConfigurationError, ErrorCodes } from '../../core/errors.js';
import { stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec } from '../../steps/step-spec.js';
import { failureText } from '../shared/failure.js';
import { githubInputEnvName } from '../shared/input-names.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The root action (`uses: azimage/image-publish@v1` with `step:`) declares the union of every step's inputs, and
 * gives a default only to inputs every step shares, so a non-empty INPUT_* that the chosen step does not take was
 * written by the user for another step. Returns the failure text naming each such input and its steps, or
 * undefined when there is none.
 */
export function foreignRootInputs(step: AnyStepSpec, all: readonly AnyStepSpec[], env: Env): string | undefined {
  const own = new Set(stepInputs(step, 'github').map(([name]) => name));
  const owners = new Map<string, string[]>();
  for (const other of all) {
    for (const [name] of stepInputs(other, 'github')) {
      if (own.has(name) || name === 'step') continue;
      if ((env[githubInputEnvName(name)] ?? '').trim() === '') continue;
      owners.set(name, [...(owners.get(name) ?? []), other.name]);
    }
  }
  if (owners.size === 0) return undefined;
  const listed = [...owners].map(([name, steps]) => `'${name}' (an input of ${steps.join(', ')})`).join(', ');
  return failureText(
    new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Step '${step.name}' does not take ${listed}. Remove ${owners.size === 1 ? 'it' : 'them'} from 'with:', or set 'step:' to the step ${owners.size === 1 ? 'it belongs' : 'they belong'} to.`,
    ),
  );
}
