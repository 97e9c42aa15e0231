import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { imageConfigJsonSchemaText } from '../../../src/core/config/image-config-json-schema.js';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, ErrorCodes } from '../../../src/core/errors.js';
import { ImageConfigError } from '../../../src/core/config/config-issues.js';
import { imageMatrix } from '../../../src/core/config/image-matrix.js';
import { mergeSections } from '../../../src/core/config/image-set.js';
import { parseImageConfig, parseImageSet } from '../../../src/core/config/load-image-config.js';

const personasFile = resolve(import.meta.dirname, '../../../examples/personas/image.yaml');
const personas = readFileSync(personasFile, 'utf8');

function thrown(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('images: one file, one image per persona', () => {
  it('merges each image over the shared sections: maps key by key, lists replaced', () => {
    const dev = parseImageConfig(personas, 'image.yaml', 'developer');
    expect(dev.gallery).toEqual({ name: 'contoso_vdi', resourceGroup: 'rg-vdi-images', location: 'westeurope', create: true });
    expect(dev.definition).toMatchObject({ name: 'win11-developer', sku: 'win11-24h2-dev', publisher: 'contoso', offer: 'vdi', osType: 'Windows' });
    expect(dev.tags).toEqual({ estate: 'vdi', 'cost-center': 'it-workplace', persona: 'developer' });
    expect(dev.versioning).toMatchObject({ replicaCount: 1, excludeFromLatest: true });
    expect(dev.regions).toEqual(['westeurope', 'northeurope']);
    const contractor = parseImageConfig(personas, 'image.yaml', 'contractor');
    expect(contractor.regions).toEqual(['westeurope']);
    expect(contractor.versioning).toMatchObject({ replicaCount: 2 });
    expect(contractor).not.toHaveProperty('images');
  });

  it('asks which image when the file has several and no image input is given, naming them', () => {
    const error = thrown(() => parseImageConfig(personas, 'image.yaml'));
    expect(error.code).toBe(ErrorCodes.inputMissing);
    expect(error.message).toContain('image.yaml describes 3 images (knowledge-worker, developer, contractor)');
    expect(error.message).toContain("set the 'image' input");
  });

  it('an unknown image name gets a suggestion and the list', () => {
    const error = thrown(() => parseImageConfig(personas, 'image.yaml', 'develper'));
    expect(error.code).toBe(ErrorCodes.inputInvalid);
    expect(error.message).toContain("(did you mean 'developer'?)");
    expect(error.message).toContain('Its images are: knowledge-worker, developer, contractor.');
  });

  it('the single-image form stays valid, and refuses an image input it cannot honour', () => {
    const single = readFileSync(resolve(import.meta.dirname, '../../../examples/github/image.yaml'), 'utf8');
    expect(parseImageConfig(single, 'image.yaml').definition?.name).toBe('ubuntu-web');
    const error = thrown(() => parseImageConfig(single, 'image.yaml', 'developer'));
    expect(error.message).toContain('describes a single image (it has no images: section)');
  });

  it('reports a mistake inside an image at its own line, with the usual did-you-mean', () => {
    const text = personas.replace('    versioning: { replicaCount: 1 }', '    versoning: { replicaCount: 1 }');
    const error = thrown(() => parseImageConfig(text, 'image.yaml', 'developer'));
    expect(error).toBeInstanceOf(ImageConfigError);
    const line = text.split('\n').findIndex((l) => l.includes('versoning')) + 1;
    expect((error as ImageConfigError).issues).toEqual([
      expect.objectContaining({ line, path: 'images.developer.versoning', message: "unknown key 'versoning' (did you mean 'versioning'?)" }),
    ]);
  });

  it('refuses image names that cannot be job or tag names, and an empty images: map', () => {
    expect(thrown(() => parseImageConfig(`${personas}  "bad name":\n    tags: { a: b }\n`, 'image.yaml', 'developer')).message).toContain('image names are letters, digits');
    expect(thrown(() => parseImageConfig('gallery: { name: g }\nimages: {}\n', 'image.yaml')).message).toContain('list at least one image');
  });

  it('an image that switches the bake engine replaces the section instead of mixing both engines', () => {
    expect(mergeSections({ engine: 'disk', path: 'a.raw' }, { engine: 'packer', template: 't.pkr.hcl' })).toEqual({ engine: 'packer', template: 't.pkr.hcl' });
    expect(mergeSections({ engine: 'disk', path: 'a.raw', container: 'vhds' }, { path: 'b.raw' })).toEqual({ engine: 'disk', path: 'b.raw', container: 'vhds' });
  });

  it('plans one job per image for GitHub and Azure DevOps matrices', () => {
    const plan = imageMatrix(parseImageSet(personas, 'image.yaml'));
    expect(plan.github.include.map((j) => [j.name, j.image, j.definition, j.gallery])).toEqual([
      ['knowledge-worker', 'knowledge-worker', 'win11-knowledge-worker', 'contoso_vdi'],
      ['developer', 'developer', 'win11-developer', 'contoso_vdi'],
      ['contractor', 'contractor', 'win11-contractor', 'contoso_vdi'],
    ]);
    expect(plan.azdo).toEqual({ knowledge_worker: { image: 'knowledge-worker' }, developer: { image: 'developer' }, contractor: { image: 'contractor' } });
  });

  it('editors accept the persona file through the committed schema, and still flag unknown keys and bad values in it', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(imageConfigJsonSchemaText()));
    const file = parse(personas) as Record<string, unknown>;
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...file, images: { dev: { definition: { nmae: 'x' } } } })).toBe(false);
    expect(validate({ ...file, images: { dev: { definition: { osType: 'Solaris' } } } })).toBe(false);
    // Without images:, the single form keeps its required keys.
    expect(validate({ definition: { publisher: 'p' } })).toBe(false);
  });
});
