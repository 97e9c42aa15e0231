import type { AnyStepSpec } from '../../steps/step-spec.js';
import { renderActionYml, rootActionMetadata, stepActionMetadata } from './action-yml.js';
import { azdoStub, cliStub, githubRootStub, githubStub } from './bundle-stubs.js';
import { extensionManifest } from './extension-manifest.js';
import { renderTaskJson, taskFolder, taskMetadata } from './task-json.js';

/** Every file generated from the step definitions except the README block: repo-relative path -> content. */
export function generatedFiles(steps: readonly AnyStepSpec[], version: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const step of steps) {
    files.set(`actions/${step.name}/action.yml`, renderActionYml(stepActionMetadata(step)));
    files.set(`${taskFolder(step)}/task.json`, renderTaskJson(taskMetadata(step)));
    files.set(`dist/github/${step.name}.mjs`, githubStub(step));
    files.set(`dist/azdo/${step.name}.mjs`, azdoStub(step));
  }
  files.set('action.yml', renderActionYml(rootActionMetadata(steps)));
  files.set('dist/github/main.mjs', githubRootStub());
  files.set('bin/image-publish.mjs', cliStub());
  files.set('vss-extension.json', `${JSON.stringify(extensionManifest(steps, version), null, 2)}\n`);
  return files;
}
