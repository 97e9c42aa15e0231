/** `image-publish completion bash|zsh`: the script for the shell, generated from the steps it is given. */
import type { AnyStepSpec } from '../../steps/step-spec.js';
import { bashCompletion } from './completion-bash.js';
import { completionModel, type CompletionShell } from './completion-model.js';
import { zshCompletion } from './completion-zsh.js';

export function completionScript(shell: CompletionShell, steps: readonly AnyStepSpec[]): string {
  const commands = completionModel(steps);
  return shell === 'bash' ? bashCompletion(commands) : zshCompletion(commands);
}
