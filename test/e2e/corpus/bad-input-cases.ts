/**
 * The bad-input corpus: inputs a user can get wrong, per step (scan has its own corpus). Each case names the
 * code, the exit code and what the message must name (the input as spelled, or the file). Every case runs on
 * the CLI, the GitHub runner and the Azure DevOps agent.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BadInputCase {
  name: string;
  step: string;
  inputs: Record<string, string>;
  code: string;
  exit: 1 | 2;
  /** An input name (kebab-case; matched in any runtime spelling) or a file path the message must contain. */
  names: { input: string } | { file: string };
}

/** Files the cases point at, written once per test file. */
export function corpusFiles(): Record<'missing' | 'directory' | 'aliasBomb' | 'huge' | 'syntax' | 'unknownKey' | 'notAFile' | 'reservedTags', string> {
  const dir = mkdtempSync(join(tmpdir(), 'bad-input-corpus-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  mkdirSync(join(dir, 'a-directory'));
  return {
    missing: join(dir, 'no-such-image.yaml'),
    directory: join(dir, 'a-directory'),
    aliasBomb: write('bomb.yaml', `${bomb.join('\n')}\n`),
    huge: write('huge.yaml', `# ${'x'.repeat(1024 * 1024 + 10)}\n`),
    syntax: write('syntax.yaml', 'gallery:\n  name: [unclosed\n'),
    unknownKey: write('unknown.yaml', 'galery:\n  name: g\n'),
    notAFile: write('plain-file', 'not a folder'),
    reservedTags: write('reserved-tags.yaml', 'tags:\n  image-publish.claim: mine\n'),
  };
}

const galleryInputs = (n: string) => ({ 'resource-group': 'rg-corpus', gallery: `gal_corpus_${n}`, 'image-definition': 'def' });
const versionId = (sub: string, n: string) => `/subscriptions/${sub}/resourceGroups/rg-corpus/providers/Microsoft.Compute/galleries/gal_corpus_${n}/images/def/versions/1.0.0`;

/** Minimal valid inputs per step, so each case's one bad input is what fails. */
function baseInputs(step: string, n: string, sub: string, files: ReturnType<typeof corpusFiles>): Record<string, string> {
  switch (step) {
    case 'publish':
      return {
        ...galleryInputs(n),
        source: `/subscriptions/${sub}/resourceGroups/rg-corpus/providers/Microsoft.Compute/images/img-${n}`,
        version: '1.0.0',
        location: 'westeurope',
        publisher: 'contoso',
        offer: 'ubuntu',
        sku: '24_04',
      };
    case 'bake':
      return { engine: 'disk', 'disk-path': files.notAFile, 'storage-account-id': `/subscriptions/${sub}/resourceGroups/rg-corpus/providers/Microsoft.Storage/storageAccounts/st${n}` };
    case 'replicate':
    case 'pin-rollout':
      return { 'image-version-id': versionId(sub, n) };
    case 'sign':
    case 'verify':
      return { 'subject-id': versionId(sub, n) };
    case 'retire':
    case 'inventory':
      return galleryInputs(n);
    case 'policy':
      return { 'approved-galleries': `/subscriptions/${sub}/resourceGroups/rg-corpus/providers/Microsoft.Compute/galleries/gal_corpus_${n}` };
    default:
      return {};
  }
}

const ALL_STEPS = ['bake', 'scan', 'sign', 'publish', 'replicate', 'pin-rollout', 'verify', 'retire', 'inventory', 'policy'];

/** Every case, with its inputs filled in for emulator subscription `sub`. */
export function badInputCases(sub: string, files: ReturnType<typeof corpusFiles>): BadInputCase[] {
  const cases: BadInputCase[] = [];
  let n = 0;
  const add = (name: string, step: string, bad: Record<string, string>, code: string, names: BadInputCase['names']) => {
    const id = String(n++);
    cases.push({ name: `${step}: ${name}`, step, inputs: { ...baseInputs(step, id, sub, files), ...bad }, code, exit: 2, names });
  };
  // image.yaml and the inputs every step shares.
  for (const step of ALL_STEPS) {
    add('image.yaml missing', step, { config: files.missing }, 'E_CONFIG_INVALID', { file: files.missing });
    add('image.yaml is a directory', step, { config: files.directory }, 'E_CONFIG_INVALID', { file: files.directory });
    add('image.yaml alias bomb', step, { config: files.aliasBomb }, 'E_CONFIG_INVALID', { file: files.aliasBomb });
    add('image.yaml over the size limit', step, { config: files.huge }, 'E_CONFIG_INVALID', { file: files.huge });
    add('image.yaml syntax error', step, { config: files.syntax }, 'E_CONFIG_INVALID', { file: files.syntax });
    add('image.yaml unknown section', step, { config: files.unknownKey }, 'E_CONFIG_INVALID', { file: files.unknownKey });
    add('timeout-minutes not a number', step, { 'timeout-minutes': 'soon' }, 'E_INPUT_INVALID', { input: 'timeout-minutes' });
    add('unknown cloud', step, { cloud: 'MarsCloud' }, 'E_INPUT_INVALID', { input: 'cloud' });
  }
  // publish
  add("version with a leading zero", 'publish', { version: '01.2.3' }, 'E_INPUT_INVALID', { input: 'version' });
  add('version not x.y.z', 'publish', { version: '1.2' }, 'E_INPUT_INVALID', { input: 'version' });
  add('bump with an explicit version', 'publish', { bump: 'minor' }, 'E_INPUT_INVALID', { input: 'bump' });
  add('tags value an object', 'publish', { tags: '{"team": {"name":"x"}}' }, 'E_INPUT_INVALID', { input: 'tags' });
  add('tags value null', 'publish', { tags: '{"cost": null}' }, 'E_INPUT_INVALID', { input: 'tags' });
  add('tags reserved prefix', 'publish', { tags: 'image-publish.claim=mine' }, 'E_INPUT_INVALID', { input: 'tags' });
  add('tags line without =', 'publish', { tags: 'owner' }, 'E_INPUT_INVALID', { input: 'tags' });
  add('image.yaml tags reserved prefix', 'publish', { config: files.reservedTags }, 'E_INPUT_INVALID', { input: 'tags' });
  add('replica-count 0', 'publish', { 'replica-count': '0' }, 'E_INPUT_INVALID', { input: 'replica-count' });
  add('end-of-life not a date', 'publish', { 'end-of-life': 'someday' }, 'E_INPUT_INVALID', { input: 'end-of-life' });
  add('create-gallery not a boolean', 'publish', { 'create-gallery': 'maybe' }, 'E_INPUT_INVALID', { input: 'create-gallery' });
  // bake
  add('disk-path is a directory', 'bake', { 'disk-path': files.directory }, 'E_INPUT_INVALID', { input: 'disk-path' });
  add('disk-format unknown', 'bake', { 'disk-format': 'iso' }, 'E_INPUT_INVALID', { input: 'disk-format' });
  add('engine unknown', 'bake', { engine: 'docker' }, 'E_INPUT_INVALID', { input: 'engine' });
  // inventory
  add('output-path under a file', 'inventory', { 'output-path': join(files.notAFile, 'inventory.json') }, 'E_INPUT_INVALID', { input: 'output-path' });
  add('output-path is a directory', 'inventory', { 'output-path': files.directory }, 'E_INPUT_INVALID', { input: 'output-path' });
  add('stale-after-days 0', 'inventory', { 'stale-after-days': '0' }, 'E_INPUT_INVALID', { input: 'stale-after-days' });
  // Typed inputs (enums, integers, booleans, JSON) across the steps: refused at the runtime boundary, before any Azure call.
  const typed: Array<[string, string, string]> = [
    ['bake', 'partition-table', 'apm'], ['bake', 'rootfs-free-space-mib', 'lots'], ['bake', 'upload-concurrency', 'many'],
    ['bake', 'overwrite-blob', 'maybe'], ['bake', 'create-managed-image', 'maybe'], ['bake', 'os-type', 'MacOS'],
    ['bake', 'hyper-v-generation', 'V3'], ['bake', 'cleanup', 'maybe'], ['bake', 'progress-interval-seconds', 'often'],
    ['scan', 'scanner', 'snyk'], ['scan', 'fail-on', 'severe'], ['scan', 'ignore-unfixed', 'maybe'], ['scan', 'openscap', 'maybe'],
    ['scan', 'end-of-support-severity', 'huge'], ['scan', 'max-counts', '{"critical": '], ['scan', 'allowlist', '[unclosed'],
    ['scan', 'severity-map', 'not json'],
    ['sign', 'signer', 'pen'], ['inventory', 'stale-after-days', '-3'],
    ['publish', 'os-type', 'MacOS'], ['publish', 'os-state', 'Frozen'], ['publish', 'hyper-v-generation', 'V3'],
    ['publish', 'architecture', 'riscv'], ['publish', 'storage-account-type', 'Fast_LRS'], ['publish', 'exclude-from-latest', 'maybe'],
    ['publish', 'replace-failed', 'maybe'], ['publish', 'adopt', 'maybe'], ['publish', 'progress-interval-seconds', 'often'],
    ['publish', 'allow-deletion-of-replicated-locations', 'maybe'], ['publish', 'block-deletion-before-end-of-life', 'maybe'],
    ['publish', 'replica-count', 'three'],
    ['replicate', 'mode', 'some'], ['replicate', 'replication-mode', 'Half'], ['replicate', 'replica-count', 'three'],
    ['replicate', 'storage-account-type', 'Fast_LRS'], ['replicate', 'retries', 'many'], ['replicate', 'wait', 'maybe'],
    ['replicate', 'progress-interval-seconds', 'often'],
    ['pin-rollout', 'promote-latest', 'maybe'], ['pin-rollout', 'require-signature', 'maybe'], ['pin-rollout', 'tlog-threshold', 'one'],
    ['pin-rollout', 'plan', 'maybe'], ['pin-rollout', 'rollback', 'maybe'], ['pin-rollout', 'poll-interval-seconds', 'often'],
    ['pin-rollout', 'rings', '[{"name": '],
    ['verify', 'tlog-threshold', 'one'],
    ['retire', 'keep-latest', 'three'], ['retire', 'plan', 'maybe'],
    ['inventory', 'stale-after-days', 'thirty'],
    ['policy', 'effect', 'Block'], ['policy', 'assign', 'maybe'],
  ];
  for (const [step, input, value] of typed) add(`${input} '${value}'`, step, { [input]: value }, 'E_INPUT_INVALID', { input });
  add("first-version with a leading zero", 'publish', { version: 'auto', 'first-version': '01.0.0' }, 'E_INPUT_INVALID', { input: 'first-version' });
  add('bump unknown', 'publish', { version: 'auto', bump: 'huge' }, 'E_INPUT_INVALID', { input: 'bump' });
  return cases;
}
