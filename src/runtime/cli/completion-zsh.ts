/** `image-publish completion zsh`: a zsh completion function (compsys `_arguments`) generated from the completion model. */
import type { CompletionCommand, CompletionFlag } from './completion-model.js';

/** Inside a single-quoted shell word. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text inside an `_arguments` spec's brackets or after its colons: `\`, `[`, `]` and `:` are syntax there. */
function specText(text: string): string {
  return text.replace(/[\\[\]:]/g, (c) => `\\${c}`);
}

/** One `_arguments` spec: `--name[description]:hint:action`, `*` in front when the flag repeats. */
function argumentSpec(flag: CompletionFlag): string {
  const head = `${flag.repeatable ? '*' : ''}--${flag.name}[${specText(flag.description)}]`;
  switch (flag.value.kind) {
    case 'none':
      return quoted(head);
    case 'file':
      return quoted(`${head}:${specText(flag.name)}:_files`);
    case 'options':
      return quoted(`${head}:${specText(flag.name)}:(${flag.value.options.map((o) => specText(o).replace(/[()\s]/g, (c) => `\\${c}`)).join(' ')})`);
    case 'text':
      // A space as the action: zsh shows the hint and offers nothing (free text).
      return quoted(`${head}:${specText(flag.value.hint)}: `);
  }
}

function commandArm(command: CompletionCommand): string[] {
  const specs = command.argument !== undefined ? [quoted(`1:${command.name}:(${command.argument.join(' ')})`)] : command.flags.map(argumentSpec);
  return [`    ${command.name})`, `      _arguments -s -S \\`, ...specs.map((s, i) => `        ${s}${i === specs.length - 1 ? '' : ' \\'}`), '      ;;'];
}

/**
 * The script: `source <(image-publish completion zsh)` after compinit, or save it as `_image-publish` in a
 * directory of $fpath (zsh then autoloads it by its #compdef line).
 */
export function zshCompletion(commands: readonly CompletionCommand[]): string {
  return [
    '#compdef image-publish',
    '# zsh completion for image-publish, generated from its step definitions by `image-publish completion zsh`.',
    '# Load it with: source <(image-publish completion zsh)   (after compinit), or save it as _image-publish in $fpath.',
    '_image_publish() {',
    '  local -a commands',
    '  commands=(',
    ...commands.map((c) => `    ${quoted(`${specText(c.name)}:${c.description}`)}`),
    '  )',
    '  if (( CURRENT == 2 )); then',
    "    _describe -t commands 'image-publish command' commands",
    '    return',
    '  fi',
    '  local command=${words[2]}',
    // From here the step is the command and its flags the arguments, as _arguments expects.
    '  shift words',
    '  (( CURRENT-- ))',
    '  case $command in',
    ...commands.flatMap(commandArm),
    '  esac',
    '}',
    // Autoloaded from $fpath, this file is the function body: complete now; sourced, register the function.
    'if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then',
    '  _image_publish "$@"',
    'else',
    '  compdef _image_publish image-publish',
    'fi',
    '',
  ].join('\n');
}
