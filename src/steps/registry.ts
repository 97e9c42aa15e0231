import type { AnyStepSpec } from './step-spec.js';
import { bakeStep } from './bake.js';
import { publishStep } from './publish.js';
import { replicateStep } from './replicate.js';
import { retireStep } from './retire.js';
import { inventoryStep } from './inventory.js';
import { pinRolloutStep } from './pin-rollout.js';
import { planStep } from './plan.js';
import { policyStep } from './policy.js';
import { scanStep } from './scan.js';
import { signStep } from './sign.js';
import { verifyStep } from './verify.js';
import { overviewStep } from './overview.js';

/**
 * Every step, in lifecycle order. The generator, the CLI and the bundle stubs are all derived from this list,
 * so registering a step here is the only thing needed to ship it on every surface.
 */
export const steps: readonly AnyStepSpec[] = [planStep, bakeStep, scanStep, signStep, publishStep, replicateStep, pinRolloutStep, verifyStep, retireStep, inventoryStep, policyStep, overviewStep];

/** The step with this kebab-case name, or undefined. */
export function findStep(name: string, list: readonly AnyStepSpec[] = steps): AnyStepSpec | undefined {
  return list.find((step) => step.name === name);
}
