import type { BakeInputs } from '../core/bake/bake-config.js';
import { PACKER_VARIABLES_SYNTAX, resolveBakeInputs } from '../core/bake/bake-inputs.js';
import { bakeFromDisk } from '../core/bake/disk-engine.js';
import { bakeWithImageBuilder } from '../core/bake/image-builder-engine.js';
import { bakeWithPacker } from '../core/bake/packer-engine.js';
import type { Summary } from '../core/summary/summary.js';
import { progressIntervalInput } from './progress-input.js';
import { defineStep } from './step-spec.js';

export type { BakeInputs } from '../core/bake/bake-config.js';

export type BakeOutputs = {
  'image-id': string;
  'vhd-uri': string;
  'gallery-version-id': string;
  sha256: string;
  size: number;
  engine: string;
  'build-log': string;
  manifest: string;
};

/** Bake: produce the image to publish from a local disk image, Azure Image Builder or a Packer template (issue 8). */
export const bakeStep = defineStep<BakeInputs, BakeOutputs>({
  name: 'bake',
  title: 'Bake image',
  description:
    'Produces the image to publish: uploads a raw, VHD, qcow2 or VMDK disk as a fixed VHD page blob (sparse, ' +
    'resumable, hashed) and optionally creates a managed image, runs an Azure Image Builder template from image.yaml, or runs a Packer ' +
    'template. Writes a bake manifest for sign and publish.',
  azdoTaskName: 'BakeImage',
  azdoTaskId: 'c2f93273-0955-4791-b4c2-a29e74fdd46f',
  inputs: {
    engine: {
      type: 'enum',
      options: ['disk', 'packer', 'image-builder'],
      // No default here: an input default would override bake.engine in image.yaml; resolve() falls back to disk.
      description: "How the image is produced (default disk): 'disk' uploads a disk file, 'image-builder' runs Azure Image Builder from image.yaml's bake section, 'packer' runs a template.",
      configPath: 'bake.engine',
    },
    'disk-path': { type: 'path', description: 'Disk image to upload (disk engine): raw, fixed or dynamic VHD; qcow2, VMDK and VHDX need qemu-img. With rootfs: where the made VHD is written (default: the work folder).', configPath: 'bake.path' },
    rootfs: { type: 'path', description: 'Root filesystem directory or tarball (e.g. from mmdebstrap) to make the disk from (disk engine): GPT/MBR, one ext4 partition via mke2fs -d, fixed VHD in whole MiB, written to disk-path. No boot loader or Azure agent is added.' },
    'rootfs-hook': { type: 'string', description: 'Shell command run with bash in the rootfs tree ($ROOTFS, a copy) before the filesystem is made.' },
    'partition-table': { type: 'enum', options: ['gpt', 'mbr'], description: 'Partition table of the disk made from rootfs (default gpt for Hyper-V generation 2; mbr for generation 1).' },
    'rootfs-free-space-mib': { type: 'integer', description: 'Free space in MiB left in the ext4 made from rootfs beyond what the tree needs (default 256).' },
    'disk-format': {
      type: 'enum',
      options: ['auto', 'raw', 'vhd', 'qcow2', 'vmdk', 'vhdx'],
      description: "Format of disk-path (default auto: detected from its magic bytes and extension).",
      configPath: 'bake.format',
    },
    'storage-account-id': { type: 'string', description: 'Resource id of the storage account that receives the VHD page blob.', configPath: 'bake.storageAccountId' },
    'storage-container-url': {
      type: 'string',
      description: 'Container URL without SAS (e.g. https://acct.blob.core.windows.net/vhds); overrides storage-account-id and container. Needed for custom clouds and Azurite.',
    },
    container: { type: 'string', description: 'Blob container for the VHD (default vhds); created when missing and the credential may.', configPath: 'bake.container' },
    'blob-name': { type: 'string', description: 'Name of the VHD page blob (default: the disk file name with .vhd).', configPath: 'bake.blobName' },
    'storage-account-key': { type: 'string', secret: true, description: 'Storage account key. When neither a key nor a SAS is given, the Azure sign-in is used (needs Storage Blob Data Contributor).' },
    'storage-sas': { type: 'string', secret: true, description: 'SAS token for the container (racw permissions), without the leading ?.' },
    'upload-concurrency': { type: 'integer', description: 'Parallel 4 MiB page uploads (1-32); memory use is about (concurrency + 2) x 4 MiB.', default: '4' },
    'overwrite-blob': { type: 'boolean', description: 'Replace an existing blob that holds a different disk instead of failing.', default: 'false' },
    'create-managed-image': { type: 'boolean', description: 'Create a managed image from the uploaded VHD (default: hand the VHD URI to publish).', configPath: 'bake.createManagedImage' },
    'image-name': { type: 'string', description: 'Managed image name (create-managed-image).' },
    'resource-group': { type: 'string', description: 'Resource group of the managed image (create-managed-image).' },
    location: { type: 'string', description: 'Region of the managed image; the storage account must be in the same region.' },
    'os-type': { type: 'enum', options: ['Linux', 'Windows'], description: 'OS type of the managed image (default Linux).' },
    'hyper-v-generation': { type: 'enum', options: ['V1', 'V2'], description: 'Hyper-V generation of the managed image (default V2).' },
    'packer-template': { type: 'path', description: 'Packer template file or directory (packer engine).', configPath: 'bake.template' },
    'packer-variables': { type: 'map', map: PACKER_VARIABLES_SYNTAX, description: 'Packer variables, one name=value per line (or a JSON object of strings), passed as -var (no shell). Merged over bake.variables in image.yaml; use PKR_VAR_ environment variables for secrets.' },
    'packer-path': { type: 'string', description: 'Packer executable (default packer on PATH).', default: 'packer' },
    'template-name': { type: 'string', description: 'Azure Image Builder template name before the version suffix (image-builder engine; default bake.templateName).' },
    'image-version': { type: 'string', description: 'Version being baked (image-builder engine): appended to the template name so a re-run of one version reuses its template (default versioning.version).' },
    cleanup: { type: 'boolean', description: 'Delete the Azure Image Builder template after a successful build (default bake.cleanup, else false).', configPath: 'bake.cleanup' },
    'manifest-path': { type: 'path', description: 'Where to write the bake manifest JSON (default <work dir>/bake-manifest.json).' },
    'progress-interval-seconds': progressIntervalInput(5, 'upload progress lines'),
  },
  outputs: {
    'image-id': { description: 'Managed image id, when one was created (or Packer or Image Builder reported one).' },
    'vhd-uri': { description: 'URI of the uploaded fixed VHD page blob, without any SAS.' },
    'gallery-version-id': { description: 'Gallery image version id, when Packer or Image Builder published one itself.' },
    sha256: { description: 'sha256 of the fixed VHD exactly as uploaded.' },
    size: { description: 'Size of the fixed VHD in bytes.' },
    engine: { description: 'The engine that produced the image: disk, image-builder or packer.' },
    'build-log': { description: 'Path of the build log file.' },
    manifest: { description: 'Path of the bake manifest JSON (what sign signs and publish reads).' },
  },
  resolve: resolveBakeInputs,
  async run(inputs, ctx) {
    const deps = { logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, workDir: ctx.workDir };
    if (inputs.engine === 'image-builder') {
      const result = await bakeWithImageBuilder(inputs, { ...deps, azure: ctx.azure });
      return {
        outputs: {
          'image-id': result.imageId ?? '',
          'vhd-uri': '',
          'gallery-version-id': result.galleryVersionId ?? '',
          sha256: '',
          size: 0,
          engine: 'image-builder',
          'build-log': result.buildLog,
          manifest: result.manifestPath,
        },
        summary: summary('image-builder', [
          ['Template', `${inputs.templateName} (resource group ${inputs.resourceGroup})${result.cleanedUp ? ', deleted after the build' : ''}`],
          ['Build', result.built ? 'built' : 'reused an earlier build of this template'],
          [result.galleryVersionId ? 'Gallery version' : 'Managed image', result.artifactId],
          ['Manifest', result.manifestPath],
        ]),
      };
    }
    if (inputs.engine === 'packer') {
      const result = await bakeWithPacker(inputs, deps);
      return {
        outputs: {
          'image-id': result.manifest.imageId ?? '',
          'vhd-uri': '',
          'gallery-version-id': result.galleryVersionId ?? '',
          sha256: '',
          size: 0,
          engine: 'packer',
          'build-log': result.buildLog,
          manifest: result.manifestPath,
        },
        summary: summary('packer', [
          ['Template', inputs.template],
          ['Artifacts', result.manifest.artifacts?.join(', ') || '(none)'],
          ['Gallery version', result.galleryVersionId ?? '-'],
          ['Manifest', result.manifestPath],
        ]),
      };
    }
    const result = await bakeFromDisk(inputs, {
      ...deps,
      // Thunks: with a key or SAS and an explicit container URL, the step never needs an Azure sign-in.
      credential: () => ctx.azure.credential,
      cloudName: () => ctx.azure.cloud.name,
      compute: () => ctx.azure.compute(),
    });
    const { upload } = result;
    return {
      outputs: {
        'image-id': result.manifest.imageId ?? '',
        'vhd-uri': upload.blobUrl,
        'gallery-version-id': '',
        sha256: upload.sha256,
        size: upload.totalSize,
        engine: 'disk',
        'build-log': result.buildLog,
        manifest: result.manifestPath,
      },
      summary: summary('disk', [
        ['Disk', `${result.diskPath} (${result.manifest.sourceFormat})`],
        ...(result.rootfsDisk ? ([['Root filesystem', `${inputs.rootfs?.path ?? ''}: ${result.rootfsDisk.treeBytes} bytes in ${result.rootfsDisk.inodes} inodes, ext4 ${result.rootfsDisk.filesystemBytes} bytes (${inputs.rootfs?.partitionTable ?? ''})`]] as [string, string][]) : []),
        ['VHD', upload.blobUrl],
        ['Size', `${upload.totalSize} bytes`],
        ['sha256', upload.sha256],
        ['Sent', `${upload.uploadedBytes} bytes in ${upload.requests} requests${upload.resumed ? ' (resumed)' : ''}`],
        ['Skipped', `${upload.skippedZeroBytes} zero bytes, ${upload.skippedExistingBytes} already uploaded`],
        ['Managed image', result.manifest.imageId ? `${result.manifest.imageId}${result.imageCreated ? '' : ' (existing)'}` : '-'],
        ['Manifest', result.manifestPath],
      ]),
    };
  },
});

function summary(engine: string, rows: [string, string][]): Summary {
  return { title: 'Bake image', status: `Baked with the ${engine} engine`, sections: [{ kind: 'table', columns: ['Property', 'Value'], rows }] };
}
