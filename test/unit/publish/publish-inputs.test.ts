import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../../../src/core/config/image-config.js';
import { resolvePublishInputs } from '../../../src/core/gallery/publish-inputs.js';

const base = {
  source: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img',
  'resource-group': 'rg',
  gallery: 'gal',
  'image-definition': 'ubuntu',
  publisher: 'contoso',
  offer: 'ubuntu',
  sku: '24_04',
};

const config = {
  gallery: { name: 'cfg_gallery', resourceGroup: 'cfg-rg', location: 'westeurope', create: true },
  definition: {
    name: 'cfg-def',
    publisher: 'p',
    offer: 'o',
    sku: 's',
    osType: 'Windows',
    securityType: 'TrustedLaunch',
    diskControllerTypes: ['SCSI', 'NVMe'],
    recommended: { vCPUs: { min: 2, max: 8 } },
  },
  versioning: { scheme: 'date', excludeFromLatest: false, replicaCount: 3 },
  tags: { owner: 'team' },
  requiredTags: ['owner'],
} as unknown as ImageConfig;

describe('resolvePublishInputs', () => {
  it('applies defaults', () => {
    const inputs = resolvePublishInputs(base, undefined);
    expect(inputs.version).toEqual({ kind: 'auto', bump: 'patch' });
    expect(inputs.profile.excludeFromLatest).toBe(true);
    expect(inputs.createGallery).toBe(false);
    expect(inputs.replaceFailed).toBe(false);
    expect(inputs.definition).toMatchObject({ osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2' });
    expect(inputs.timeoutMs).toBe(60 * 60_000);
  });

  it('takes image.yaml values and lets explicit inputs win', () => {
    const fromConfig = resolvePublishInputs({ source: base.source }, config);
    expect(fromConfig.target).toEqual({ resourceGroup: 'cfg-rg', gallery: 'cfg_gallery', image: 'cfg-def' });
    expect(fromConfig.createGallery).toBe(true);
    expect(fromConfig.location).toBe('westeurope');
    expect(fromConfig.version).toEqual({ kind: 'date' });
    expect(fromConfig.profile).toMatchObject({ excludeFromLatest: false, replicaCount: 3 });
    expect(fromConfig.definition.features).toEqual({ SecurityType: 'TrustedLaunch', DiskControllerTypes: 'SCSI,NVMe' });
    expect(fromConfig.definition.recommended).toEqual({ vCpus: { min: 2, max: 8 } });
    expect(fromConfig.userTags).toEqual({ owner: 'team' });
    expect(fromConfig.requiredTags).toEqual(['owner']);

    const overridden = resolvePublishInputs({ ...base, version: '2.0.0', 'exclude-from-latest': true, tags: 'env=prod' }, config);
    expect(overridden.target.gallery).toBe('gal');
    expect(overridden.version).toEqual({ kind: 'explicit', version: { major: 2, minor: 0, patch: 0 } });
    expect(overridden.profile.excludeFromLatest).toBe(true);
    expect(overridden.userTags).toEqual({ owner: 'team', env: 'prod' });
  });

  it.each([
    ['bad version', { version: '1.2' }, /Input 'version' is '1.2'/],
    ['bad gallery name', { gallery: 'my-gallery' }, /Input 'gallery' is 'my-gallery'.*no hyphens/],
    ['bad definition name', { 'image-definition': '-x' }, /Input 'image-definition' is '-x'/],
    ['bad resource group', { 'resource-group': 'rg.' }, /Input 'resource-group' is 'rg.'/],
    ['missing gallery', { gallery: undefined }, /Input 'gallery' is required.*'gallery.name' in image.yaml/],
    ['missing source', { source: undefined }, /Input 'source' is required/],
    ['bad end of life', { 'end-of-life': 'soon' }, /Input 'end-of-life' is 'soon'/],
    ['bad replica count', { 'replica-count': 0 }, /Input 'replica-count' is '0'/],
    ['bad boolean', { 'create-gallery': 'yes' }, /Input 'create-gallery' is 'yes'; use true or false/],
    ['bad os type', { 'os-type': 'BSD' }, /Input 'os-type' is 'BSD'; use one of 'Linux', 'Windows'/],
    ['bad storage type', { 'storage-account-type': 'Ultra' }, /Input 'storage-account-type' is 'Ultra'/],
    ['bad tags', { tags: 'nokey' }, /Input 'tags' has the line 'nokey'/],
  ])('rejects %s naming the input', (_name, change, message) => {
    expect(() => resolvePublishInputs({ ...base, ...change }, undefined)).toThrow(message);
  });
});

describe('resolvePublishInputs with the committed examples/image.yaml', () => {
  it('reads every publish section through the real loader', async () => {
    const { loadImageConfig } = await import('../../../src/core/config/load-image-config.js');
    const example = await loadImageConfig(new URL('../../../examples/image.yaml', import.meta.url).pathname);
    const inputs = resolvePublishInputs({ source: base.source }, example);
    expect(inputs.target).toEqual({ resourceGroup: 'rg-images', gallery: 'contoso_images', image: 'ubuntu-web' });
    expect(inputs.location).toBe('westeurope');
    expect(inputs.createGallery).toBe(false);
    expect(inputs.definition).toMatchObject({
      publisher: 'contoso',
      offer: 'web',
      sku: 'ubuntu-24_04',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      architecture: 'x64',
      features: { SecurityType: 'TrustedLaunch', DiskControllerTypes: 'SCSI,NVMe', IsAcceleratedNetworkSupported: 'true' },
      recommended: { vCpus: { min: 2, max: 16 }, memoryGb: { min: 4, max: 64 } },
      eula: 'https://contoso.example/eula',
      privacyStatementUri: 'https://contoso.example/privacy',
      releaseNoteUri: 'https://contoso.example/images/ubuntu-web/releases',
      endOfLifeDate: new Date('2029-04-30T00:00:00Z'),
    });
    expect(inputs.version).toEqual({ kind: 'auto', bump: 'patch' });
    expect(inputs.endOfLife).toBe('+180d');
    expect(inputs.profile).toMatchObject({
      excludeFromLatest: true,
      storageAccountType: 'Standard_ZRS',
      replicaCount: 1,
      allowDeletionOfReplicatedLocations: false,
      blockDeletionBeforeEndOfLife: true,
    });
    expect(inputs.replaceFailed).toBe(false);
    expect(inputs.requiredTags).toEqual(['team', 'cost-center']);
    // image.yaml regions are replicate's; publish only targets the home region unless `regions` is given.
    expect(inputs.profile.regions).toEqual([]);
    expect(resolvePublishInputs({ source: base.source, regions: ['northeurope'] }, example).profile.regions).toEqual(['northeurope']);
  });
});
