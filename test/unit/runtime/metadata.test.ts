import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { stepActionMetadata } from '../../../src/runtime/metadata/action-yml.js';
import { generatedFiles } from '../../../src/runtime/metadata/generated-files.js';
import { REFERENCE_END, REFERENCE_START, renderReference, spliceReference } from '../../../src/runtime/metadata/readme-reference.js';
import { MINIMUM_AGENT_VERSION, taskMetadata } from '../../../src/runtime/metadata/task-json.js';
import { azdoOutputName } from '../../../src/runtime/shared/input-names.js';
import { stepInputs } from '../../../src/steps/common-inputs.js';
import { steps } from '../../../src/steps/registry.js';
import { echoStep } from '../../fixtures/runtime/echo-step.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface ActionYml {
  inputs: Record<string, { required: boolean; default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}
interface TaskJson {
  id: string;
  name: string;
  minimumAgentVersion: string;
  inputs: { name: string; type: string; required: boolean; defaultValue: string }[];
  outputVariables: { name: string }[];
  execution: Record<string, { target: string }>;
}

// The committed metadata is what runners read: it must say exactly what the step definitions say.
describe.each(steps.map((s) => [s.name, s] as const))('committed metadata of %s', (name, step) => {
  it('actions/<step>/action.yml matches the definition', () => {
    const action = parseYaml(read(`actions/${name}/action.yml`)) as ActionYml;
    const expected = stepInputs(step, 'github');
    expect(Object.keys(action.inputs)).toEqual(expected.map(([n]) => n));
    for (const [inputName, spec] of expected) {
      expect(action.inputs[inputName]?.required, inputName).toBe(spec.required === true);
      expect(action.inputs[inputName]?.default, inputName).toBe(spec.default);
    }
    expect(Object.keys(action.outputs)).toEqual(Object.keys(step.outputs));
    expect(action.runs.using).toBe('node24');
    // GitHub resolves runs.main against the action folder; the stub must exist there.
    expect(existsSync(resolve(root, 'actions', name, action.runs.main))).toBe(true);
  });

  it('tasks/<Task>V1/task.json matches the definition', () => {
    const task = JSON.parse(read(`tasks/${step.azdoTaskName}V1/task.json`)) as TaskJson;
    expect(task.id).toBe(step.azdoTaskId);
    expect(task.name).toBe(step.azdoTaskName);
    expect(task.minimumAgentVersion).toBe(MINIMUM_AGENT_VERSION);
    const expected = stepInputs(step, 'azdo');
    expect(task.inputs.map((i) => [i.required, i.defaultValue])).toEqual(expected.map(([, s]) => [s.required === true, s.default ?? '']));
    const connection = task.inputs.find((i) => i.name === 'azureSubscription');
    if (step.azure === 'none') expect(connection).toBeUndefined();
    else expect(connection).toMatchObject({ type: 'connectedService:AzureRM', required: step.azure !== 'optional' });
    expect(task.outputVariables.map((o) => o.name)).toEqual(Object.keys(step.outputs).map(azdoOutputName));
    for (const output of task.outputVariables) expect(output.name).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    expect(Object.keys(task.execution)).toEqual(['Node24', 'Node20_1']);
    expect(existsSync(resolve(root, 'tasks', `${step.azdoTaskName}V1`, task.execution.Node24?.target ?? ''))).toBe(true);
  });
});

describe('generated files are fresh', () => {
  it('every generated file on disk equals what the generator writes now', () => {
    const pkg = JSON.parse(read('package.json')) as { version: string };
    for (const [path, content] of generatedFiles(steps, pkg.version)) expect(read(path), `${path} is stale: run npm run generate`).toBe(content);
  });

  it('the root action offers every step and the union of inputs', () => {
    const action = parseYaml(read('action.yml')) as ActionYml;
    expect(action.inputs.step?.required).toBe(true);
    for (const step of steps) for (const [name] of stepInputs(step, 'github')) expect(action.inputs[name], name).toBeDefined();
    expect(existsSync(join(root, action.runs.main))).toBe(true);
  });

  it('vss-extension.json has one task contribution per step', () => {
    const manifest = JSON.parse(read('vss-extension.json')) as { contributions: { properties: { name: string } }[] };
    expect(manifest.contributions.map((c) => c.properties.name)).toEqual(steps.map((s) => `tasks/${s.azdoTaskName}V1`));
  });

  it('the README reference block is current', () => {
    const readme = read('README.md');
    const block = readme.slice(readme.indexOf(REFERENCE_START) + REFERENCE_START.length + 1, readme.indexOf(REFERENCE_END) - 1);
    expect(block).toBe(renderReference(steps));
  });
});

describe('generators (fixture step)', () => {
  it('maps input types to task.json types and camelCase names', () => {
    const task = taskMetadata(echoStep);
    const byName = Object.fromEntries(task.inputs.map((i) => [i.name, i]));
    expect(byName.failWith).toMatchObject({ type: 'pickList', defaultValue: 'none', options: { none: 'none', azure: 'azure' } });
    expect(byName.loud?.type).toBe('boolean');
    expect(byName.tags?.type).toBe('multiLine');
    expect(byName.config?.type).toBe('filePath');
    expect(byName.clientId).toBeUndefined(); // GitHub/CLI only
    // As Microsoft's Azure tasks do: the connection in its own group, cloud URLs only for a custom cloud.
    expect(task.groups?.map((g) => g.name)).toEqual(['connection', 'advanced']);
    expect(byName.azureSubscription).toMatchObject({ type: 'connectedService:AzureRM', groupName: 'connection' });
    expect(byName.armEndpoint).toMatchObject({ groupName: 'connection', visibleRule: 'cloud = Custom' });
    expect(byName.timeoutMinutes?.groupName).toBe('advanced');
    expect(task.outputVariables.map((o) => o.name)).toEqual(['echoed', 'count', 'tagCount']);
  });

  it('keeps Azure DevOps-only inputs out of action.yml', () => {
    const action = stepActionMetadata(echoStep);
    expect(action.inputs['azure-subscription']).toBeUndefined();
    expect(action.inputs.message).toEqual({ description: 'Text to echo.', required: true });
    expect(action.runs.main).toBe('../../dist/github/echo.mjs');
  });

  it('splices the README block, adding markers when missing', () => {
    expect(spliceReference('# T\n', 'X')).toBe(`# T\n\n${REFERENCE_START}\nX\n${REFERENCE_END}\n`);
    expect(spliceReference(`a\n${REFERENCE_START}\nold\n${REFERENCE_END}\nb`, 'new')).toBe(`a\n${REFERENCE_START}\nnew\n${REFERENCE_END}\nb`);
  });
});
