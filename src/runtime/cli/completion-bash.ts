/** `image-publish completion bash`: a bash completion function generated from the completion model. */
import type { CompletionCommand, CompletionFlag } from './completion-model.js';

/** A word compgen -W can offer as it is: step names, flags and enum values are all of this form. */
function word(text: string): string {
  if (!/^[A-Za-z0-9._:@+/=-]+$/.test(text)) throw new Error(`internal: '${text}' cannot be offered as a completion word`);
  return text;
}

function words(list: readonly string[]): string {
  return list.map(word).join(' ');
}

/** `case "$prev"` arms for the flags that take a value: enum values, file names, or nothing to offer. */
function valueArms(flags: readonly CompletionFlag[]): string[] {
  const arms: string[] = [];
  const files = flags.filter((f) => f.value.kind === 'file').map((f) => `--${word(f.name)}`);
  if (files.length > 0) arms.push(`        ${files.join('|')}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;`);
  for (const f of flags) {
    if (f.value.kind === 'options') arms.push(`        --${word(f.name)}) COMPREPLY=($(compgen -W "${words(f.value.options)}" -- "$cur")); return 0 ;;`);
  }
  const text = flags.filter((f) => f.value.kind === 'text').map((f) => `--${word(f.name)}`);
  // A free-text value (a version, a URL): nothing sensible to offer, and flags would be wrong there.
  if (text.length > 0) arms.push(`        ${text.join('|')}) return 0 ;;`);
  return arms;
}

function commandArm(command: CompletionCommand): string[] {
  if (command.argument !== undefined) {
    return [
      `    ${word(command.name)})`,
      `      [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "${words(command.argument)}" -- "$cur"))`,
      '      return 0 ;;',
    ];
  }
  const arms = valueArms(command.flags);
  return [
    `    ${word(command.name)})`,
    ...(arms.length > 0 ? ['      case "$prev" in', ...arms, '      esac'] : []),
    `      flags="${words(command.flags.map((f) => `--${f.name}`))}" ;;`,
  ];
}

/** The script: source it (`source <(image-publish completion bash)`) or install it as a bash-completion file. */
export function bashCompletion(commands: readonly CompletionCommand[]): string {
  return [
    '# bash completion for image-publish, generated from its step definitions by `image-publish completion bash`.',
    '# Load it with: source <(image-publish completion bash)',
    '_image_publish() {',
    '  local cur prev flags',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    // bash splits `--cloud=Az` at '=' (COMP_WORDBREAKS): complete the value as after `--cloud Az`.
    '  if [ "$cur" = "=" ]; then prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""',
    '  elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=($(compgen -W "${words([...commands.map((c) => c.name), '--help', '--version'])}" -- "$cur"))`,
    '    return 0',
    '  fi',
    '  case "${COMP_WORDS[1]}" in',
    ...commands.flatMap(commandArm),
    '    *) return 0 ;;',
    '  esac',
    '  COMPREPLY=($(compgen -W "$flags" -- "$cur"))',
    '}',
    'complete -F _image_publish image-publish',
    '',
  ].join('\n');
}
