import { describe, expect, it } from 'vitest';
import { ProvenanceTagKeys, assertNoReservedTags, parseTagInput, provenanceTags } from '../../../src/core/tags/provenance-tags.js';
import { assertRequiredTags, assertTagLimits, tagLimitViolations } from '../../../src/core/tags/tag-limits.js';

describe('ARM tag limits', () => {
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
  it.each([
    ['51 tags', many, /51 tags .* at most 50/],
    ['a 513-character key', { ['k'.repeat(513)]: 'v' }, /513 characters; the limit is 512/],
    ['a 257-character value', { owner: 'v'.repeat(257) }, /'owner' has a 257-character value; the limit is 256/],
    ['a key with <', { 'a<b': 'v' }, /'a<b' contains '<'/],
    ['a key with / and ?', { 'a/b?': 'v' }, /contains '\?', '\/'/],
    ['a key with %', { '50%': 'v' }, /contains '%'/],
    ['a key with &', { 'a&b': 'v' }, /contains '&'/],
    ['a key with \\', { 'a\\b': 'v' }, /contains '\\'/],
    ['keys differing in case', { Owner: 'a', owner: 'b' }, /differ only in case/],
    ['an empty key', { '': 'v' }, /empty/],
  ])('refuses %s', (_name, tags, message) => {
    expect(tagLimitViolations(tags).join('\n')).toMatch(message);
    expect(() => assertTagLimits(tags, 'the version')).toThrow(/break ARM's limits/);
  });

  it('accepts 50 tags at the length limits', () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'.repeat(256)]));
    tags['x'.repeat(512)] = '';
    expect(tagLimitViolations(tags)).toEqual([]);
  });
});

describe('required tags', () => {
  it('lists every missing or empty required tag, case-insensitively', () => {
    expect(() => assertRequiredTags({ Owner: 'team', costCenter: ' ' }, ['owner', 'costcenter', 'env'])).toThrow(
      /requires the tag\(s\) 'costcenter', 'env'/,
    );
    expect(() => assertRequiredTags({ owner: 'team' }, ['Owner'])).not.toThrow();
  });
});

describe('provenance tags', () => {
  it('writes prefixed keys and skips absent facts', () => {
    const tags = provenanceTags(
      { platform: 'github', commit: 'abc123', ref: 'refs/heads/main', runId: '99', runAttempt: 2, actor: 'octo', runUrl: 'https://github.com/o/r/actions/runs/99' },
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img',
      'packer',
    );
    expect(tags).toEqual({
      [ProvenanceTagKeys.platform]: 'github',
      [ProvenanceTagKeys.commit]: 'abc123',
      [ProvenanceTagKeys.ref]: 'refs/heads/main',
      [ProvenanceTagKeys.runUrl]: 'https://github.com/o/r/actions/runs/99',
      [ProvenanceTagKeys.runId]: '99/2',
      [ProvenanceTagKeys.actor]: 'octo',
      [ProvenanceTagKeys.sourceId]: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img',
      [ProvenanceTagKeys.bakeEngine]: 'packer',
    });
    expect(Object.keys(tags).every((k) => k.startsWith('image-publish.'))).toBe(true);
  });

  it('keeps the tail of values over 256 characters', () => {
    const long = `https://example.com/${'x'.repeat(300)}/run/7`;
    const tags = provenanceTags({ platform: 'cli', runUrl: long }, 'src');
    expect(tags[ProvenanceTagKeys.runUrl]).toHaveLength(256);
    expect(tags[ProvenanceTagKeys.runUrl]?.endsWith('/run/7')).toBe(true);
  });
});

describe('parseTagInput', () => {
  it.each([
    ['owner=team\nenv = prod\n# comment\n', { owner: 'team', env: 'prod' }],
    ['owner=team,env=prod', { owner: 'team', env: 'prod' }],
    ['{"owner":"team","n":"1"}', { owner: 'team', n: '1' }],
    ['url=https://x/?a=b', { url: 'https://x/?a=b' }],
    ['', {}],
  ])('%j', (text, expected) => {
    expect(parseTagInput(text)).toEqual(expected);
  });

  it.each(['just-a-key', '{not json', '=value'])('rejects %j', (text) => {
    expect(() => parseTagInput(text)).toThrow(/Input 'tags'/);
  });
});

describe('tags input: conflicting values are errors naming the input', () => {
  it.each([
    ['{"team": {"name":"x"}}', /Input 'tags' gives tag 'team' the object value/],
    ['{"cost": null}', /Input 'tags' gives tag 'cost' the value null/],
    ['{"n": 5}', /Input 'tags' gives tag 'n' the number value 5.*quote numbers/],
    ['{"ok": true}', /Input 'tags' gives tag 'ok' the boolean value/],
    ['{"list": ["a"]}', /Input 'tags' gives tag 'list' the array/],
  ])('%s', (text, message) => {
    expect(() => parseTagInput(text)).toThrow(message);
  });

  it.each(['image-publish.claim=mine', 'Image-Publish.run-id=1', '{"image-publish.source-id": "x"}'])('reserved prefix: %s', (text) => {
    expect(() => parseTagInput(text)).toThrow(/Input 'tags' sets '.*': tag names starting with 'image-publish\.' are reserved/);
  });

  it("sign's signature-tags output passes through publish's tags input (the chaining every example uses)", () => {
    const signatureTags = JSON.stringify({ 'image-publish.signature.digest': 'sha256:ab', 'image-publish.signature.keyid': 'k', 'image-publish.signature.envelope': 'ab.dsse.json' });
    expect(parseTagInput(signatureTags)).toEqual({ 'image-publish.signature.digest': 'sha256:ab', 'image-publish.signature.keyid': 'k', 'image-publish.signature.envelope': 'ab.dsse.json' });
  });

  it('image.yaml tags with the reserved prefix are refused naming image.yaml', () => {
    expect(() => assertNoReservedTags({ 'image-publish.claim': 'x' }, "image.yaml 'tags'")).toThrow(/image\.yaml 'tags' sets 'image-publish\.claim'/);
  });
});
