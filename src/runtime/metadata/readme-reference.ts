import { commonInputs, isOnPlatform } from '../../steps/common-inputs.js';
import type { AnyStepSpec, InputSpec } from '../../steps/step-spec.js';
import { azdoOutputName, platformInputName } from '../shared/input-names.js';
import { PROJECT_SLUG } from '../../core/project-home.js';

export const REFERENCE_START = '<!-- generated:reference:start -->';
export const REFERENCE_END = '<!-- generated:reference:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function inputRow(name: string, spec: InputSpec): string {
  const github = isOnPlatform(spec, 'github') ? `\`${name}\`` : '–';
  const azdo = isOnPlatform(spec, 'azdo') ? `\`${platformInputName(name, spec, 'azdo')}\`` : '–';
  const cli = isOnPlatform(spec, 'cli') ? `\`--${name}\`` : '–';
  const type = spec.type === 'enum' ? (spec.options ?? []).join(' \\| ') : spec.type;
  const env = spec.env === undefined ? '' : `GitHub and CLI fall back to ${spec.env.map((v) => `\`${v}\``).join(' or ')}.`;
  const extra = [spec.secret ? 'Secret.' : '', spec.configPath ? `image.yaml: \`${spec.configPath}\`.` : '', env].filter(Boolean).join(' ');
  return `| ${github} | ${azdo} | ${cli} | ${type} | ${spec.required ? 'yes' : 'no'} | ${spec.default === undefined ? '' : `\`${spec.default}\``} | ${cell(spec.description)}${extra ? ` ${extra}` : ''} |`;
}

const INPUT_HEADER = ['| GitHub | Azure DevOps | CLI | Type | Required | Default | Description |', '| --- | --- | --- | --- | --- | --- | --- |'];

/** The README's per-step reference, generated from the step definitions (the text between the markers). */
export function renderReference(steps: readonly AnyStepSpec[]): string {
  const lines = ['## Reference', '', 'Generated from the step definitions by `npm run generate`; do not edit by hand.', ''];
  lines.push('### Inputs every step accepts', '', ...INPUT_HEADER, ...Object.entries(commonInputs).map(([n, s]) => inputRow(n, s)), '');
  for (const step of steps) {
    lines.push(`### ${step.name}: ${step.title}`, '', step.description, '');
    lines.push(`GitHub: \`uses: ${PROJECT_SLUG}/actions/${step.name}@v1\` · Azure DevOps: \`${step.azdoTaskName}@1\` · CLI: \`image-publish ${step.name}\` · [docs](docs/steps/${step.name}.md)`, '');
    const own = Object.entries(step.inputs);
    if (own.length > 0) lines.push('Inputs:', '', ...INPUT_HEADER, ...own.map(([n, s]) => inputRow(n, s)), '');
    const outputs = Object.entries(step.outputs);
    if (outputs.length > 0) {
      lines.push('Outputs:', '', '| GitHub / CLI | Azure DevOps variable | Description |', '| --- | --- | --- |');
      for (const [name, spec] of outputs) lines.push(`| \`${name}\` | \`${azdoOutputName(name)}\` | ${cell(spec.description)}${spec.secret ? ' Secret.' : ''} |`);
      lines.push('');
    }
  }
  return lines.join('\n').trimEnd();
}

/** README with the text between the markers replaced; markers are appended when the README lacks them. */
export function spliceReference(readme: string, reference: string): string {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  const block = `${REFERENCE_START}\n${reference}\n${REFERENCE_END}`;
  if (start === -1 || end === -1 || end < start) return `${readme.trimEnd()}\n\n${block}\n`;
  return readme.slice(0, start) + block + readme.slice(end + REFERENCE_END.length);
}
