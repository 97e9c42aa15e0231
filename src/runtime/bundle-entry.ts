// The one bundle every action, task and the CLI share (dist/index.js); per-step stubs import it and call
// one of these with their step name, so each step costs a few bytes instead of a multi-megabyte bundle.
import type { AnyStepSpec } from '../steps/step-spec.js';

export { runGithubStep } from './github/github-runtime.js';
export { runCli } from './cli/cli-runtime.js';

/**
 * Loaded on demand: azure-pipelines-task-lib moves every INPUT_* variable into its vault and writes
 * ##vso lines the moment it is imported, which would break the GitHub and CLI runtimes sharing this bundle.
 */
export async function runAzdoStep(stepName: string, list?: readonly AnyStepSpec[]): Promise<void> {
  const { runAzdoStep: run } = await import('./azdo/azdo-runtime.js');
  return run(stepName, list);
}
