import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AzureError, ConfigurationError, ErrorCodes } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { lastLine, runTool } from './run-tool.js';
import { inputError } from '../../input-error.js';

/** Where the tree handed to mke2fs lives, and whether it is our own copy (safe to change and to delete). */
export interface PreparedTree {
  dir: string;
  owned: boolean;
}

const TARBALL = /\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.zst|tzst|tar\.bz2)$/i;

/**
 * A directory is used in place unless a hook will change it (then it is copied: the user's tree is never
 * modified); a tarball is extracted into the work folder with numeric owners, so files keep the uid/gid the
 * image needs (that takes root, as mmdebstrap's own tarballs do).
 */
export async function prepareTree(rootfs: string, workDir: string, hook: string | undefined, logger: Logger, signal?: AbortSignal): Promise<PreparedTree> {
  const stat = await lstat(rootfs).catch(() => undefined);
  if (stat === undefined) {
    throw inputError(ErrorCodes.rootfsInvalid, 'rootfs', `: ${rootfs} does not exist. Pass a root filesystem directory or a tarball (e.g. mmdebstrap's output).`);
  }
  if (stat.isDirectory() && hook === undefined) {
    await requireRootfsLayout(rootfs, rootfs);
    return { dir: rootfs, owned: false };
  }
  if (!stat.isDirectory() && !(stat.isFile() && TARBALL.test(rootfs))) {
    throw inputError(ErrorCodes.rootfsInvalid, 'rootfs', `: ${rootfs} is neither a directory nor a tarball (.tar, .tar.gz, .tar.xz, .tar.zst). Pass the root filesystem as one of those.`);
  }
  const dir = join(workDir, 'rootfs-tree');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const args = stat.isDirectory() ? ['-a', `${rootfs}/.`, dir] : ['--numeric-owner', '--same-permissions', '--xattrs', '-xf', rootfs, '-C', dir];
  const tool = stat.isDirectory() ? 'cp' : 'tar';
  logger.info(stat.isDirectory() ? `Copying ${rootfs} for the hook to change` : `Extracting ${rootfs}`);
  const run = await runTool(tool, args, signal ? { signal } : {});
  if (run.missing) throw new ConfigurationError(ErrorCodes.toolMissing, `Baking from 'rootfs' needs ${tool}, which is not on PATH. Install it (Debian: apt-get install -y ${tool === 'tar' ? 'tar' : 'coreutils'}).`);
  if (run.code !== 0) {
    throw new AzureError(ErrorCodes.toolFailed, `${tool} could not ${tool === 'tar' ? 'extract' : 'copy'} ${rootfs} (exit ${run.code}): ${lastLine(run)}. Extracting device nodes and owners needs root; run bake as root or pass a directory.`);
  }
  await requireRootfsLayout(dir, rootfs);
  return { dir, owned: true };
}

/** A tree without /etc is not a root filesystem (most often a tarball of a folder one level up). */
async function requireRootfsLayout(dir: string, given: string): Promise<void> {
  const entries = await readdir(dir);
  if (!entries.includes('etc')) {
    const hint = entries.length === 1 ? ` It holds only '${entries[0]}': pass that folder, or make the tarball from inside the root (tar -C <root> -cf rootfs.tar .).` : '';
    throw inputError(ErrorCodes.rootfsInvalid, 'rootfs', `: ${given} has no etc/ at its top, so it is not a root filesystem.${hint}`);
  }
}

/**
 * Runs the hook command with bash in the tree (cwd and $ROOTFS), before the filesystem is made: the place to
 * write configuration or harden files. It runs on the build machine, not chrooted: use `chroot "$ROOTFS" …` for
 * the image's own tools.
 */
export async function runHook(hook: string, tree: string, logger: Logger, signal?: AbortSignal): Promise<void> {
  logger.info(`Running the rootfs hook in ${tree}`);
  const run = await runTool('bash', ['-euo', 'pipefail', '-c', hook], {
    cwd: tree,
    env: { ...process.env, ROOTFS: tree },
    onLine: (line) => logger.info(`  hook: ${line}`),
    ...(signal ? { signal } : {}),
  });
  if (run.code !== 0) {
    throw inputError(ErrorCodes.rootfsHookFailed, 'rootfs-hook', `failed with exit ${run.code}: ${lastLine(run)}. Nothing was uploaded; fix the command (it runs with bash -euo pipefail in the tree, $ROOTFS set).`);
  }
}

/** Bytes and inodes the tree needs on ext4 (4 KiB blocks), counted without following links. */
export async function measureTree(dir: string): Promise<{ bytes: number; inodes: number }> {
  let bytes = 0;
  let inodes = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      inodes += 1;
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        bytes += 4096;
        pending.push(full);
      } else if (entry.isFile()) {
        bytes += Math.ceil((await lstat(full)).size / 4096) * 4096;
      }
    }
  }
  return { bytes, inodes };
}
