import type { ErrorEntry } from './error-kinds.js';

/** Bake: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const bakeCodes = {
  diskInvalid: {
    code: 'E_DISK_INVALID',
    kind: 'user',
    meaning: 'The disk file cannot become an Azure fixed VHD: bad footer cookie or checksum, a size that is not a ' +
      'multiple of 1 MiB, a truncated file, a corrupt block allocation table.',
    fix:
      'Nothing was uploaded. Rebuild or convert the disk (`qemu-img convert -O raw disk.img disk.raw`).',
  },
  diskUnsupported: {
    code: 'E_DISK_UNSUPPORTED',
    kind: 'user',
    meaning: 'A valid disk in a form bake cannot take alone, such as a differencing VHD that needs its parent.',
    fix:
      'Merge it first (`qemu-img convert -O raw child.vhd disk.raw`).',
  },
  toolMissing: {
    code: 'E_TOOL_MISSING',
    kind: 'user',
    meaning: 'An external tool the chosen engine needs (packer, qemu-img) is not installed.',
    fix:
      'Install it or set its path input (`packer-path`).',
  },
  toolFailed: {
    code: 'E_TOOL_FAILED',
    kind: 'service',
    meaning: 'packer or qemu-img exited with an error.',
    fix:
      'The message has the exit code, the last error line and the build log path. Run the same command ' +
      'locally (`packer validate <template>`).',
  },
  rootfsInvalid: {
    code: 'E_ROOTFS_INVALID',
    kind: 'user',
    meaning: 'The `rootfs` input is not a root filesystem: missing, neither a directory nor a tarball, or without ' +
      '`etc/` at its top (often a tarball made one folder too high).',
    fix:
      'Nothing was uploaded. Pass the tree itself, or make the tarball from inside it (`tar -C <root> -cf ' +
      'rootfs.tar .`); see docs/scan-offline.md.',
  },
  rootfsHookFailed: {
    code: 'E_ROOTFS_HOOK_FAILED',
    kind: 'user',
    meaning: 'The `rootfs-hook` command exited non-zero; the message has its exit code and last output line.',
    fix:
      'It runs with `bash -euo pipefail` in a copy of the tree (`$ROOTFS`), on the build machine, before ' +
      'the filesystem is made. Nothing was uploaded. Fix the command (use `chroot "$ROOTFS" …` for the ' +
      'image\'s own tools).',
  },
  blobConflict: {
    code: 'E_BLOB_CONFLICT',
    kind: 'user',
    meaning: 'The destination page blob already exists with different content.',
    fix:
      'Nothing was uploaded. Choose another `blob-name`, delete the blob, or set `overwrite-blob: true`.',
  },
  uploadFailed: {
    code: 'E_UPLOAD_FAILED',
    kind: 'service',
    meaning: 'Creating the container or writing pages failed.',
    fix:
      'Check the storage URL and credential (key, SAS with `racw`, or `Storage Blob Data Contributor` for ' +
      'the signed-in identity). A re-run resumes the upload.',
  },
  imageExists: {
    code: 'E_IMAGE_EXISTS',
    kind: 'user',
    meaning: 'A managed image with that name exists from another VHD. Nothing was changed.',
    fix:
      'Choose another `image-name` or delete the old image.',
  },
  bakeFailed: {
    code: 'E_BAKE_FAILED',
    kind: 'service',
    meaning: 'The Azure Image Builder build ended Failed or Canceled (or distributed no artifact).',
    fix:
      'The message carries AIB\'s `lastRunStatus` text and the `customization.log` URL in the staging ' +
      'resource group\'s storage account (without its SAS: open it with your Azure sign-in). The template ' +
      'is kept for diagnosis; fix the customizer in image.yaml and re-run: a changed template replaces the ' +
      'failed one.',
  },
  templateConflict: {
    code: 'E_TEMPLATE_CONFLICT',
    kind: 'user',
    meaning: 'An image template with the computed name (`bake.templateName` + `-<version>`) exists with other ' +
      'settings and image-publish may not replace it: it was not created by image-publish (no ' +
      '`image-publish.owner` tag), or it is still building.',
    fix:
      'Nothing was changed. Pick another `templateName` or version, delete the template, or wait for / ' +
      'cancel the running build.',
  },
} as const satisfies Record<string, ErrorEntry>;
