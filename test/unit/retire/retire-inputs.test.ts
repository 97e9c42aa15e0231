import { describe, expect, it } from 'vitest';
import { channelPinsFromTags, definitionPins } from '../../../src/core/retirement/channel-pins.js';
import { consumersOfDefinition } from '../../../src/core/retirement/consumer-finder.js';
import { resolveRetireInputs } from '../../../src/core/retirement/retire-inputs.js';
import type { ImageConfig } from '../../../src/core/config/image-config.js';

const DAY = 86_400_000;
const config = {
  gallery: { name: 'gal', resourceGroup: 'rg' },
  definition: { name: 'img' },
  retirement: { keepLatest: 2, deprecateAfter: '30d', deleteAfter: '12w', keepTag: 'image-publish.keep', subscriptions: ['11111111-2222-3333-4444-555555555555'] },
} as unknown as ImageConfig;

describe('retire inputs', () => {
  it('reads image.yaml retirement and lets explicit inputs win', () => {
    const fromFile = resolveRetireInputs({}, config);
    expect(fromFile.policy).toEqual({ keepLatest: 2, deprecateAfterMs: 30 * DAY, deleteAfterMs: 84 * DAY, keepTag: 'image-publish.keep' });
    expect(fromFile.subscriptions).toEqual(['11111111-2222-3333-4444-555555555555']);
    expect(fromFile.plan).toBe(false);
    const explicit = resolveRetireInputs({ 'keep-latest': 5, 'delete-after': '100d', plan: true }, config);
    expect(explicit.policy.keepLatest).toBe(5);
    expect(explicit.policy.deleteAfterMs).toBe(100 * DAY);
    expect(explicit.plan).toBe(true);
  });

  it('defaults: keep the newest 3, keep tag "keep"', () => {
    const inputs = resolveRetireInputs({ 'resource-group': 'rg', gallery: 'gal', 'image-definition': 'img', 'deprecate-after': '7d' }, undefined);
    expect(inputs.policy).toEqual({ keepLatest: 3, deprecateAfterMs: 7 * DAY, deleteAfterMs: undefined, keepTag: 'keep' });
  });

  it.each([
    [{ 'deprecate-after': '7d' }, 'E_INPUT_MISSING', "Input 'resource-group' is required: set it, or 'gallery.resourceGroup' in image.yaml."],
    [{ 'resource-group': 'rg', gallery: 'gal', 'image-definition': 'img' }, 'E_INPUT_MISSING', 'Retire has nothing to do'],
    [{ 'resource-group': 'rg', gallery: 'gal', 'image-definition': 'img', 'deprecate-after': '30d', 'delete-after': '7d' }, 'E_INPUT_INVALID', 'shorter than'],
    [{ 'resource-group': 'rg', gallery: 'gal', 'image-definition': 'img', 'delete-after': '90 days' }, 'E_INPUT_INVALID', "Input 'delete-after': '90 days' is not a duration"],
    [{ 'resource-group': 'rg', gallery: 'gal', 'image-definition': 'img', 'delete-after': '9d', 'keep-latest': 0 }, 'E_INPUT_INVALID', "'keep-latest'"],
    [{ 'resource-group': 'rg', gallery: 'g-x', 'image-definition': 'img', 'delete-after': '9d' }, 'E_INPUT_INVALID', "Input 'gallery'"],
    [{ 'resource-group': 'rg', gallery: 'gal', 'image-definition': 'img', 'delete-after': '9d', subscriptions: ['prod'] }, 'E_INPUT_INVALID', 'not a subscription GUID'],
  ])('rejects %j', (parsed, code, text) => {
    expect(() => resolveRetireInputs(parsed, undefined)).toThrow(expect.objectContaining({ code, message: expect.stringContaining(text) }));
  });
});

describe('channel pins and consumers', () => {
  it('reads channel.<name> and channel.<name>.previous tags; ignores other tags', () => {
    expect(channelPinsFromTags({ 'channel.prod': '1.2.0', 'channel.prod.previous': '1.1.0', 'image-publish.channel.canary': '1.2.0', owner: 'x', 'channel.': '1.0.0' })).toEqual({
      '1.2.0': ['canary', 'prod'],
      '1.1.0': ['prod.previous'],
    });
    expect(channelPinsFromTags(undefined)).toEqual({});
  });

  it('a pin-rollout lease protects the version it rolls out, expired or not', () => {
    expect(definitionPins({ 'channel.prod': '1.0.0', 'image-publish.rollout.lease': 'run-1|2020-01-01T00:00:00.000Z|1.3.0' })).toEqual({
      '1.0.0': ['prod'],
      '1.3.0': ['rollout in progress (lease)'],
    });
    expect(definitionPins({ 'image-publish.rollout.lease': 'garbage' })).toEqual({});
  });

  it('splits consumers into exact-version users and latest users, case-insensitively', () => {
    const def = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/img';
    const got = consumersOfDefinition(def, [
      { id: 'vmss-a', kind: 'scale-set', imageId: `${def}/versions/1.0.0` },
      { id: 'vmss-a', kind: 'scale-set-instance', imageId: `${def.toUpperCase()}/VERSIONS/1.0.0` },
      { id: 'vm-b', kind: 'vm', imageId: def.toLowerCase() },
      { id: 'vm-c', kind: 'vm', imageId: `${def}-other/versions/1.0.0` },
    ]);
    expect(got).toEqual({ byVersion: { '1.0.0': ['vmss-a'] }, latest: ['vm-b'] });
  });
});
