import type { AnyStepSpec } from '../steps/step-spec.js';

/**
 * Each step's module, imported only once the command names it. ncc (webpack) turns every `import()` here into
 * its own chunk, so a GitHub action or Azure DevOps task parses its own step's code and nothing else.
 * Same names and order as src/steps/registry.ts (test/unit/runtime/step-loader.test.ts holds them equal).
 */
const loaders: Readonly<Record<string, () => Promise<AnyStepSpec>>> = {
  plan: async () => (await import('../steps/plan.js')).planStep,
  bake: async () => (await import('../steps/bake.js')).bakeStep,
  scan: async () => (await import('../steps/scan.js')).scanStep,
  sign: async () => (await import('../steps/sign.js')).signStep,
  publish: async () => (await import('../steps/publish.js')).publishStep,
  replicate: async () => (await import('../steps/replicate.js')).replicateStep,
  'pin-rollout': async () => (await import('../steps/pin-rollout.js')).pinRolloutStep,
  verify: async () => (await import('../steps/verify.js')).verifyStep,
  retire: async () => (await import('../steps/retire.js')).retireStep,
  inventory: async () => (await import('../steps/inventory.js')).inventoryStep,
  policy: async () => (await import('../steps/policy.js')).policyStep,
  overview: async () => (await import('../steps/overview.js')).overviewStep,
};

/** Step names in lifecycle order, known without loading any step. */
export const stepNames: readonly string[] = Object.keys(loaders);

/** Whether `name` is a step, without loading it. */
export function isStepName(name: string | undefined): name is string {
  return name !== undefined && Object.hasOwn(loaders, name);
}

/**
 * The steps a command needs: only the named one when the name is a step, else every step (an unknown name's
 * error lists them all; help lists them all).
 */
export async function loadSteps(name: string | undefined): Promise<AnyStepSpec[]> {
  if (isStepName(name)) return [await loadStep(name)];
  return Promise.all(stepNames.map(loadStep));
}

function loadStep(name: string): Promise<AnyStepSpec> {
  const load = loaders[name];
  if (load === undefined) throw new Error(`internal: no loader for step ${name}`);
  return load();
}
