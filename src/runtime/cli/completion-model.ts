/**
 * What `image-publish completion bash|zsh` completes, derived from the step definitions and the tool commands'
 * flags, so a new input completes without touching the scripts. Pure: no SDK, no step code beyond the specs.
 */
import { stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec, InputSpec } from '../../steps/step-spec.js';
import { emulatorFlags } from './emulator-args.js';
import type { ToolFlags } from './tool-flags.js';

export const COMPLETION_SHELLS = ['bash', 'zsh'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** How a flag's value completes: none (a boolean switch), a file name, free text, or one of fixed values. */
export type CompletionValue = { kind: 'none' } | { kind: 'file' } | { kind: 'text'; hint: string } | { kind: 'options'; options: readonly string[] };

export interface CompletionFlag {
  /** Without the leading dashes. */
  name: string;
  description: string;
  value: CompletionValue;
  /** A list input: the flag may be given more than once. */
  repeatable: boolean;
}

export interface CompletionCommand {
  name: string;
  description: string;
  flags: CompletionFlag[];
  /** Positional values of the first argument (completion's shells). */
  argument?: readonly string[];
}

/** The flags every step takes besides its inputs (src/runtime/cli/cli-args.ts). */
const STEP_OPTIONS: readonly CompletionFlag[] = [
  { name: 'json', description: 'print outputs as JSON on stdout', value: { kind: 'none' }, repeatable: false },
  { name: 'debug', description: 'debug logs and stack traces', value: { kind: 'none' }, repeatable: false },
  { name: 'run-id', description: 'id of the pipeline run, the same on a re-run', value: { kind: 'text', hint: 'id' }, repeatable: false },
  { name: 'help', description: 'show the step\'s inputs', value: { kind: 'none' }, repeatable: false },
];

/** The first sentence, short enough for a completion menu. */
function brief(text: string): string {
  // A sentence ends before a capital letter: 'e.g. https://…' does not end one.
  const first = /^(.*?[.!?])(?=\s+[A-Z]|\s*$)/.exec(text)?.[1] ?? text;
  return first.length > 90 ? `${first.slice(0, 89)}…` : first;
}

function inputValue(spec: InputSpec, name: string): CompletionValue {
  if (spec.type === 'boolean') return { kind: 'none' };
  if (spec.type === 'path') return { kind: 'file' };
  if (spec.options !== undefined && spec.options.length > 0) return { kind: 'options', options: spec.options };
  return { kind: 'text', hint: name };
}

/** A step's flags: each input, `--no-<input>` for booleans, then the options every step takes. */
function stepFlags(step: AnyStepSpec): CompletionFlag[] {
  const flags = stepInputs(step, 'cli').flatMap(([name, spec]): CompletionFlag[] => {
    const flag: CompletionFlag = { name, description: brief(spec.description), value: inputValue(spec, name), repeatable: spec.type === 'list' };
    return spec.type === 'boolean' ? [flag, { ...flag, name: `no-${name}`, description: `set ${name} to false` }] : [flag];
  });
  return [...flags, ...STEP_OPTIONS];
}

/** Value names of tool flags that are files. */
const FILE_VALUES = new Set(['path', 'pem', 'file', 'dir']);

function toolFlags(flags: ToolFlags): CompletionFlag[] {
  const list = Object.entries(flags).flatMap(([name, spec]): CompletionFlag[] => {
    if (spec.type === 'boolean') {
      const on: CompletionFlag = { name, description: brief(spec.description), value: { kind: 'none' }, repeatable: false };
      return [on, { ...on, name: `no-${name}`, description: `opposite of --${name}` }];
    }
    const value: CompletionValue = FILE_VALUES.has(spec.value ?? '') ? { kind: 'file' } : { kind: 'text', hint: spec.value ?? name };
    return [{ name, description: brief(spec.description), value, repeatable: false }];
  });
  return [...list, { name: 'help', description: 'show the options', value: { kind: 'none' }, repeatable: false }];
}

/** Every command of the CLI with its flags, steps first in lifecycle order. */
export function completionModel(steps: readonly AnyStepSpec[]): CompletionCommand[] {
  return [
    ...steps.map((step) => ({ name: step.name, description: step.title, flags: stepFlags(step) })),
    { name: 'emulator', description: 'Run the local Azure emulator', flags: toolFlags(emulatorFlags) },
    { name: 'completion', description: 'Print a shell completion script', flags: [], argument: COMPLETION_SHELLS },
  ];
}
