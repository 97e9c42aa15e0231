import { describe, expect, it } from 'vitest';
import { describeSources, getConfigValue, mergeValue, takeInput } from '../../../src/core/config/merge-inputs.js';
import { parseImageConfig } from '../../../src/core/config/load-image-config.js';

const config = parseImageConfig(
  "gallery:\n  name: from_file\n  resourceGroup: rg\nregions: [westeurope, { name: northeurope, replicas: 2 }]\nversioning:\n  excludeFromLatest: false\n",
  'image.yaml',
);

describe('merge-inputs', () => {
  it('reads dotted and indexed paths', () => {
    expect(getConfigValue(config, 'gallery.name')).toBe('from_file');
    expect(getConfigValue(config, 'regions[1].replicas')).toBe(2);
    expect(getConfigValue(config, 'regions.0')).toBe('westeurope');
    expect(getConfigValue(config, 'gallery.name.length.x')).toBeUndefined();
    expect(getConfigValue(undefined, 'gallery.name')).toBeUndefined();
  });

  it('prefers the explicit input, then image.yaml, then the default', () => {
    expect(mergeValue('explicit', config, 'gallery.name', 'dflt')).toEqual({ value: 'explicit', source: 'input' });
    expect(mergeValue(undefined, config, 'gallery.name', 'dflt')).toEqual({ value: 'from_file', source: 'image.yaml' });
    expect(mergeValue('', config, 'gallery.name')).toEqual({ value: 'from_file', source: 'image.yaml' });
    expect(mergeValue(undefined, config, 'gallery.location', 'westeurope')).toEqual({ value: 'westeurope', source: 'default' });
    expect(mergeValue(undefined, undefined, 'gallery.name')).toBeUndefined();
  });

  it('keeps an explicit false and a file false over a true default', () => {
    expect(mergeValue(false, config, 'versioning.excludeFromLatest', true)?.value).toBe(false);
    expect(takeInput({}, 'exclude-from-latest', config, 'versioning.excludeFromLatest', true)).toBe(false);
  });

  it('describes where values came from', () => {
    expect(describeSources({ a: { value: 'x', source: 'input' }, b: undefined, c: { value: [1], source: 'default' } })).toBe('a=x (input), c=[1] (default)');
  });
});
