import { stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec, InputSpec, Platform } from '../../steps/step-spec.js';

/** camelCase of a kebab-case name: `subscription-id` -> `subscriptionId` (Azure DevOps input and variable names). */
export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** The input's name as the user writes it on the platform (`with:` key, task input name, CLI flag). */
export function platformInputName(name: string, spec: InputSpec, platform: Platform): string {
  if (platform === 'azdo') return spec.azdoName ?? camelCase(name);
  if (platform === 'cli') return `--${name}`;
  return name;
}

/** Environment variable the GitHub runner sets for an input (runner and @actions/core: spaces to `_`, hyphens kept). */
export function githubInputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Environment variable the Azure DevOps agent sets for an input (task-lib: `.` and spaces to `_`, upper case). */
export function azdoInputEnvName(name: string): string {
  return `INPUT_${name.replace(/\./g, '_').replace(/ /g, '_').toUpperCase()}`;
}

/** Azure DevOps output variable name: camelCase, which satisfies ^[A-Za-z][A-Za-z0-9]*$. */
export function azdoOutputName(name: string): string {
  return camelCase(name);
}

/** The sentence naming an input's environment fallback, where the platform reads it (GitHub and CLI); else ''. */
export function environmentNote(spec: InputSpec, platform: Platform): string {
  if (platform === 'azdo' || spec.env === undefined || spec.env.length === 0) return '';
  return `Falls back to the ${spec.env.join(' or ')} environment variable.`;
}

/** Spells the step's inputs by spec name as on the platform; undefined for a name the step does not take. */
export function inputSpeller(step: AnyStepSpec, platform: Platform): (name: string) => string | undefined {
  const specs = new Map(stepInputs(step, platform));
  return (name) => {
    const spec = specs.get(name);
    return spec === undefined ? undefined : platformInputName(name, spec, platform);
  };
}
