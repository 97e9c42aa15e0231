import { describe, expect, it } from 'vitest';
import { resolveGalleryTarget, resolveVersionTarget } from '../../../src/core/gallery/gallery-target-input.js';
import type { ImageConfig } from '../../../src/core/config/image-config.js';

const config = { gallery: { name: 'gal', resourceGroup: 'rg' }, definition: { name: 'img' }, versioning: { version: '1.2.3' } } as unknown as ImageConfig;
const ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal/images/img/versions/1.0.0';

describe('the one gallery-target resolver', () => {
  it('takes explicit inputs over image.yaml and checks ARM names', () => {
    expect(resolveGalleryTarget({ gallery: ' other ' }, config)).toEqual({ resourceGroup: 'rg', gallery: 'other', image: 'img' });
    expect(() => resolveGalleryTarget({ gallery: 'my-gallery' }, config)).toThrow(/Input 'gallery' is 'my-gallery', which is not a valid gallery name/);
  });

  it('names the missing input, its image.yaml field and why it is needed', () => {
    expect(() => resolveGalleryTarget({}, undefined, { when: 'with image-version' })).toThrow(
      expect.objectContaining({ code: 'E_INPUT_MISSING', input: 'resource-group', message: "Input 'resource-group' is required with image-version: set it, or 'gallery.resourceGroup' in image.yaml." }),
    );
  });

  it("narrows to a definition only by the input when asked (inventory covers the gallery)", () => {
    expect(resolveGalleryTarget({}, config, { image: 'input' })).toEqual({ resourceGroup: 'rg', gallery: 'gal' });
    expect(resolveGalleryTarget({ 'image-definition': 'x' }, config, { image: 'input' })).toEqual({ resourceGroup: 'rg', gallery: 'gal', image: 'x' });
  });

  it('reads a version from image-version-id, else from the parts and (when allowed) image.yaml', () => {
    expect(resolveVersionTarget({ 'image-version-id': ID }, undefined, { versionFromConfig: false })).toEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', gallery: 'gal', image: 'img', version: '1.0.0',
    });
    expect(resolveVersionTarget({}, config, { versionFromConfig: true })).toEqual({ subscriptionId: undefined, resourceGroup: 'rg', gallery: 'gal', image: 'img', version: '1.2.3' });
    expect(() => resolveVersionTarget({}, config, { versionFromConfig: false })).toThrow(
      "Input 'version' is required when 'image-version-id' is empty: set it (or pass publish's image-version-id output as 'image-version-id').",
    );
    expect(() => resolveVersionTarget({ version: '1.2' }, config, { versionFromConfig: false })).toThrow(/Input 'version' is '1.2'; give the published version as 'x.y.z'/);
    expect(() => resolveVersionTarget({ 'image-version-id': '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/images/x' }, config, { versionFromConfig: true })).toThrow(
      /Input 'image-version-id' is '.*', which is not a gallery image version id/,
    );
  });
});
