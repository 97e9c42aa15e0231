import { stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec } from '../../steps/step-spec.js';

/** `image-publish --help`: the steps and global options. */
export function renderMainHelp(steps: readonly AnyStepSpec[]): string {
  const width = Math.max('completion'.length, ...steps.map((s) => s.name.length));
  return [
    'Usage: image-publish <step> [--config image.yaml] [--<input> value ...] [--json] [--debug] [--run-id id]',
    '       image-publish <step> --help',
    '       image-publish emulator [options]',
    '       image-publish completion bash|zsh',
    '',
    'Steps:',
    ...steps.map((s) => `  ${s.name.padEnd(width)}  ${s.title}`),
    `  ${'emulator'.padEnd(width)}  Run the local Azure emulator`,
    `  ${'completion'.padEnd(width)}  Print a bash or zsh completion script (see 'image-publish completion --help')`,
    '',
    'Options:',
    '  --json     print outputs as JSON on stdout (logs go to stderr)',
    '  --debug    debug logs and stack traces',
    '  --run-id   id of the pipeline run (the same on a re-run), so a re-run resumes its own work; default: the CI system\'s run id',
    '',
    'Sign-in: --client-id/--tenant-id or AZURE_CLIENT_ID, AZURE_TENANT_ID with AZURE_CLIENT_SECRET or',
    'AZURE_CLIENT_CERTIFICATE_PATH; otherwise DefaultAzureCredential (Azure CLI, managed identity, ...).',
    'Subscription: --subscription-id or AZURE_SUBSCRIPTION_ID.',
    'Summaries: IMAGE_PUBLISH_SUMMARY_FILE appends each step\'s job summary (markdown) to that file;',
    'IMAGE_PUBLISH_LIFECYCLE_FILE records each step\'s result there for \'image-publish overview\'.',
    '',
    'Exit codes: 0 success, 1 step failed, 2 usage or configuration error.',
    '',
  ].join('\n');
}

/** `image-publish <step> --help`, generated from the step definition. */
export function renderStepHelp(step: AnyStepSpec): string {
  const inputs = stepInputs(step, 'cli');
  const flags = inputs.map(([name, spec]) => `--${name}${spec.type === 'boolean' ? '' : ` <${spec.type}>`}`);
  const width = Math.max(...flags.map((f) => f.length));
  const lines = [`Usage: image-publish ${step.name} [options]`, '', `${step.title}: ${step.description}`, '', 'Inputs:'];
  inputs.forEach(([, spec], i) => {
    const notes = [
      spec.required ? 'required' : undefined,
      spec.default !== undefined ? `default: ${spec.default}` : undefined,
      spec.options !== undefined ? `one of: ${spec.options.join(', ')}` : undefined,
      spec.configPath !== undefined ? `image.yaml: ${spec.configPath}` : undefined,
      spec.secret ? 'secret' : undefined,
      spec.env !== undefined ? `env: ${spec.env.join(', ')}` : undefined,
    ].filter((n) => n !== undefined);
    const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    lines.push(`  ${(flags[i] ?? '').padEnd(width)}  ${spec.description}${note}`);
  });
  const outputs = Object.entries(step.outputs);
  if (outputs.length > 0) {
    lines.push('', 'Outputs (with --json, as a JSON object on stdout):');
    const w = Math.max(...outputs.map(([n]) => n.length));
    for (const [name, spec] of outputs) lines.push(`  ${name.padEnd(w)}  ${spec.description}`);
  }
  lines.push('', '  --json, --debug, --run-id, --help as for every step.', '');
  return lines.join('\n');
}

/** `image-publish completion --help`: how to load the scripts. */
export function renderCompletionHelp(): string {
  return [
    'Usage: image-publish completion bash|zsh',
    '',
    'Prints a completion script for the shell: steps, each step\'s --<input> flags (--no-<input> for true/false',
    'inputs), the values of inputs that have a fixed set, file names for paths, and the emulator\'s options.',
    '',
    'bash:  source <(image-publish completion bash)                # in ~/.bashrc, or save the output as',
    '                                                              # ~/.local/share/bash-completion/completions/image-publish',
    'zsh:   source <(image-publish completion zsh)                 # in ~/.zshrc after compinit, or save the output as',
    '                                                              # _image-publish in a directory of $fpath',
    '',
    'Exit codes: 0 printed, 2 no or unknown shell.',
    '',
  ].join('\n');
}
