import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRootfsDisk } from '../../../src/core/bake/rootfs/rootfs-disk.js';
import { LINUX_FILESYSTEM_GUID } from '../../../src/core/bake/rootfs/partition-table.js';
import { findExtFilesystem } from '../../../src/core/scan/openscap/find-ext-filesystem.js';
import { detectFormat, openFixedVhdView } from '../../../src/core/vhd/disk-image.js';
import { requireTools } from '../../helpers/require-tool.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';

// The disk made from a root filesystem, read back by tools we did not write: util-linux partx for the partition
// table, e2fsprogs' debugfs and e2fsck for the filesystem, qemu-img for the VHD.
const tools = requireTools(['mke2fs', 'debugfs', 'e2fsck', 'partx', 'qemu-img', 'tar']);
const MiB = 1024 * 1024;
let dir: string;
let tree: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rootfs-disk-'));
  tree = join(dir, 'tree');
  await mkdir(join(tree, 'etc'), { recursive: true });
  await mkdir(join(tree, 'usr/lib'), { recursive: true });
  await writeFile(join(tree, 'usr/lib/os-release'), 'ID=debian\nVERSION_ID="11"\nPRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\n');
  await symlink('../usr/lib/os-release', join(tree, 'etc/os-release'));
  await writeFile(join(tree, 'etc/motd'), 'baked by image-publish\n');
  await writeFile(join(tree, 'etc/big.bin'), Buffer.alloc(3 * MiB, 7));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** util-linux partx's view of the partition table, one row of the requested columns per partition. */
function partx(disk: string, columns: string): string[][] {
  const text = execFileSync('partx', ['--raw', '--noheadings', '-o', columns, disk]).toString();
  return text.trim().split('\n').map((line) => line.trim().split(/\s+/));
}

function debugfsCat(disk: string, offset: number, file: string): string {
  return execFileSync('debugfs', ['-R', `cat ${file}`, `${disk}?offset=${offset}`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
}

describe.skipIf(!tools.ok)(`bake: root filesystem to disk${tools.ok ? '' : ` (skipped: ${tools.reason})`}`, () => {
  it('makes a GPT disk with one Linux partition at 1 MiB holding ext4 with the tree, as a fixed VHD of whole MiB', async () => {
    const out = join(dir, 'gpt.vhd');
    const disk = await buildRootfsDisk({ rootfs: tree, partitionTable: 'gpt', freeSpaceMiB: 8, outputPath: out }, join(dir, 'work'), new RecordingLogger());
    const size = (await stat(out)).size;
    expect(size).toBe(disk.virtualSize + 512);
    expect(disk.virtualSize % MiB).toBe(0);
    expect(await detectFormat(out)).toBe('vhd-fixed');
    const view = await openFixedVhdView(out, 'vhd-fixed');
    expect(view.virtualSize).toBe(disk.virtualSize);
    await view.close();
    // qemu-img reads it as a VHD (its size from the CHS geometry, as qemu does for VHDs not written by Hyper-V).
    const qemu = JSON.parse(execFileSync('qemu-img', ['info', '-f', 'vpc', '--output=json', out]).toString()) as { format: string; 'dirty-flag': boolean };
    expect(qemu).toMatchObject({ format: 'vpc', 'dirty-flag': false });
    expect(partx(out, 'NR,START,SECTORS,TYPE,NAME')).toEqual([['1', '2048', String(disk.filesystemBytes / 512), LINUX_FILESYSTEM_GUID, 'rootfs']]);
    expect(await findExtFilesystem(out, disk.virtualSize)).toEqual({ offset: MiB, size: disk.filesystemBytes, where: 'gpt partition 1' });
    expect(debugfsCat(out, MiB, '/etc/motd')).toBe('baked by image-publish\n');
    expect(debugfsCat(out, MiB, '/usr/lib/os-release')).toContain('bullseye');
    execFileSync('e2fsck', ['-fn', `${out}?offset=${MiB}`], { stdio: 'ignore' });
  });

  it('makes an MBR disk for generation 1 and reads a tarball, keeping numeric owners', async () => {
    const tarball = join(dir, 'tree.tar');
    execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', tree, '-cf', tarball, '.']);
    const out = join(dir, 'mbr.vhd');
    const disk = await buildRootfsDisk({ rootfs: tarball, partitionTable: 'mbr', freeSpaceMiB: 0, outputPath: out }, join(dir, 'work'), new RecordingLogger());
    expect(partx(out, 'NR,START,TYPE,SCHEME')).toEqual([['1', '2048', '0x83', 'dos']]);
    expect((await findExtFilesystem(out, disk.virtualSize)).where).toBe('mbr partition 1');
    expect(execFileSync('debugfs', ['-R', 'stat /etc/motd', `${out}?offset=${MiB}`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()).toMatch(/User:\s+0\s+Group:\s+0/);
    // The extracted copy is removed after the filesystem is made.
    expect(await readdir(join(dir, 'work'))).not.toContain('rootfs-tree');
  });

  it('runs the hook in a copy of the tree before the filesystem is made, leaving the given tree as it was', async () => {
    const out = join(dir, 'hook.vhd');
    const hook = 'echo hardened > etc/hardened && test "$ROOTFS" = "$PWD"';
    const logger = new RecordingLogger();
    await buildRootfsDisk({ rootfs: tree, hook, partitionTable: 'gpt', freeSpaceMiB: 0, outputPath: out }, join(dir, 'work'), logger);
    expect(debugfsCat(out, MiB, '/etc/hardened')).toBe('hardened\n');
    await expect(readFile(join(tree, 'etc/hardened'))).rejects.toThrow(/ENOENT/);
  });

  it('a failing hook is E_ROOTFS_HOOK_FAILED with its exit code and last line, and writes no disk', async () => {
    const out = join(dir, 'failed-hook.vhd');
    await expect(
      buildRootfsDisk({ rootfs: tree, hook: 'echo "no such package: ntp" >&2; exit 3', partitionTable: 'gpt', freeSpaceMiB: 0, outputPath: out }, join(dir, 'work'), new RecordingLogger()),
    ).rejects.toMatchObject({ code: 'E_ROOTFS_HOOK_FAILED', message: expect.stringMatching(/exit 3: no such package: ntp/) });
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });

  it('a tree without etc/ at its top is E_ROOTFS_INVALID naming the folder it holds', async () => {
    const nested = join(dir, 'nested');
    await mkdir(join(nested, 'rootfs/etc'), { recursive: true });
    await expect(buildRootfsDisk({ rootfs: nested, partitionTable: 'gpt', freeSpaceMiB: 0, outputPath: join(dir, 'n.vhd') }, join(dir, 'work'), new RecordingLogger())).rejects.toMatchObject({
      code: 'E_ROOTFS_INVALID',
      message: expect.stringMatching(/has no etc\/ at its top.*only 'rootfs': pass that folder/),
    });
  });
});
