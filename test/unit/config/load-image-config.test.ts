import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageConfigError } from '../../../src/core/config/config-issues.js';
import { IMAGE_SCHEMA_ID } from '../../../src/core/config/image-config-json-schema.js';
import { loadImageConfig, parseImageConfig } from '../../../src/core/config/load-image-config.js';

/** Parses `text` expecting failure; returns the error. */
function fail(text: string): ImageConfigError {
  try {
    parseImageConfig(text, 'image.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ImageConfigError);
    expect((err as ImageConfigError).code).toBe('E_CONFIG_INVALID');
    return err as ImageConfigError;
  }
  throw new Error('expected parseImageConfig to throw');
}

const valid = `gallery:
  name: g1
  resourceGroup: rg
versioning:
  scheme: explicit
  version: '1.2.3'
regions: [westeurope, { name: northeurope, replicas: 2 }]
`;

describe('parseImageConfig', () => {
  it('returns typed values for a valid file', () => {
    const config = parseImageConfig(valid, 'image.yaml');
    expect(config.gallery).toEqual({ name: 'g1', resourceGroup: 'rg' });
    expect(config.versioning?.version).toBe('1.2.3');
    expect(config.regions).toEqual(['westeurope', { name: 'northeurope', replicas: 2 }]);
  });

  it('accepts an empty file as an empty configuration', () => {
    expect(parseImageConfig('', 'image.yaml')).toEqual({});
    expect(parseImageConfig('# only a comment\n', 'image.yaml')).toEqual({});
  });

  it('names file, line, column and field of a wrong type, and says how to fix it', () => {
    const err = fail('gallery:\n  name: g1\n  resourceGroup: 42\n');
    expect(err.issues).toEqual([
      { file: 'image.yaml', line: 3, column: 18, path: 'gallery.resourceGroup', message: "expected string, got number 42; quote it, e.g. '42'" },
    ]);
    expect(err.message.split('\n')[0]).toBe("image.yaml:3:18: gallery.resourceGroup: expected string, got number 42; quote it, e.g. '42'");
    expect(err.message).toContain(`$schema=${IMAGE_SCHEMA_ID}`);
  });

  it('suggests the right key for a typo, pointing at the key', () => {
    const err = fail('gallery:\n  name: g1\n  resourcegroup: rg\n');
    const typo = err.issues.find((i) => i.path === 'gallery.resourcegroup');
    expect(typo).toEqual({
      file: 'image.yaml', line: 3, column: 3, path: 'gallery.resourcegroup',
      message: "unknown key 'resourcegroup' (did you mean 'resourceGroup'?)",
    });
    // The key it was meant to be is not reported missing as well: one mistake, one message.
    expect(err.issues).toHaveLength(1);
    const missing = fail('gallery:\n  name: g1\n');
    expect(missing.issues).toEqual([{ file: 'image.yaml', line: 2, column: 3, path: 'gallery.resourceGroup', message: "missing required key 'resourceGroup' (a string)" }]);
    expect(fail('rollout:\n  rings: []\n').issues[0]!.message).toBe('expected at least 1 entry, got 0');
  });

  it('suggests top-level sections, including common aliases', () => {
    expect(fail('reigons: [westeurope]\n').issues[0]!.message).toBe("unknown key 'reigons' (did you mean 'regions'?)");
    expect(fail('image:\n  name: x\n').issues[0]!.message).toBe("unknown key 'image' (did you mean 'definition'?)");
    expect(fail('zzzzzz: 1\n').issues[0]!.message).toMatch(/^unknown key 'zzzzzz' \(allowed keys here: \$schema, gallery, definition, versioning/);
  });

  it('suggests keys from the chosen union branch', () => {
    const err = fail('bake:\n  engine: packer\n  templat: x.pkr.hcl\n');
    expect(err.issues.find((i) => i.path === 'bake.templat')?.message).toBe("unknown key 'templat' (did you mean 'template'?)");
  });

  it('locates errors inside lists', () => {
    const err = fail(`rollout:
  rings:
    - name: canary
      scaleSets: [/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/a]
      bakeTime: 10 minutes
`);
    expect(err.issues).toEqual([
      {
        file: 'image.yaml', line: 5, column: 17, path: 'rollout.rings[0].bakeTime',
        message: "expected a duration such as '30m', '2h' or '7d' (units s, m, h, d, w); got '10 minutes'",
      },
    ]);
  });

  it('rejects an unquoted version that YAML reads as a number, and out-of-range parts', () => {
    const err = fail('versioning:\n  version: 1.2\n');
    expect(err.issues[0]).toMatchObject({ line: 2, column: 12, path: 'versioning.version' });
    expect(err.issues[0]!.message).toContain("expected a version string such as '1.4.2' (quote it in YAML)");
    expect(fail("versioning:\n  version: '1.2.2147483648'\n").issues[0]!.message).toContain('at most 2147483647');
    expect(fail("versioning:\n  version: '01.2.3'\n").issues[0]!.message).toContain("expected a version 'Major.Minor.Patch'");
    expect(fail('versioning:\n  scheme: explicit\n').issues[0]).toMatchObject({ path: 'versioning.version', message: "scheme 'explicit' needs a version, e.g. version: '1.4.2'" });
  });

  it('suggests enum values and discriminator values', () => {
    const image = fail('definition:\n  name: a\n  publisher: p\n  offer: o\n  sku: s\n  osType: linux\n');
    expect(image.issues).toEqual([
      { file: 'image.yaml', line: 6, column: 11, path: 'definition.osType', message: "expected one of Linux, Windows, got 'linux' (did you mean 'Linux'?)" },
    ]);
    const source = fail('source:\n  kind: managed-imag\n  id: x\n');
    expect(source.issues[0]).toMatchObject({ line: 2, column: 9, path: 'source.kind' });
    expect(source.issues[0]!.message).toContain("expected one of managed-image, vhd, snapshot, disk, vm, gallery-version, bake; got 'managed-imag' (did you mean 'managed-image'?)");
  });

  it('explains a region list entry of the wrong type', () => {
    const err = fail('regions:\n  - westeurope\n  - 5\n');
    expect(err.issues).toEqual([{ file: 'image.yaml', line: 3, column: 5, path: 'regions[1]', message: 'expected string or object, got number 5' }]);
    expect(fail('regions:\n  - westeurope\n  - name: westeurope\n    replicas: 2\n').issues).toEqual([
      { file: 'image.yaml', line: 3, column: 5, path: 'regions[1]', message: "region 'westeurope' is listed twice (first at index 0); remove one" },
    ]);
    expect(fail('regions: [West Europe]\n').issues[0]!.message).toContain("programmatic name in lower case, e.g. 'westeurope'");
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    const syntax = fail('gallery:\n  name: [unclosed\n');
    expect(syntax.issues[0]!.message).toMatch(/^YAML syntax error:/);
    expect(syntax.issues[0]!.line).toBeGreaterThanOrEqual(2);
    const dup = fail('gallery:\n  name: a\n  name: b\n');
    expect(dup.issues[0]).toMatchObject({ line: 3, message: expect.stringContaining('YAML syntax error') });
  });

  it('refuses a document that is not a mapping', () => {
    expect(fail('- a\n- b\n').issues[0]!.message).toContain('expected a mapping of sections');
  });

  it('refuses secrets by key and by value, without echoing them', () => {
    const sas = 'https://acct.blob.core.windows.net/c/disk.vhd?sv=2024-01-01&sig=SuperSecretSignature';
    const err = fail(`gallery:\n  name: g\n  resourceGroup: rg\n  clientSecret: hunter2-very-secret\nsource:\n  kind: vhd\n  uri: ${sas}\n  storageAccountId: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a\n`);
    expect(err.issues.map((i) => [i.line, i.path])).toEqual([[4, 'gallery.clientSecret'], [7, 'source.uri']]);
    expect(err.issues[0]!.message).toContain('looks like a secret');
    expect(err.issues[1]!.message).toContain('this value is a SAS URL');
    expect(err.message).not.toContain('hunter2-very-secret');
    expect(err.message).not.toContain('SuperSecretSignature');
  });

  it('lists several problems sorted by position', () => {
    const err = fail('definition:\n  osType: Linux\ngallery:\n  name: -bad-\n  resourceGroup: rg\n');
    expect(err.issues.length).toBeGreaterThan(1);
    const lines = err.issues.map((i) => i.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(err.message.split('\n')[0]).toBe(`image.yaml has ${err.issues.length} problems:`);
  });
});

describe('loadImageConfig', () => {
  it('reads a file and names it in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'image-config-'));
    const file = join(dir, 'image.yaml');
    await writeFile(file, 'gallery:\n  name: g\n  resourceGroup: rg\n');
    expect((await loadImageConfig(file)).gallery?.name).toBe('g');
    await writeFile(file, 'gallery:\n  nme: g\n');
    await expect(loadImageConfig(file)).rejects.toThrow(`${file}:2:3: gallery.nme: unknown key 'nme' (did you mean 'name'?)`);
  });

  it('says where it looked when the file is missing', async () => {
    await expect(loadImageConfig('/nonexistent/image.yaml')).rejects.toMatchObject({
      code: 'E_CONFIG_INVALID',
      message: expect.stringContaining("image.yaml not found at '/nonexistent/image.yaml'"),
    });
  });
});

describe('YAML syntax errors and the schema hint', () => {
  it('points at the over-indented line, not the line before it', () => {
    const text = 'gallery:\n  name: g\n   resourceGroup: rg\n';
    const error = (() => {
      try {
        parseImageConfig(text, 'image.yaml');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/^image\.yaml:3:4: YAML syntax error: this line is indented deeper than the key above it/);
    expect(error?.message).not.toContain('image.yaml:2:');
  });

  it('adds the schema hint with its URL only when the file has no yaml-language-server header', () => {
    const bad = 'gallery:\n  nmae: g\n';
    const without = (() => { try { parseImageConfig(bad, 'image.yaml'); } catch (e) { return (e as Error).message; } return ''; })();
    expect(without).toContain(`# yaml-language-server: $schema=${IMAGE_SCHEMA_ID}`);
    const withHeader = (() => { try { parseImageConfig(`# yaml-language-server: $schema=${IMAGE_SCHEMA_ID}\n${bad}`, 'image.yaml'); } catch (e) { return (e as Error).message; } return ''; })();
    expect(withHeader).toContain('nmae');
    expect(withHeader).not.toContain('Add \'# yaml-language-server');
  });
});
