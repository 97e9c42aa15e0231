import { AZURE_SUBSCRIPTION_INPUT, stepInputs } from '../../steps/common-inputs.js';
import type { AnyStepSpec, InputGroup, InputSpec } from '../../steps/step-spec.js';
import { azdoOutputName, platformInputName } from '../shared/input-names.js';
import { docUrl } from '../../core/project-home.js';

/**
 * The oldest agent with the Node20_1 handler (Microsoft's docs/migrateNode20.md in azure-pipelines-tasks). Both
 * handlers are declared: an agent runs the highest it has, so 4.265.1+ runs Node24 and older agents and Azure
 * DevOps Server run Node20_1. The Azure DevOps e2e suite passes on Node 20 (test/e2e/runtime/node20-handler.e2e.test.ts).
 */
export const MINIMUM_AGENT_VERSION = '3.232.1';

export interface TaskInput {
  name: string;
  type: string;
  label: string;
  required: boolean;
  defaultValue: string;
  helpMarkDown: string;
  options?: Record<string, string>;
  groupName?: InputGroup;
  visibleRule?: string;
}

/** Azure DevOps task editor groups, as Microsoft's own Azure tasks arrange them. */
const GROUPS: readonly { name: InputGroup; displayName: string; isExpanded: boolean }[] = [
  { name: 'connection', displayName: 'Azure connection', isExpanded: true },
  { name: 'advanced', displayName: 'Advanced', isExpanded: false },
];

/** The task.json shape we generate (a subset of the Azure Pipelines task schema). */
export interface TaskMetadata {
  $schema: string;
  id: string;
  name: string;
  friendlyName: string;
  description: string;
  /** The step's page in docs/steps, shown by the task editor's help link. */
  helpUrl: string;
  /** The task editor's info balloon: what the step does and a link to its page. */
  helpMarkDown: string;
  category: 'Deploy';
  author: string;
  version: { Major: number; Minor: number; Patch: number };
  minimumAgentVersion: string;
  instanceNameFormat: string;
  groups?: { name: InputGroup; displayName: string; isExpanded: boolean }[];
  inputs: TaskInput[];
  outputVariables: { name: string; description: string }[];
  execution: { Node24: { target: string }; Node20_1: { target: string } };
}

function taskInputType(name: string, spec: InputSpec): string {
  if (name === AZURE_SUBSCRIPTION_INPUT) return 'connectedService:AzureRM';
  switch (spec.type) {
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'pickList';
    case 'list':
    case 'list-or-json':
    case 'map':
    case 'json':
      return 'multiLine';
    case 'path':
      // The agent fills an empty filePath input with the sources folder; the runtime reads it through
      // filePathSupplied, so an empty input stays empty (and image.yaml still applies).
      return 'filePath';
    default:
      return 'string';
  }
}

const ACRONYMS: Readonly<Record<string, string>> = { arm: 'ARM', id: 'ID', url: 'URL', vhd: 'VHD', os: 'OS', sku: 'SKU', sbom: 'SBOM' };

/** "timeout-minutes" -> "Timeout minutes", "arm-endpoint" -> "ARM endpoint". */
function label(name: string): string {
  const words = name.split('-').map((w) => ACRONYMS[w] ?? w);
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

/** The step's documentation page: docs/steps/<step>.md in the home repository (a test checks each exists). */
export function stepDocUrl(step: AnyStepSpec): string {
  return docUrl(`docs/steps/${step.name}.md`);
}

/** Folder of a step's task: tasks/<AzdoTaskName>V1. */
export function taskFolder(step: AnyStepSpec): string {
  return `tasks/${step.azdoTaskName}V1`;
}

/**
 * tasks/<Task>V1/task.json. `target` is relative to the task folder; in the repository it points at the shared
 * dist/ stub, and packaging (issue 9) passes the path it copies the bundle to.
 */
export function taskMetadata(step: AnyStepSpec, target = `../../dist/azdo/${step.name}.mjs`): TaskMetadata {
  return {
    $schema: 'https://raw.githubusercontent.com/Microsoft/azure-pipelines-task-lib/master/tasks.schema.json',
    id: step.azdoTaskId,
    name: step.azdoTaskName,
    friendlyName: step.title,
    description: step.description,
    helpUrl: stepDocUrl(step),
    helpMarkDown: `${step.description} [Learn more](${stepDocUrl(step)})`,
    category: 'Deploy',
    author: 'image-publish',
    version: { Major: 1, Minor: 0, Patch: 0 },
    minimumAgentVersion: MINIMUM_AGENT_VERSION,
    instanceNameFormat: step.title,
    ...taskGroups(step),
    inputs: stepInputs(step, 'azdo').map(([name, spec]) => ({
      name: platformInputName(name, spec, 'azdo'),
      type: taskInputType(name, spec),
      label: label(name),
      required: spec.required === true,
      defaultValue: spec.default ?? '',
      helpMarkDown: spec.description,
      ...(spec.type === 'enum' ? { options: Object.fromEntries((spec.options ?? []).map((o) => [o, o])) } : {}),
      ...(spec.group === undefined ? {} : { groupName: spec.group }),
      ...(spec.visibleWhen === undefined ? {} : { visibleRule: visibleRule(step, spec.visibleWhen) }),
    })),
    outputVariables: Object.entries(step.outputs).map(([name, spec]) => ({ name: azdoOutputName(name), description: spec.description })),
    execution: { Node24: { target }, Node20_1: { target } },
  };
}

/** The groups the step's inputs use, in editor order. */
function taskGroups(step: AnyStepSpec): { groups?: TaskMetadata['groups'] } {
  const used = new Set(stepInputs(step, 'azdo').map(([, spec]) => spec.group));
  const groups = GROUPS.filter((g) => used.has(g.name)).map((g) => ({ ...g }));
  return groups.length === 0 ? {} : { groups };
}

/** `cloud = Custom`, or `engine = disk || engine = packer`, with the other input named as the task names it. */
function visibleRule(step: AnyStepSpec, when: { input: string; is: readonly string[] }): string {
  const other = stepInputs(step, 'azdo').find(([name]) => name === when.input);
  if (other === undefined) throw new Error(`${step.name}: visibleWhen names '${when.input}', which is not an input of the task`);
  const name = platformInputName(when.input, other[1], 'azdo');
  return when.is.map((value) => `${name} = ${value}`).join(' || ');
}

/** Serialises task.json (JSON has no comments; the generator is named in the description of the repo instead). */
export function renderTaskJson(metadata: TaskMetadata): string {
  return `${JSON.stringify(metadata, null, 2)}\n`;
}
