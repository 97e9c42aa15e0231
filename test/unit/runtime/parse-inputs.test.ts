import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { azdoInputEnvName, azdoOutputName, camelCase, githubInputEnvName, platformInputName } from '../../../src/runtime/shared/input-names.js';
import { parseInputs, parseList } from '../../../src/runtime/shared/parse-inputs.js';
import type { InputSpec } from '../../../src/steps/step-spec.js';

function parseOne(spec: InputSpec, raw: string | undefined, platform: 'github' | 'azdo' | 'cli' = 'github'): unknown {
  return parseInputs([['the-input', spec]], platform, () => raw, () => {})['the-input'];
}

function errorOf(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('input environment names', () => {
  it.each([
    ['subscription-id', 'INPUT_SUBSCRIPTION-ID'],
    ['my input', 'INPUT_MY_INPUT'],
    ['a.b', 'INPUT_A.B'],
  ])('GitHub %s -> %s (hyphens and dots kept)', (name, env) => expect(githubInputEnvName(name)).toBe(env));

  it.each([
    ['azureSubscription', 'INPUT_AZURESUBSCRIPTION'],
    ['my input', 'INPUT_MY_INPUT'],
    ['a.b', 'INPUT_A_B'],
  ])('Azure DevOps %s -> %s', (name, env) => expect(azdoInputEnvName(name)).toBe(env));

  it('derives Azure DevOps names in camelCase, which the output-variable rule accepts', () => {
    expect(camelCase('pin-rollout-ring-2')).toBe('pinRolloutRing2');
    expect(azdoOutputName('image-version-id')).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    expect(platformInputName('azure-subscription', { type: 'string', description: '', azdoName: 'azureSubscription' }, 'azdo')).toBe('azureSubscription');
    expect(platformInputName('gallery', { type: 'string', description: '' }, 'cli')).toBe('--gallery');
  });
});

describe('parseInputs', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    [' FALSE ', false],
  ])('boolean %j -> %j', (raw, expected) => expect(parseOne({ type: 'boolean', description: '' }, raw)).toBe(expected));

  it.each(['yes', '1', 'tRue', 'on'])('boolean %j is refused with the allowed values', (raw) => {
    const error = errorOf(() => parseOne({ type: 'boolean', description: '' }, raw));
    expect(error.code).toBe('E_INPUT_INVALID');
    expect(error.message).toBe(`Input 'the-input' value '${raw}' is not a boolean. Use true or false (also True/TRUE/False/FALSE).`);
  });

  it.each([
    ['42', 42],
    ['-3', -3],
    [' 7 ', 7],
  ])('integer %j -> %j', (raw, expected) => expect(parseOne({ type: 'integer', description: '' }, raw)).toBe(expected));

  it.each(['1.5', '1e3', '12abc', '99999999999999999999'])('integer %j is refused', (raw) => {
    expect(errorOf(() => parseOne({ type: 'integer', description: '' }, raw)).message).toContain('is not an integer');
  });

  it.each([
    ['a,b , c', ['a', 'b', 'c']],
    ['a\nb\r\n\nc', ['a', 'b', 'c']],
    ['eastus, westus\nnortheurope,', ['eastus', 'westus', 'northeurope']],
  ])('list %j', (raw, expected) => expect(parseList(raw)).toEqual(expected));

  it('parses json and names the input when it is broken', () => {
    expect(parseOne({ type: 'json', description: '' }, '{"a":[1]}')).toEqual({ a: [1] });
    expect(errorOf(() => parseOne({ type: 'json', description: '' }, '{a')).message).toMatch(/^Input 'the-input' is not valid JSON/);
  });

  it('parses a map once: key=value lines or a JSON object, errors naming the input as spelled on the platform', () => {
    const spec: InputSpec = { type: 'map', description: '', map: { noun: 'tag' } };
    expect(parseOne(spec, 'owner = team\n# note\nurl=https://x/?a=b')).toEqual({ owner: 'team', url: 'https://x/?a=b' });
    expect(parseOne(spec, '{"owner":"team"}')).toEqual({ owner: 'team' });
    // Commas separate entries only where the spec says so (a Packer value may hold them).
    expect(parseOne(spec, 'a=1,b=2')).toEqual({ a: '1,b=2' });
    expect(parseOne({ ...spec, map: { commas: true } }, 'a=1,b=2')).toEqual({ a: '1', b: '2' });
    const error = errorOf(() => parseOne(spec, 'just-a-key', 'azdo'));
    expect(error.code).toBe('E_INPUT_INVALID');
    expect(error.message).toBe("Input 'theInput' has the line 'just-a-key', which is not key=value; write one tag per line as key=value.");
    expect((error as ConfigurationError & { input?: string }).input).toBe('the-input');
    expect(errorOf(() => parseOne(spec, '{"n": 5}', 'cli')).message).toMatch(/^Input '--the-input' gives tag 'n' the number value 5/);
  });

  it('parses a list-or-json input once: a list, or a JSON array when it starts with [', () => {
    const spec: InputSpec = { type: 'list-or-json', description: '' };
    expect(parseOne(spec, 'westeurope, eastus\nnortheurope')).toEqual(['westeurope', 'eastus', 'northeurope']);
    expect(parseOne(spec, '[{"name":"westeurope","replicas":2}, "eastus"]')).toEqual([{ name: 'westeurope', replicas: 2 }, 'eastus']);
    expect(errorOf(() => parseOne(spec, '[{"name":', 'cli')).message).toMatch(/^Input '--the-input' looks like JSON but does not parse: /);
  });

  it('refuses an enum value and lists the options', () => {
    const spec: InputSpec = { type: 'enum', description: '', options: ['AzureCloud', 'Custom'] };
    expect(parseOne(spec, 'Custom')).toBe('Custom');
    expect(errorOf(() => parseOne(spec, 'azure')).message).toBe("Input 'the-input' value 'azure' is not an allowed value. Use one of: AzureCloud, Custom.");
  });

  it('treats empty as absent: defaults apply, optional inputs are left out', () => {
    const inputs: [string, InputSpec][] = [
      ['with-default', { type: 'integer', description: '', default: '60' }],
      ['optional', { type: 'string', description: '' }],
    ];
    expect(parseInputs(inputs, 'github', () => '  ', () => {})).toEqual({ 'with-default': 60 });
  });

  it.each([
    ['github', "Input 'the-input' is required but was not given. Add 'the-input:' under the step's 'with:'."],
    ['azdo', "Input 'theInput' is required but was not given. Add 'theInput:' under the task's 'inputs:'."],
    ['cli', "Input '--the-input' is required but was not given. Pass --the-input <value>."],
  ] as const)('a missing required input is named as spelled on %s', (platform, message) => {
    const error = errorOf(() => parseOne({ type: 'string', description: '', required: true }, '', platform));
    expect(error.code).toBe('E_INPUT_MISSING');
    expect(error.message).toBe(message);
  });

  it('masks a secret as soon as it is read, before conversion can fail', () => {
    const masked: string[] = [];
    const inputs: [string, InputSpec][] = [
      ['token', { type: 'string', description: '', secret: true }],
      ['count', { type: 'integer', description: '' }],
    ];
    const read = (name: string) => (name === 'token' ? ' s3cret ' : 'x');
    expect(() => parseInputs(inputs, 'github', read, (s) => masked.push(s))).toThrow(ConfigurationError);
    expect(masked).toEqual([' s3cret ']);
    // Secrets keep their exact bytes.
    expect(parseInputs([inputs[0] as [string, InputSpec]], 'github', read, () => {})).toEqual({ token: ' s3cret ' });
  });
});
