import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { inputError } from '../../../src/core/input-error.js';
import { failureJson, failureText } from '../../../src/runtime/shared/failure.js';
import { inputSpeller } from '../../../src/runtime/shared/input-names.js';
import { replicateStep } from '../../../src/steps/replicate.js';
import { signStep } from '../../../src/steps/sign.js';
import type { AnyStepSpec } from '../../../src/steps/step-spec.js';

/** Throws what the step's resolve() throws for these parsed inputs. */
function resolveError(parsed: Record<string, unknown>, step: AnyStepSpec = replicateStep): ConfigurationError {
  try {
    step.resolve(parsed, undefined);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('resolve() accepted the inputs');
}

describe('input errors carry the spec name; each runtime spells it', () => {
  it('core raises the error with input set and a message that starts from the spec name', () => {
    const error = resolveError({ 'image-version-id': 'not-an-id', regions: 'westeurope' });
    expect(error.input).toBe('image-version-id');
    expect(error.code).toBe('E_INPUT_INVALID');
    expect(error.message).toMatch(/^Input 'image-version-id' is 'not-an-id'/);
  });

  it('GitHub: the with: key (kebab-case, as in action.yml)', () => {
    const error = resolveError({ 'image-version-id': 'not-an-id', regions: 'westeurope' });
    expect(failureText(error, inputSpeller(replicateStep, 'github'))).toMatch(/^E_INPUT_INVALID: Input 'image-version-id' is 'not-an-id'/);
    expect(failureJson(error, {}, inputSpeller(replicateStep, 'github')).error.input).toBe('image-version-id');
  });

  it('Azure DevOps: the task input name (as in task.json)', () => {
    const error = resolveError({ 'image-version-id': 'not-an-id', regions: 'westeurope' });
    const text = failureText(error, inputSpeller(replicateStep, 'azdo'));
    expect(text).toMatch(/^E_INPUT_INVALID: Input 'imageVersionId' is 'not-an-id'/);
    expect(text).not.toContain("'image-version-id'");
    expect(failureJson(error, {}, inputSpeller(replicateStep, 'azdo')).error.input).toBe('imageVersionId');
  });

  it('CLI: the --flag, in the text and in --json error.input', () => {
    const error = resolveError({ 'image-version-id': 'not-an-id', regions: 'westeurope' });
    expect(failureText(error, inputSpeller(replicateStep, 'cli'))).toMatch(/^E_INPUT_INVALID: Input '--image-version-id' is 'not-an-id'/);
    const json = failureJson(error, {}, inputSpeller(replicateStep, 'cli'));
    expect(json.error.input).toBe('--image-version-id');
    expect(json.error.message).toMatch(/^Input '--image-version-id'/);
  });

  it('spells every input a message names, also mid-sentence, and leaves names the step does not take alone', () => {
    const error = resolveError({ signer: 'file', 'subject-id': '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/images/img' }, signStep);
    expect(error.input).toBe('key-file');
    expect(failureText(error, inputSpeller(signStep, 'azdo'))).toContain("Input 'keyFile' is required for signer 'file'");
    const other = inputError('E_INPUT_INVALID', 'storage-container', "must be set together with input 'storage-account-url'; set both or neither.");
    expect(failureText(other, inputSpeller(signStep, 'cli'))).toBe(
      "E_INPUT_INVALID: Input '--storage-container' must be set together with input '--storage-account-url'; set both or neither.",
    );
    const unknown = inputError('E_INPUT_INVALID', 'not-an-input', 'is wrong.');
    expect(failureText(unknown, inputSpeller(signStep, 'azdo'))).toBe("E_INPUT_INVALID: Input 'not-an-input' is wrong.");
  });
});
