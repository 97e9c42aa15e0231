import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_CONFIG_BYTES, loadImageConfig, parseImageConfig } from '../../../src/core/config/load-image-config.js';
import { resolveBakeInputs } from '../../../src/core/bake/bake-inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'config-limits-'));

/** The classic "billion laughs" shape: each level doubles nine times the one before. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('image.yaml limits', () => {
  it('a file over the size limit is refused before it is read, naming the file and the limit', async () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, `# ${'x'.repeat(MAX_IMAGE_CONFIG_BYTES)}\n`);
    await expect(loadImageConfig(file)).rejects.toMatchObject({
      code: 'E_CONFIG_INVALID',
      message: expect.stringMatching(new RegExp(`'${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' is \\d+ bytes; the limit is ${MAX_IMAGE_CONFIG_BYTES} bytes`)),
    });
  });

  it('a YAML alias bomb is E_CONFIG_INVALID naming the file', async () => {
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, aliasBomb());
    await expect(loadImageConfig(file)).rejects.toMatchObject({ code: 'E_CONFIG_INVALID', message: expect.stringContaining(`'${file}' expands its YAML aliases`) });
    expect(() => parseImageConfig(aliasBomb(), 'inline.yaml')).toThrow(/'inline\.yaml' expands its YAML aliases/);
  });

  it('a directory given as image.yaml is E_CONFIG_INVALID naming it', async () => {
    await expect(loadImageConfig(dir)).rejects.toMatchObject({ code: 'E_CONFIG_INVALID', message: expect.stringContaining(`'${dir}' is a directory`) });
  });

  it('bake --disk-path on a directory is E_INPUT_INVALID naming the input', () => {
    expect(() => resolveBakeInputs({ 'disk-path': dir, 'storage-account-id': '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a' }, undefined)).toThrow(
      expect.objectContaining({ code: 'E_INPUT_INVALID', message: expect.stringContaining(`Input 'disk-path' is '${dir}', which is a directory`) }),
    );
  });
});
