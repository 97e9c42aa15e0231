import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { PageBlobClient, StoragePipelineOptions } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/core-auth';
import type { Clock } from '../clock.js';
import { AzureError, ConfigurationError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import { pageBlobClientFor, type BlobAuth, type BlobTarget } from '../storage/blob-target.js';
import { uploadFixedVhd, type UploadResult } from '../storage/page-blob-upload.js';
import { detectFormat, openFixedVhdView, type DetectedFormat } from '../vhd/disk-image.js';
import { convertToRaw } from '../vhd/qemu-convert.js';
import type { DiskBakeInputs } from './bake-config.js';
import { writeBakeManifest, type BakeManifest } from './bake-manifest.js';
import { ensureManagedImage } from './managed-image.js';
import { buildRootfsDisk, type RootfsDisk } from './rootfs/rootfs-disk.js';

export interface BakeDeps {
  logger: Logger;
  /** The step's Azure credential, for `entra` storage auth; a thunk so nothing is built unless needed. */
  credential?: () => TokenCredential;
  /** The cloud's name, for the blob endpoint suffix when only a storage account id is given. */
  cloudName?: () => string;
  clock: Clock;
  signal?: AbortSignal;
  workDir: string;
  /** Needed only when a managed image is requested. */
  compute?: () => ComputeManagementClient;
  /** Extra storage pipeline options (tests, proxies). */
  storagePipeline?: StoragePipelineOptions;
}

export interface DiskBakeResult {
  /** The disk that was uploaded: disk-path, or the disk made from rootfs. */
  diskPath: string;
  rootfsDisk?: RootfsDisk;
  manifest: BakeManifest;
  manifestPath: string;
  buildLog: string;
  upload: UploadResult;
  imageCreated: boolean;
}

/**
 * The disk engine: validate (and if needed convert) the disk, stream it as a fixed VHD into a page blob
 * while hashing it, optionally make a managed image, and write the bake manifest. Every check on the disk
 * runs before the first storage call, so a bad disk changes nothing in Azure.
 */
export async function bakeFromDisk(inputs: DiskBakeInputs, deps: BakeDeps): Promise<DiskBakeResult> {
  const { logger, clock, signal } = deps;
  const log: string[] = [];
  const note = (line: string) => {
    log.push(`${new Date(clock.now()).toISOString()} ${line}`);
    logger.info(line);
  };
  let diskPath = inputs.diskPath;
  let rootfsDisk: RootfsDisk | undefined;
  const rootfs = inputs.rootfs;
  if (rootfs) {
    const made = await logger.group('Root filesystem', () =>
      buildRootfsDisk({ rootfs: rootfs.path, partitionTable: rootfs.partitionTable, freeSpaceMiB: rootfs.freeSpaceMiB, outputPath: inputs.diskPath || join(deps.workDir, inputs.blobName), ...(rootfs.hook ? { hook: rootfs.hook } : {}) }, deps.workDir, logger, signal),
    );
    rootfsDisk = made;
    diskPath = made.path;
    note(`Made ${diskPath} from ${rootfs.path}: ${made.treeBytes} bytes of files in ${made.inodes} inodes, ext4 ${made.filesystemBytes} bytes, ${rootfs.partitionTable} disk ${made.virtualSize} bytes${rootfs.hook ? ', after the hook' : ''}`);
  }
  const view = await logger.group('Disk image', async () => {
    const detected: DetectedFormat = await detectFormat(diskPath, inputs.format);
    let path = diskPath;
    let format = detected;
    if (detected === 'qcow2' || detected === 'vmdk' || detected === 'vhdx') {
      note(`Converting ${detected} ${diskPath} to raw with qemu-img`);
      await mkdir(deps.workDir, { recursive: true });
      path = await convertToRaw(diskPath, detected, deps.workDir, signal ? { signal } : {});
      format = await detectFormat(path, 'raw');
    }
    const opened = await openFixedVhdView(path, format as 'raw' | 'vhd-fixed' | 'vhd-dynamic');
    note(`Disk ${diskPath}: ${detected}, virtual size ${opened.virtualSize} bytes, fixed VHD ${opened.totalSize} bytes`);
    return opened;
  });

  let upload: UploadResult;
  try {
    upload = await logger.group('Upload VHD', async () => {
      const blob = await pageBlobClientFor(blobTarget(inputs, deps), logger, deps.storagePipeline);
      await ensureContainer(blob, inputs, deps);
      return uploadFixedVhd(view, blob, {
        logger,
        clock,
        concurrency: inputs.concurrency,
        overwrite: inputs.overwriteBlob,
        progressIntervalMs: inputs.progressIntervalSeconds * 1000,
        ...(signal ? { signal } : {}),
      });
    });
  } finally {
    await view.close();
  }
  note(`Uploaded ${upload.blobUrl}: sha256 ${upload.sha256}, ${upload.uploadedBytes} bytes sent in ${upload.requests} requests`);

  let imageId: string | undefined;
  let imageCreated = false;
  const target = inputs.managedImage;
  if (target) {
    if (!deps.compute) throw new Error('bakeFromDisk: a managed image was requested but no compute client was given');
    const compute = deps.compute;
    const result = await logger.group('Managed image', () =>
      ensureManagedImage(
        compute(),
        target,
        { blobUri: upload.blobUrl, sha256: upload.sha256, ...(inputs.storageAccountId ? { storageAccountId: inputs.storageAccountId } : {}) },
        logger,
        signal,
      ),
    );
    imageId = result.imageId;
    imageCreated = result.created;
    note(`Managed image ${imageId} ${result.created ? 'created' : 'reused'}`);
  }

  await mkdir(deps.workDir, { recursive: true });
  const buildLog = join(deps.workDir, 'bake-disk.log');
  await writeFile(buildLog, `${log.join('\n')}\n`, 'utf8');
  const manifest: BakeManifest = {
    schemaVersion: 1,
    engine: 'disk',
    sha256: upload.sha256,
    size: view.totalSize,
    virtualSize: view.virtualSize,
    sourceFile: basename(diskPath),
    sourceFormat: view.format,
    vhdUri: upload.blobUrl,
    ...(inputs.storageAccountId ? { storageAccountId: inputs.storageAccountId } : {}),
    ...(imageId ? { imageId } : {}),
    buildLog,
    createdAt: new Date(clock.now()).toISOString(),
  };
  const manifestPath = await writeBakeManifest(inputs.manifestPath ?? join(deps.workDir, 'bake-manifest.json'), manifest);
  return { diskPath, ...(rootfsDisk ? { rootfsDisk } : {}), manifest, manifestPath, buildLog, upload, imageCreated };
}

/** Creates the container when the credential may; a container-scoped SAS cannot, and needs none. */
async function ensureContainer(blob: PageBlobClient, inputs: DiskBakeInputs, deps: BakeDeps): Promise<void> {
  if (inputs.auth.kind === 'sas') return;
  const containerUrl = blob.url.slice(0, blob.url.lastIndexOf('/'));
  const { ContainerClient } = await import('@azure/storage-blob');
  const container = new ContainerClient(containerUrl, blob.credential, deps.storagePipeline);
  try {
    await container.createIfNotExists(deps.signal ? { abortSignal: deps.signal } : {});
  } catch (error) {
    // Without permission to create containers the upload may still succeed into an existing one.
    if ((error as { statusCode?: number }).statusCode === 403) return;
    const message = (error as Error).message?.split('\n')[0] ?? String(error);
    throw new AzureError(
      ErrorCodes.uploadFailed,
      `Creating the blob container ${containerUrl} failed: ${message}. Check the storage URL and credential; nothing was uploaded.`,
      { cause: error },
    );
  }
}

const STORAGE_SUFFIX: Record<string, string> = {
  AzureCloud: 'core.windows.net',
  AzureChinaCloud: 'core.chinacloudapi.cn',
  AzureUSGovernment: 'core.usgovcloudapi.net',
};

/** Where the blob goes and how to authenticate, from the inputs and the step's cloud and credential. */
export function blobTarget(inputs: DiskBakeInputs, deps: Pick<BakeDeps, 'credential' | 'cloudName'>): BlobTarget {
  let containerUrl = inputs.containerUrl;
  if (!containerUrl) {
    const account = /\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)$/i.exec(inputs.storageAccountId ?? '')?.[1];
    const cloudName = deps.cloudName?.() ?? 'AzureCloud';
    const suffix = STORAGE_SUFFIX[cloudName];
    if (!account || !suffix) {
      throw new ConfigurationError(
        ErrorCodes.inputMissing,
        `Bake needs a storage destination: set 'storage-account-id' (a Microsoft.Storage/storageAccounts resource id)` +
          `${suffix ? '' : ` and, on cloud ${cloudName}, 'storage-container-url'`}, or 'storage-container-url' (e.g. https://<account>.blob.core.windows.net/vhds).`,
      );
    }
    containerUrl = `https://${account}.blob.${suffix}/${inputs.container}`;
  }
  const container = new URL(containerUrl).pathname.split('/').filter(Boolean).pop() ?? '';
  if (!/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(container)) {
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Blob container name '${container}' is not valid: use 3-63 lowercase letters, digits and single hyphens (set 'container' or 'storage-container-url').`,
    );
  }
  let auth: BlobAuth;
  if (inputs.auth.kind === 'entra') {
    if (!deps.credential) throw new Error('blobTarget: entra storage auth needs the step credential');
    auth = { kind: 'token', credential: deps.credential() };
  } else {
    auth = inputs.auth;
  }
  return { containerUrl, blobName: inputs.blobName, auth };
}
