import type { GalleryImage } from '@azure/arm-compute';
import { describe, expect, it } from 'vitest';
import { type DefinitionSpec, definitionBody, diffDefinition, formatDifferences } from '../../../src/core/gallery/definition-spec.js';

const wanted: DefinitionSpec = {
  publisher: 'contoso',
  offer: 'ubuntu',
  sku: '24_04',
  osType: 'Linux',
  osState: 'Generalized',
  hyperVGeneration: 'V2',
  architecture: 'x64',
  features: { SecurityType: 'TrustedLaunch', DiskControllerTypes: 'SCSI,NVMe' },
};

const existing: GalleryImage = {
  location: 'westeurope',
  identifier: { publisher: 'Contoso', offer: 'ubuntu', sku: '24_04' },
  osType: 'Linux',
  osState: 'Generalized',
  hyperVGeneration: 'V2',
  features: [
    { name: 'securitytype', value: 'TrustedLaunch' },
    { name: 'DiskControllerTypes', value: 'NVMe, SCSI' },
  ],
};

describe('diffDefinition', () => {
  it('finds no difference when only case, feature order and defaults differ', () => {
    expect(diffDefinition(existing, wanted)).toEqual([]);
  });

  it.each([
    ['publisher', { identifier: { publisher: 'fabrikam', offer: 'ubuntu', sku: '24_04' } }, 'identifier.publisher', 'fabrikam', 'contoso'],
    ['sku', { identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '22_04' } }, 'identifier.sku', '22_04', '24_04'],
    ['osType', { osType: 'Windows' }, 'osType', 'Windows', 'Linux'],
    ['osState', { osState: 'Specialized' }, 'osState', 'Specialized', 'Generalized'],
    ['hyperVGeneration (absent means V1)', { hyperVGeneration: undefined }, 'hyperVGeneration', 'V1', 'V2'],
    ['architecture', { architecture: 'Arm64' }, 'architecture', 'Arm64', 'x64'],
    ['a feature value', { features: [{ name: 'SecurityType', value: 'Standard' }, { name: 'DiskControllerTypes', value: 'SCSI,NVMe' }] }, 'features.SecurityType', 'Standard', 'TrustedLaunch'],
    ['a missing feature', { features: [{ name: 'SecurityType', value: 'TrustedLaunch' }] }, 'features.DiskControllerTypes', '(not set)', 'NVMe,SCSI'],
  ] as const)('reports %s', (_name, change, property, have, want) => {
    const differences = diffDefinition({ ...existing, ...change } as GalleryImage, wanted);
    expect(differences).toEqual([{ property, existing: have, wanted: want }]);
  });

  it('lists every difference, one per line', () => {
    const differences = diffDefinition({ ...existing, osType: 'Windows', osState: 'Specialized' }, wanted);
    expect(formatDifferences(differences)).toBe(
      "- osType: existing 'Windows', wanted 'Linux'\n- osState: existing 'Specialized', wanted 'Generalized'",
    );
  });

  it('ignores updatable properties', () => {
    expect(diffDefinition({ ...existing, eula: 'other', description: 'x', recommended: { vCPUs: { min: 64 } } }, wanted)).toEqual([]);
  });
});

describe('definitionBody', () => {
  it('maps the spec onto the ARM shape', () => {
    const body = definitionBody(
      { ...wanted, recommended: { vCpus: { min: 2, max: 16 }, memoryGb: { min: 4 } }, eula: 'https://e', endOfLifeDate: new Date('2030-01-01T00:00:00Z') },
      'westeurope',
      { owner: 'team' },
    );
    expect(body).toMatchObject({
      location: 'westeurope',
      tags: { owner: 'team' },
      identifier: { publisher: 'contoso', offer: 'ubuntu', sku: '24_04' },
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      architecture: 'x64',
      features: [
        { name: 'SecurityType', value: 'TrustedLaunch' },
        { name: 'DiskControllerTypes', value: 'SCSI,NVMe' },
      ],
      recommended: { vCPUs: { min: 2, max: 16 }, memory: { min: 4 } },
      eula: 'https://e',
    });
  });
});
