// Every usage snippet in the docs is checked against the metadata generated from the step definitions: a GitHub
// `uses:` must be the one published form and its `with:` keys inputs of that action; an Azure DevOps `task:` must
// use input names of that task.json; an `image-publish <step>` command line must parse with the CLI's own parser.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { steps } from '../../../src/steps/registry.js';
import { stepActionMetadata } from '../../../src/runtime/metadata/action-yml.js';
import { taskMetadata } from '../../../src/runtime/metadata/task-json.js';
import { parseCliArgs } from '../../../src/runtime/cli/cli-args.js';
import { PROJECT_SLUG } from '../../../src/core/project-home.js';

const root = resolve(import.meta.dirname, '../../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

const docs = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];
const exampleYaml = readdirSync(join(root, 'examples'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(root, 'examples', f));

interface Block { file: string; lang: string; text: string; line: number }

function fencedBlocks(file: string): Block[] {
  const blocks: Block[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    blocks.push({ file: relative(root, file), lang: open[1] ?? '', text: body.join('\n'), line: start + 1 });
  }
  return blocks;
}

interface Usage { surface: 'github' | 'azdo' | 'cli'; step: string; where: string }

const ACTION_USES = new RegExp(`^${PROJECT_SLUG.replace('/', '\\/')}(?:/actions/([a-z-]+))?@v1$`);
const taskByName = new Map(steps.map((s) => [s.azdoTaskName, s]));

/** Walks parsed YAML and checks every step or task of ours it meets; returns what it found. */
function checkYaml(value: unknown, where: string, problems: string[], found: Usage[]): void {
  if (Array.isArray(value)) {
    for (const item of value) checkYaml(item, where, problems, found);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  if (typeof node.uses === 'string' && /image-publish|^\.\/actions\//.test(node.uses)) {
    const match = ACTION_USES.exec(node.uses);
    const inputs = (node.with ?? {}) as Record<string, unknown>;
    const stepName = match?.[1] ?? (typeof inputs.step === 'string' ? inputs.step : undefined);
    const step = steps.find((s) => s.name === stepName);
    if (match === null) problems.push(`${where}: 'uses: ${node.uses}' is not the published form '${PROJECT_SLUG}/actions/<step>@v1'`);
    else if (step === undefined) problems.push(`${where}: 'uses: ${node.uses}' names no step`);
    else {
      const known = stepActionMetadata(step).inputs;
      for (const key of Object.keys(inputs)) {
        if (key === 'step' && match[1] === undefined) continue;
        if (!(key in known)) problems.push(`${where}: '${key}' is not an input of actions/${step.name}/action.yml`);
      }
      found.push({ surface: 'github', step: step.name, where });
    }
  }
  if (typeof node.task === 'string') {
    const [name, major] = node.task.split('@');
    const step = taskByName.get(name ?? '');
    if (step !== undefined) {
      if (major !== '1') problems.push(`${where}: 'task: ${node.task}' should be ${step.azdoTaskName}@1`);
      const known = new Set(taskMetadata(step).inputs.map((input) => input.name));
      for (const key of Object.keys((node.inputs ?? {}) as Record<string, unknown>)) {
        if (!known.has(key)) problems.push(`${where}: '${key}' is not an input of ${step.azdoTaskName} (task.json)`);
      }
      found.push({ surface: 'azdo', step: step.name, where });
    }
  }
  for (const child of Object.values(node)) checkYaml(child, where, problems, found);
}

/** `$(...)` command substitutions (nested quotes and all) become one placeholder word: only flag names matter here. */
function withoutSubstitutions(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '$' || line[i + 1] !== '(') {
      out += line[i] ?? '';
      continue;
    }
    let depth = 0;
    for (; i < line.length; i++) {
      if (line[i] === '(') depth++;
      else if (line[i] === ')' && --depth === 0) break;
    }
    out += 'VALUE';
  }
  return out;
}

/** Splits a shell command line into words (quotes kept together; no expansion needed for flag names). */
function shellWords(line: string): string[] {
  return [...withoutSubstitutions(line).matchAll(/"[^"]*"|'[^']*'|\S+/g)].map((m) => m[0].replace(/^(["'])(.*)\1$/, '$2'));
}

function checkShell(block: Block, problems: string[], found: Usage[]): void {
  for (const raw of block.text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.replace(/^\s*(\$\s+)?/, '').replace(/\s+#.*$/, '');
    const words = shellWords(line);
    const at = words.findIndex((w) => w === 'image-publish');
    if (at === -1 || !steps.some((s) => s.name === words[at + 1])) continue;
    const rest = words.slice(at + 1);
    const end = rest.findIndex((w) => /^(\||&&|;|>|<|2>)/.test(w));
    const args = end === -1 ? rest : rest.slice(0, end);
    const where = `${block.file}:${block.line}`;
    try {
      const command = parseCliArgs(args, steps);
      if (command.kind === 'run' || command.kind === 'step-help') found.push({ surface: 'cli', step: command.step.name, where });
    } catch (error) {
      problems.push(`${where}: '${line.trim()}': ${(error as Error).message}`);
    }
  }
}

function scan(): { problems: string[]; found: Usage[] } {
  const problems: string[] = [];
  const found: Usage[] = [];
  for (const file of docs) {
    for (const block of fencedBlocks(file)) {
      const where = `${block.file}:${block.line}`;
      if (block.lang === 'yaml' || block.lang === 'yml') {
        for (const doc of parseAllDocuments(block.text)) {
          if (doc.errors.length > 0) problems.push(`${where}: YAML does not parse: ${doc.errors[0]?.message ?? ''}`);
          else checkYaml(doc.toJS(), where, problems, found);
        }
      } else if (block.lang === 'bash' || block.lang === 'sh' || block.lang === 'console' || block.lang === 'shell') checkShell(block, problems, found);
    }
  }
  for (const file of exampleYaml) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) checkYaml(doc.toJS(), relative(root, file), problems, found);
  }
  return { problems, found };
}

describe('usage snippets in the docs', () => {
  const { problems, found } = scan();

  it('use the published uses: form and only inputs the generated metadata declares', () => {
    expect(problems).toEqual([]);
  });

  it.each(steps.map((s) => s.name))('docs/steps/%s.md shows the step on GitHub, Azure DevOps and the CLI', (name) => {
    const page = `docs/steps/${name}.md`;
    const surfaces = new Set(found.filter((u) => u.step === name && u.where.startsWith(`${page}:`)).map((u) => u.surface));
    expect([...surfaces].sort()).toEqual(['azdo', 'cli', 'github']);
  });

  it('catches a misspelt input and a foreign uses: form (the checker is not blind)', () => {
    const problems: string[] = [];
    checkYaml({ uses: `${PROJECT_SLUG}/actions/publish@v1`, with: { regionz: 'westeurope' } }, 'x', problems, []);
    checkYaml({ uses: 'org/image-publish/actions/publish@v1' }, 'y', problems, []);
    checkYaml({ task: 'PublishImage@1', inputs: { 'image-definition': 'ubuntu' } }, 'z', problems, []);
    expect(problems).toEqual([
      "x: 'regionz' is not an input of actions/publish/action.yml",
      `y: 'uses: org/image-publish/actions/publish@v1' is not the published form '${PROJECT_SLUG}/actions/<step>@v1'`,
      "z: 'image-definition' is not an input of PublishImage (task.json)",
    ]);
  });
});
