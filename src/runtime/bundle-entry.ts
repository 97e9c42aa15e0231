// The one bundle entry every action, task and the CLI share (dist/index.js). It holds almost nothing itself:
// each runtime and each step is imported only once the surface and the step are known, and ncc (webpack) puts
// every such `import()` in its own chunk. A step therefore parses its own code, its runtime and the SDKs on its
// path, never the other steps', and `--help`/`--version` load no SDK. scripts/bundle-files.ts lists the chunks
// each step needs (dist/bundle-files.json), which is what an Azure DevOps task folder ships.
import type { AnyStepSpec } from '../steps/step-spec.js';
import { loadSteps } from './step-loader.js';

/** Entry of every GitHub Action; `stepName` undefined is the root action, which reads its `step` input. */
export async function runGithubStep(stepName: string | undefined, list?: readonly AnyStepSpec[]): Promise<void> {
  const github = await import('./github/github-runtime.js');
  if (stepName === undefined) {
    // The root action checks that no input belongs to another step, so it needs every step's inputs.
    return github.runGithubStep(github.stepInput(), list ?? (await loadSteps(undefined)), { root: true });
  }
  return github.runGithubStep(stepName, list ?? (await loadSteps(stepName)));
}

/**
 * Entry of every Azure DevOps task. azure-pipelines-task-lib moves every INPUT_* variable into its vault and
 * writes ##vso lines the moment it is imported, so only this path may load it.
 */
export async function runAzdoStep(stepName: string, list?: readonly AnyStepSpec[]): Promise<void> {
  const [azdo, steps] = await Promise.all([import('./azdo/azdo-runtime.js'), list ?? loadSteps(stepName)]);
  return azdo.runAzdoStep(stepName, steps);
}

/** The CLI's version flags (src/runtime/cli/cli-args.ts): the one command that needs no step at all. */
const VERSION_FLAGS: readonly (string | undefined)[] = ['--version', '-v'];

/** `image-publish <step> ...`: loads only the named step (none for --version, all for help or an unknown name). */
export async function runCli(argv: readonly string[], list?: readonly AnyStepSpec[]): Promise<number> {
  const steps = list ?? (VERSION_FLAGS.includes(argv[0]) ? [] : loadSteps(argv[0]));
  const [cli, loaded] = await Promise.all([import('./cli/cli-runtime.js'), steps]);
  return cli.runCli(argv, loaded);
}
