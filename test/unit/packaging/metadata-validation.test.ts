import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkActionRuntime,
  listActionFiles,
  listTaskManifests,
  validateActionFile,
  validateAllMetadata,
  validateTaskManifest,
} from '../../../scripts/package-validate.js';

const tasks = listTaskManifests();
const actions = listActionFiles();
const scratch = mkdtempSync(join(tmpdir(), 'metadata-validation-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readTask(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

// Deliberately loose types: the cases below break arbitrary fields of parsed YAML/JSON.
/** A broken copy of an action.yml, written as <dir>/action.yml so the validator treats it as an action. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases break arbitrary fields of parsed YAML/JSON
function brokenAction(source: string, name: string, edit: (doc: Record<string, any>) => void): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases break arbitrary fields of parsed YAML/JSON
  const doc = parse(readFileSync(source, 'utf8')) as Record<string, any>;
  edit(doc);
  const dir = mkdtempSync(join(scratch, `${name}-`));
  const file = join(dir, 'action.yml');
  writeFileSync(file, stringify(doc));
  return file;
}

describe('generated metadata is valid', () => {
  it('finds the generated files', () => {
    expect(tasks.map((f) => basename(dirname(f)))).toContain('PublishImageV1');
    expect(actions.some((f) => f.endsWith('actions/publish/action.yml'))).toBe(true);
    expect(actions[0]!.endsWith('/action.yml') && !actions[0]!.includes('/actions/')).toBe(true);
  });

  for (const file of tasks) {
    it(`${basename(dirname(file))}/task.json passes schema/task.schema.json`, () => {
      expect(validateTaskManifest(readTask(file))).toEqual([]);
    });
  }

  for (const file of actions) {
    const name = file.includes('/actions/') ? `actions/${basename(dirname(file))}` : 'root';
    it(`${name} action.yml passes action-validator and runs on node24`, () => {
      const result = validateActionFile(file);
      expect(result.report).toBe('');
      expect(result.ok).toBe(true);
      expect(checkActionRuntime(file)).toEqual([]);
    });
  }

  it('validateAllMetadata (what npm run package runs first) reports nothing', () => {
    expect(validateAllMetadata()).toEqual([]);
  });
});

describe('the task.json schema rejects broken manifests', () => {
  const good = readTask(tasks.find((f) => f.includes('PublishImageV1'))!);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases break arbitrary fields of parsed YAML/JSON
  const clone = (): Record<string, any> => structuredClone(good);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases break arbitrary fields of parsed YAML/JSON
  const cases: { what: string; edit: (t: Record<string, any>) => void; error: RegExp }[] = [
    { what: 'an id that is not a GUID', edit: (t) => void (t.id = 'publish-image'), error: /^\/id: must match pattern/ },
    { what: 'a name with a space', edit: (t) => void (t.name = 'Publish Image'), error: /^\/name: must match pattern/ },
    { what: 'a missing version part', edit: (t) => void delete t.version.Patch, error: /^\/version: must have required property 'Patch'/ },
    { what: 'a non-numeric version', edit: (t) => void (t.version.Minor = '0'), error: /^\/version\/Minor: must be integer/ },
    { what: 'a malformed minimumAgentVersion', edit: (t) => void (t.minimumAgentVersion = 'latest'), error: /^\/minimumAgentVersion: must match pattern/ },
    { what: 'an unknown category', edit: (t) => void (t.category = 'Images'), error: /^\/category: must be equal to one of the allowed values/ },
    { what: 'an unknown input type', edit: (t) => void (t.inputs[0].type = 'text'), error: /^\/inputs\/0\/type: must/ },
    { what: 'a kebab-case input name', edit: (t) => void (t.inputs[0].name = 'image-definition'), error: /^\/inputs\/0\/name: must match pattern/ },
    {
      what: 'a pickList without options',
      edit: (t) => void delete (t.inputs as { type: string; options?: unknown }[]).find((i) => i.type === 'pickList')!.options,
      error: /^\/inputs\/\d+: must have required property 'options'/,
    },
    { what: 'a kebab-case output variable', edit: (t) => void (t.outputVariables[0].name = 'image-version-id'), error: /^\/outputVariables\/0\/name: must match pattern/ },
    { what: 'an old Node handler', edit: (t) => void (t.execution = { Node16: { target: 'x.js' } }), error: /^\/execution: must NOT have additional properties \('Node16'\)/ },
    { what: 'a handler without a target', edit: (t) => void (t.execution = { Node24: {} }), error: /^\/execution\/Node24: must have required property 'target'/ },
    { what: 'no handler at all', edit: (t) => void (t.execution = {}), error: /^\/execution: must NOT have fewer than 1 properties/ },
    { what: 'an unknown top-level field', edit: (t) => void (t.outputs = []), error: /^\/: must NOT have additional properties \('outputs'\)/ },
    { what: 'a friendlyName over 40 characters', edit: (t) => void (t.friendlyName = 'x'.repeat(41)), error: /^\/friendlyName: must NOT have more than 40 characters/ },
  ];
  for (const c of cases) {
    it(`fails on ${c.what}`, () => {
      const broken = clone();
      c.edit(broken);
      const problems = validateTaskManifest(broken);
      expect(problems.some((p) => c.error.test(p)), problems.join('\n')).toBe(true);
    });
  }

  it('accepts the connectedService:AzureRM input and a Node20_1 + Node24 pair', () => {
    const t = clone();
    expect((t.inputs as { type: string }[]).some((i) => i.type === 'connectedService:AzureRM')).toBe(true);
    t.execution = { Node20_1: { target: 'dist/azdo/publish.mjs' }, Node24: { target: 'dist/azdo/publish.mjs' } };
    expect(validateTaskManifest(t)).toEqual([]);
  });
});

describe('action-validator rejects broken action metadata', () => {
  const source = actions.find((f) => f.endsWith('actions/publish/action.yml'))!;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases break arbitrary fields of parsed YAML/JSON
  const cases: { what: string; edit: (doc: Record<string, any>) => void; error: RegExp }[] = [
    { what: 'an input without a description', edit: (d) => void delete d.inputs.source.description, error: /\/inputs\/source\/description/ },
    { what: 'a misspelled input key', edit: (d) => void (d.inputs.source.requird = true), error: /Additional property 'requird' is not allowed/ },
    { what: 'a missing runs section', edit: (d) => void delete d.runs, error: /"\/runs"/ },
    { what: 'an unknown runtime', edit: (d) => void (d.runs.using = 'node8'), error: /\/runs\/using/ },
    { what: 'a missing name', edit: (d) => void delete d.name, error: /"\/name"/ },
  ];
  for (const c of cases) {
    it(`fails on ${c.what}`, () => {
      const result = validateActionFile(brokenAction(source, c.what.replace(/\W+/g, '-'), c.edit));
      expect(result.ok).toBe(false);
      expect(result.report).toMatch(c.error);
    });
  }

  it('the node24 check fails on another runtime and a missing main file', () => {
    const file = brokenAction(source, 'node20', (d) => {
      d.runs.using = 'node20';
      d.runs.main = 'missing.mjs';
    });
    expect(checkActionRuntime(file)).toEqual(["runs.using is 'node20', expected node24", "runs.main 'missing.mjs' does not exist next to the action"]);
  });
});
