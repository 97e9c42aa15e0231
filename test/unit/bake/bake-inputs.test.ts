import { describe, expect, it } from 'vitest';
import { resolveBakeInputs } from '../../../src/core/bake/bake-inputs.js';

describe('bake inputs', () => {
  it('merges packer variables from image.yaml with the packer-variables input (inputs win)', () => {
    const inputs = resolveBakeInputs(
      { 'packer-variables': 'version=1.2.3\nnote=a=b c\n\n' },
      { bake: { engine: 'packer', template: 'img.pkr.hcl', variables: { version: '0.0.1', region: 'westeurope' }, varFiles: ['x.pkrvars.hcl'] } },
    );
    expect(inputs).toEqual({
      engine: 'packer',
      template: 'img.pkr.hcl',
      variables: { version: '1.2.3', region: 'westeurope', note: 'a=b c' },
      varFiles: ['x.pkrvars.hcl'],
      only: [],
      packerPath: 'packer',
    });
  });

  it('explicit engine input overrides image.yaml', () => {
    const inputs = resolveBakeInputs(
      { engine: 'disk', 'disk-path': 'a.qcow2', 'storage-container-url': 'https://acct.blob.core.windows.net/vhds' },
      { bake: { engine: 'packer', template: 'img.pkr.hcl' } },
    );
    expect(inputs).toMatchObject({ engine: 'disk', diskPath: 'a.qcow2', blobName: 'a.vhd', concurrency: 4, overwriteBlob: false });
  });

  it('names the bad input', () => {
    expect(() => resolveBakeInputs({ engine: 'packer', 'packer-template': 't', 'packer-variables': 'novalue' }, undefined)).toThrow(
      /Input 'packer-variables' has the line 'novalue', which is not key=value; write one variable per line/,
    );
    expect(() => resolveBakeInputs({ engine: 'packer' }, undefined)).toThrow(/'packer-template' is required/);
    expect(() => resolveBakeInputs({ 'disk-path': 'd', 'storage-container-url': 'https://a/b', 'upload-concurrency': 0 }, undefined)).toThrow(
      /'upload-concurrency' must be an integer from 1 to 32/,
    );
    expect(() => resolveBakeInputs({ 'disk-path': 'd', 'storage-container-url': 'https://a/b', 'disk-format': 'iso' }, undefined)).toThrow(
      /'disk-format' is 'iso'/,
    );
    // image-builder is configured in image.yaml only: without a bake section it names what to add.
    expect(() => resolveBakeInputs({ engine: 'image-builder' }, undefined)).toThrow(
      expect.objectContaining({ code: 'E_INPUT_MISSING', name: 'ConfigurationError', message: expect.stringMatching(/engine: image-builder/) }),
    );
  });
});
