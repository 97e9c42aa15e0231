/**
 * One ring of the rollout per run (the `ring` input), so a pipeline can give each ring its own deployment job bound
 * to an environment with approvals (Azure DevOps `environment:`, GitHub environments). The rest of the rollout's
 * meaning stays with the whole list: the canary evidence gate belongs to the first ring only, and the channel and
 * "latest" move only in the run of the last ring.
 */
import { ErrorCodes } from '../errors.js';
import { inputError } from '../input-error.js';
import type { RolloutInputs } from './rollout-types.js';

export function selectRing(inputs: RolloutInputs, name: string | undefined): RolloutInputs {
  if (name === undefined) return inputs;
  const index = inputs.rings.findIndex((r) => r.name === name);
  const ring = inputs.rings[index];
  if (ring === undefined) {
    throw inputError(ErrorCodes.inputInvalid, 'ring', `is '${name}', which is not one of the rings: ${inputs.rings.map((r) => r.name).join(', ')}.`);
  }
  const last = index === inputs.rings.length - 1;
  const { channel, evidence, ...rest } = inputs;
  return {
    ...rest,
    rings: [ring],
    ringOffset: index,
    promoteLatest: last && inputs.promoteLatest,
    ...(last && channel !== undefined ? { channel } : {}),
    ...(index === 0 && evidence !== undefined ? { evidence } : {}),
  };
}
