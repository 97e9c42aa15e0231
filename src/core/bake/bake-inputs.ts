import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { ImageConfig } from '../config/image-config.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { DiskFormat } from '../vhd/disk-image.js';
import { resolveImageBuilder } from './image-builder-inputs.js';
import type { BakeInputs, DiskBakeInputs, ManagedImageTarget, PackerBakeInputs, RootfsInput, StorageAuthInput } from './bake-config.js';
import { inputError } from '../input-error.js';
import { type MapSyntax, inputMap, inputString } from '../config/input-values.js';

type Parsed = Readonly<Record<string, unknown>>;

/** `packer-variables`: name=value lines (or a JSON object); no commas, as a Packer value may hold them. */
export const PACKER_VARIABLES_SYNTAX: MapSyntax = { noun: 'variable' };

const FORMATS: readonly DiskFormat[] = ['auto', 'raw', 'vhd', 'qcow2', 'vmdk', 'vhdx'];

/** Merges bake's step inputs with image.yaml's `bake` section (inputs win) into typed engine inputs. */
export function resolveBakeInputs(parsed: Parsed, config: ImageConfig | undefined): BakeInputs {
  const bake = config?.bake;
  const engine = inputString(parsed['engine']) ?? bake?.engine ?? 'disk';
  if (engine === 'image-builder') return resolveImageBuilder(parsed, bake?.engine === 'image-builder' ? bake : undefined, config);
  if (engine === 'packer') return resolvePacker(parsed, bake?.engine === 'packer' ? bake : undefined);
  if (engine !== 'disk') {
    throw inputError(ErrorCodes.inputInvalid, 'engine', `is '${engine}'; use disk, packer or image-builder.`);
  }
  return resolveDisk(parsed, bake?.engine === 'disk' ? bake : undefined);
}

type DiskConfig = Extract<NonNullable<ImageConfig['bake']>, { engine: 'disk' }>;
type PackerConfig = Extract<NonNullable<ImageConfig['bake']>, { engine: 'packer' }>;

function resolveDisk(parsed: Parsed, bake: DiskConfig | undefined): DiskBakeInputs {
  const rootfs = resolveRootfs(parsed);
  const diskPath = inputString(parsed['disk-path']) ?? (rootfs ? '' : bake?.path);
  if (diskPath === undefined) {
    throw inputError(ErrorCodes.inputMissing, 'disk-path', "is required for the disk engine (or bake.path in image.yaml): the raw, VHD, qcow2 or VMDK file to upload; or give 'rootfs' to make the disk from a root filesystem.");
  }
  const pathInput = inputString(parsed['disk-path']) ? "Input 'disk-path'" : "image.yaml 'bake.path'";
  // Checked before anything touches Azure: a folder would otherwise surface as a bare EISDIR mid-upload.
  if (statSync(diskPath, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `${pathInput} is '${diskPath}', which is a directory; give the disk image file inside it (e.g. ${diskPath.replace(/\/$/, '')}/disk.raw).`);
  }
  const format = (inputString(parsed['disk-format']) ?? bake?.format ?? 'auto') as DiskFormat;
  if (!FORMATS.includes(format)) {
    throw inputError(ErrorCodes.inputInvalid, 'disk-format', `is '${format}'; use one of ${FORMATS.join(', ')}.`);
  }
  const key = inputString(parsed['storage-account-key']);
  const sas = inputString(parsed['storage-sas']);
  if (key && sas) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, "Give either 'storage-account-key' or 'storage-sas', not both.");
  }
  const auth: StorageAuthInput = key ? { kind: 'key', accountKey: key } : sas ? { kind: 'sas', sasToken: sas } : { kind: 'entra' };
  const containerUrl = inputString(parsed['storage-container-url']);
  const storageAccountId = inputString(parsed['storage-account-id']) ?? bake?.storageAccountId;
  if (!containerUrl && !storageAccountId) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      "The disk engine needs a storage destination: 'storage-account-id' (or bake.storageAccountId in image.yaml), or 'storage-container-url'.",
    );
  }
  const inputs: DiskBakeInputs = {
    engine: 'disk',
    diskPath,
    format,
    container: inputString(parsed['container']) ?? bake?.container ?? 'vhds',
    blobName: inputString(parsed['blob-name']) ?? bake?.blobName ?? (rootfs && !diskPath ? `${basename(rootfs.path).replace(/(\.tar)?(\.\w+)?$/, '')}.vhd` : `${basename(diskPath, extname(diskPath))}.vhd`),
    auth,
    concurrency: int(parsed, 'upload-concurrency', 4, 1, 32),
    overwriteBlob: parsed['overwrite-blob'] === true,
    progressIntervalSeconds: int(parsed, 'progress-interval-seconds', 5, 1, 3600),
  };
  if (rootfs) inputs.rootfs = rootfs;
  if (containerUrl) inputs.containerUrl = containerUrl;
  if (storageAccountId) inputs.storageAccountId = storageAccountId;
  const manifestPath = inputString(parsed['manifest-path']);
  if (manifestPath) inputs.manifestPath = manifestPath;
  const createImage = typeof parsed['create-managed-image'] === 'boolean' ? parsed['create-managed-image'] : (bake?.createManagedImage ?? false);
  if (createImage) inputs.managedImage = managedImage(parsed);
  return inputs;
}

