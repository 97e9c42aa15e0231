import { stringify } from 'yaml';
import { stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec, InputSpec } from '../../steps/step-spec.js';
import { environmentNote } from '../shared/input-names.js';

/** The action.yml shape we generate (a subset of GitHub's action metadata). */
export interface ActionMetadata {
  name: string;
  description: string;
  author: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: 'node24'; main: string };
}

const HEADER = '# Generated from src/steps by scripts/generate.ts. Do not edit: run `npm run generate`.\n';

function actionInput(spec: InputSpec): ActionMetadata['inputs'][string] {
  return {
    description: [spec.description, environmentNote(spec, 'github')].filter(Boolean).join(' '),
    required: spec.required === true,
    ...(spec.default === undefined ? {} : { default: spec.default }),
  };
}

/** actions/<step>/action.yml. GitHub resolves `runs.main` relative to the action's folder. */
export function stepActionMetadata(step: AnyStepSpec): ActionMetadata {
  return {
    name: `image-publish ${step.name}`,
    description: step.description,
    author: 'image-publish',
    branding: { icon: 'upload-cloud', color: 'blue' },
    inputs: Object.fromEntries(stepInputs(step, 'github').map(([name, spec]) => [name, actionInput(spec)])),
    outputs: Object.fromEntries(Object.entries(step.outputs).map(([name, spec]) => [name, { description: spec.description }])),
    runs: { using: 'node24', main: `../../dist/github/${step.name}.mjs` },
  };
}

/**
 * The root action.yml: `step` picks the step; inputs and outputs are the union over all steps. An input is
 * required or defaulted here only when every step that has it agrees, otherwise the step's runtime applies it.
 */
export function rootActionMetadata(steps: readonly AnyStepSpec[]): ActionMetadata {
  const inputs: ActionMetadata['inputs'] = {
    step: {
      description: `Step to run: ${steps.map((s) => s.name).join(', ')}.`,
      required: true,
    },
  };
  const users = new Map<string, { specs: InputSpec[]; steps: string[] }>();
  for (const step of steps) {
    for (const [name, spec] of stepInputs(step, 'github')) {
      const entry = users.get(name) ?? { specs: [], steps: [] };
      entry.specs.push(spec);
      entry.steps.push(step.name);
      users.set(name, entry);
    }
  }
  for (const [name, { specs, steps: usedBy }] of users) {
    const first = specs[0] as InputSpec;
    const allSteps = usedBy.length === steps.length;
    const defaults = new Set(specs.map((s) => s.default));
    const required = allSteps && specs.every((s) => s.required === true);
    const requiredFor = specs.some((s) => s.required) && !required ? ` Required for: ${usedBy.filter((_, i) => specs[i]?.required).join(', ')}.` : '';
    const scope = allSteps ? '' : ` (${usedBy.join(', ')})`;
    const env = environmentNote(first, 'github');
    inputs[name] = {
      description: `${first.description}${scope}${requiredFor}${env ? ` ${env}` : ''}`,
      required,
      ...(defaults.size === 1 && first.default !== undefined && allSteps ? { default: first.default } : {}),
    };
  }
  const outputs: ActionMetadata['outputs'] = {};
  for (const step of steps) {
    for (const [name, spec] of Object.entries(step.outputs)) outputs[name] ??= { description: `${spec.description} (${step.name})` };
  }
  return {
    name: 'image-publish',
    description: 'Azure VM image lifecycle as CI steps: bake, scan, sign, publish, replicate, pin-rollout, retire.',
    author: 'image-publish',
    branding: { icon: 'upload-cloud', color: 'blue' },
    inputs,
    outputs,
    runs: { using: 'node24', main: 'dist/github/main.mjs' },
  };
}

/** Serialises action metadata as YAML with the generated-file header. */
export function renderActionYml(metadata: ActionMetadata): string {
  return HEADER + stringify(metadata, { lineWidth: 0 });
}
