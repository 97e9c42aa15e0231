import { describe, expect, it } from 'vitest';
import { packerArgs } from '../../../src/core/bake/packer-engine.js';
import { azureResults, parsePackerArtifacts, parsePackerLine, uiText } from '../../../src/core/bake/packer-output.js';

// Lines in Packer's documented machine-readable format: timestamp,target,type,data... with
// %!(PACKER_COMMA) for commas and a literal \n for newlines inside data.
const AZURE_RUN = [
  '1732612800,,ui,say,==> azure-arm.ubuntu: Running builder ...',
  '1732612801,,ui,message,    azure-arm.ubuntu: Creating resource group%!(PACKER_COMMA) please wait',
  '1732612900,azure-arm.ubuntu,artifact-count,1',
  '1732612900,azure-arm.ubuntu,artifact,0,builder-id,Azure.ResourceManagement.VMImage',
  '1732612900,azure-arm.ubuntu,artifact,0,id,/subscriptions/0000/resourceGroups/rg-img/providers/Microsoft.Compute/images/ubuntu-2404',
  '1732612900,azure-arm.ubuntu,artifact,0,string,Azure.ResourceManagement.VMImage:\\n\\nOSType: Linux\\nManagedImageResourceGroupName: rg-img\\nManagedImageName: ubuntu-2404\\nManagedImageSharedImageGalleryId: /subscriptions/0000/resourceGroups/rg-gal/providers/Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.2.3\\n',
  '1732612900,azure-arm.ubuntu,artifact,0,files-count,0',
  '1732612900,azure-arm.ubuntu,artifact,0,end',
  '1732612901,,ui,say,--> azure-arm.ubuntu: Azure.ResourceManagement.VMImage:',
].join('\n');

describe('packer machine-readable output', () => {
  it('splits fields and unescapes commas and newlines', () => {
    expect(parsePackerLine('1732612801,,ui,message,    a: b%!(PACKER_COMMA) c\\nd')).toEqual({
      timestamp: 1732612801,
      target: '',
      type: 'ui',
      data: ['message', '    a: b, c\nd'],
    });
    expect(parsePackerLine('not a record')).toBeUndefined();
    expect(parsePackerLine('')).toBeUndefined();
  });

  it('collects artifacts per target and index', () => {
    const artifacts = parsePackerArtifacts(AZURE_RUN);
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]).toMatchObject({
      target: 'azure-arm.ubuntu',
      index: 0,
      builderId: 'Azure.ResourceManagement.VMImage',
      id: '/subscriptions/0000/resourceGroups/rg-img/providers/Microsoft.Compute/images/ubuntu-2404',
      files: [],
    });
    expect(artifacts[0]?.string).toContain('\nOSType: Linux\n');
  });

  it('finds the managed image and the gallery version Packer published', () => {
    expect(azureResults(parsePackerArtifacts(AZURE_RUN))).toEqual({
      managedImageId: '/subscriptions/0000/resourceGroups/rg-img/providers/Microsoft.Compute/images/ubuntu-2404',
      galleryVersionId: '/subscriptions/0000/resourceGroups/rg-gal/providers/Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.2.3',
    });
    expect(azureResults(parsePackerArtifacts('1,null.x,artifact,0,id,Null'))).toEqual({});
  });

  it('keeps several builds apart and records files', () => {
    const out = [
      '1,b.two,artifact,0,id,second',
      '1,a.one,artifact,0,id,first',
      '1,a.one,artifact,0,file,0,out/disk%!(PACKER_COMMA)1.raw',
      '1,a.one,artifact,1,id,first-extra',
    ].join('\n');
    expect(parsePackerArtifacts(out).map((a) => [a.target, a.index, a.id, a.files])).toEqual([
      ['a.one', 0, 'first', ['out/disk,1.raw']],
      ['a.one', 1, 'first-extra', []],
      ['b.two', 0, 'second', []],
    ]);
  });

  it('turns ui records into log lines with their level', () => {
    expect(uiText(parsePackerLine('1,,ui,error,Build failed: boom')!)).toEqual({ level: 'error', text: 'Build failed: boom' });
    expect(uiText(parsePackerLine('1,,ui,say,==> hello')!)).toEqual({ level: 'info', text: '==> hello' });
    expect(uiText(parsePackerLine('1,x,artifact-count,1')!)).toBeUndefined();
  });
});

describe('packer argv', () => {
  it('passes variables as separate -var arguments, never through a shell', () => {
    expect(
      packerArgs({ template: 'image.pkr.hcl', variables: { version: '1.2.3', note: 'a b; rm -rf /' }, varFiles: ['prod.pkrvars.hcl'], only: ['azure-arm.ubuntu'] }),
    ).toEqual([
      'build',
      '-machine-readable',
      '-color=false',
      '-only=azure-arm.ubuntu',
      '-var',
      'version=1.2.3',
      '-var',
      'note=a b; rm -rf /',
      '-var-file=prod.pkrvars.hcl',
      'image.pkr.hcl',
    ]);
  });
  it('rejects a variable name that could be read as a flag', () => {
    expect(() => packerArgs({ template: 't', variables: { '-debug': 'x' }, varFiles: [], only: [] })).toThrow(/Packer variable name "-debug" is not valid/);
  });
});