function resolveRootfs(parsed: Parsed): RootfsInput | undefined {
  const path = inputString(parsed['rootfs']);
  const hook = inputString(parsed['rootfs-hook']);
  if (!path) {
    if (hook) throw inputError(ErrorCodes.inputInvalid, 'rootfs-hook', "is set but 'rootfs' is empty: the hook runs in the root filesystem tree, so give 'rootfs' too.");
    return undefined;
  }
  const table = inputString(parsed['partition-table']) ?? 'gpt';
  if (table !== 'gpt' && table !== 'mbr') {
    throw inputError(ErrorCodes.inputInvalid, 'partition-table', `is '${table}'; use gpt (Hyper-V generation 2) or mbr (generation 1).`);
  }
  return { path, ...(hook ? { hook } : {}), partitionTable: table, freeSpaceMiB: int(parsed, 'rootfs-free-space-mib', 256, 0, 1_048_576) };
}

function managedImage(parsed: Parsed): ManagedImageTarget {
  const need = (name: string) => {
    const value = inputString(parsed[name]);
    if (!value) throw inputError(ErrorCodes.inputMissing, name, `is required when create-managed-image is true.`);
    return value;
  };
  return {
    name: need('image-name'),
    resourceGroup: need('resource-group'),
    location: need('location'),
    osType: (inputString(parsed['os-type']) ?? 'Linux') as ManagedImageTarget['osType'],
    hyperVGeneration: (inputString(parsed['hyper-v-generation']) ?? 'V2') as ManagedImageTarget['hyperVGeneration'],
  };
}

function resolvePacker(parsed: Parsed, bake: PackerConfig | undefined): PackerBakeInputs {
  const template = inputString(parsed['packer-template']) ?? bake?.template;
  if (!template) {
    throw inputError(ErrorCodes.inputMissing, 'packer-template', "is required for the packer engine (or bake.template in image.yaml).");
  }
  const variables: Record<string, string> = { ...(bake?.variables ?? {}), ...inputMap(parsed['packer-variables'], 'packer-variables', PACKER_VARIABLES_SYNTAX) };
  const inputs: PackerBakeInputs = {
    engine: 'packer',
    template,
    variables,
    varFiles: bake?.varFiles ?? [],
    only: bake?.only ?? [],
    packerPath: inputString(parsed['packer-path']) ?? 'packer',
  };
  const manifestPath = inputString(parsed['manifest-path']);
  if (manifestPath) inputs.manifestPath = manifestPath;
  return inputs;
}

function int(parsed: Parsed, name: string, fallback: number, min: number, max: number): number {
  const value = parsed[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw inputError(ErrorCodes.inputInvalid, name, `must be an integer from ${min} to ${max}; got '${String(value)}'.`);
  }
  return value;
}
