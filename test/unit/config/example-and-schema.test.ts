import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { imageConfigJsonSchemaText } from '../../../src/core/config/image-config-json-schema.js';
import { parseImageConfig } from '../../../src/core/config/load-image-config.js';

const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const exampleText = readFileSync(root('examples/image.yaml'), 'utf8');

describe('examples/image.yaml', () => {
  const config = parseImageConfig(exampleText, 'examples/image.yaml');

  it('points editors at the committed schema', () => {
    expect(exampleText.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/image.schema.json');
  });

  it('fills every section of the schema', () => {
    // The single-image form (the schema's `else`); images: (several images) is shown by examples/personas/image.yaml.
    const sections = Object.keys(JSON.parse(readFileSync(root('schema/image.schema.json'), 'utf8')).else.properties).filter((k) => k !== '$schema');
    expect(Object.keys(config).sort()).toEqual(sections.sort());
  });

  it('parses each section into the expected values', () => {
    expect(config.gallery).toMatchObject({ name: 'contoso_images', resourceGroup: 'rg-images', location: 'westeurope', create: false });
    expect(config.definition).toMatchObject({ osType: 'Linux', hyperVGeneration: 'V2', securityType: 'TrustedLaunch', diskControllerTypes: ['SCSI', 'NVMe'] });
    expect(config.versioning).toMatchObject({ scheme: 'auto', endOfLife: '+180d', excludeFromLatest: true });
    expect(config.source).toEqual({ kind: 'bake' });
    expect(config.tags).toEqual({ team: 'web-platform', 'cost-center': '4711' });
    expect(config.requiredTags).toEqual(['team', 'cost-center']);
    expect(config.regions?.[0]).toBe('westeurope');
    expect(config.regions?.[2]).toMatchObject({ name: 'eastus2', replicas: 3, encryption: { dataDisks: [{ lun: 0 }] } });
    expect(config.replication).toMatchObject({ mode: 'add', replicationMode: 'Full', retries: 2 });
    expect(config.rollout?.rings.map((r) => r.name)).toEqual(['canary', 'prod']);
    expect(config.rollout?.rings[1]?.gate).toEqual({ command: ['./scripts/smoke-test.sh', '--env', 'prod'] });
    expect(config.retirement).toMatchObject({ keepLatest: 5, deleteAfter: '180d' });
    expect(config.scan?.allowlist?.[0]).toMatchObject({ id: 'CVE-2024-6387', expires: '2026-12-31' });
    expect(config.scan?.openscap?.minPassRate).toBe(95);
    expect(config.signing?.trustedKeys).toHaveLength(3);
    expect(config.bake).toMatchObject({ engine: 'image-builder', source: { kind: 'platform' } });
  });

  it('also parses the alternative engines and sources named in its comments', () => {
    const withBake = (bake: string) => parseImageConfig(exampleText.replace(/^bake:[\s\S]*$/m, bake), 'examples/image.yaml');
    expect(withBake('bake:\n  engine: disk\n  path: out/disk.raw\n  storageAccountId: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stimages\n').bake?.engine).toBe('disk');
    expect(withBake("bake:\n  engine: packer\n  template: packer/ubuntu-web.pkr.hcl\n  variables: { image_version: '1.4.2' }\n").bake?.engine).toBe('packer');
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/img';
    for (const kind of ['managed-image', 'snapshot', 'disk', 'vm', 'gallery-version']) {
      const text = exampleText.replace('source:\n  kind: bake', `source:\n  kind: ${kind}\n  id: ${id}`);
      expect(parseImageConfig(text, 'x.yaml').source).toEqual({ kind, id });
    }
  });
});

describe('schema/image.schema.json', () => {
  it('is fresh: regenerate with `npm run generate`', () => {
    expect(readFileSync(root('schema/image.schema.json'), 'utf8')).toBe(imageConfigJsonSchemaText());
  });

  it('accepts the example and rejects what the loader rejects, as an editor would', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(imageConfigJsonSchemaText()));
    expect(validate(parse(exampleText)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ gallery: { name: 'g', resourceGroup: 'rg', resourcegroup: 'x' } })).toBe(false);
    expect(validate({ versioning: { version: '1.2' } })).toBe(false);
    expect(validate({ regions: ['West Europe'] })).toBe(false);
  });
});
