import { describe, expect, it } from 'vitest';
import { resolveBakeInputs } from '../../../src/core/bake/bake-inputs.js';
import { crc32, guidToBytes, bytesToGuid, partitionTableWrites, LINUX_FILESYSTEM_GUID } from '../../../src/core/bake/rootfs/partition-table.js';
import { filesystemSize } from '../../../src/core/bake/rootfs/rootfs-disk.js';
import { scanStep } from '../../../src/steps/scan.js';

const storage = { 'storage-container-url': 'https://acct.blob.core.windows.net/vhds' };
const MiB = 1024 * 1024;

describe('bake from a root filesystem: inputs', () => {
  it('rootfs needs no disk-path; the blob is named after the tarball without its extensions', () => {
    const inputs = resolveBakeInputs({ rootfs: 'out/debian-11.tar.zst', ...storage }, undefined);
    expect(inputs).toMatchObject({ engine: 'disk', diskPath: '', blobName: 'debian-11.vhd', rootfs: { path: 'out/debian-11.tar.zst', partitionTable: 'gpt', freeSpaceMiB: 256 } });
  });

  it('a hook without rootfs and an unknown partition table are errors naming the input', () => {
    expect(() => resolveBakeInputs({ 'disk-path': 'a.raw', 'rootfs-hook': 'true', ...storage }, undefined)).toThrow(/^Input 'rootfs-hook' is set but 'rootfs' is empty/);
    expect(() => resolveBakeInputs({ rootfs: 'tree', 'partition-table': 'apm', ...storage }, undefined)).toThrow(/^Input 'partition-table' is 'apm'; use gpt .* or mbr/);
  });

  it('without rootfs, disk-path is still required', () => {
    expect(() => resolveBakeInputs({ ...storage }, undefined)).toThrow(/Input 'disk-path' is required .*or give 'rootfs'/);
  });
});

describe('partition table and filesystem size', () => {
  it('CRC-32 and GUID byte order match the published check values', () => {
    // The CRC-32 check value of "123456789" (IEEE 802.3) is 0xCBF43926.
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    // UEFI spec: the Linux filesystem GUID is stored AF 3D C6 0F 83 84 72 47 8E 79 3D 69 D8 47 7D E4.
    expect(guidToBytes(LINUX_FILESYSTEM_GUID).toString('hex')).toBe('af3dc60f838472478e793d69d8477de4');
    expect(bytesToGuid(guidToBytes(LINUX_FILESYSTEM_GUID))).toBe(LINUX_FILESYSTEM_GUID);
  });

  it('GPT writes a protective MBR, both headers and both entry arrays, the backup at the last sector', () => {
    const writes = partitionTableWrites('gpt', 10 * MiB, 9 * MiB);
    expect(writes.map((w) => [w.offset, w.data.length])).toEqual([[0, 512], [512, 512], [1024, 16384], [10 * MiB - 512 - 16384, 16384], [10 * MiB - 512, 512]]);
    expect(writes[0]?.data.readUInt8(446 + 4)).toBe(0xee);
    expect(writes[1]?.data.toString('latin1', 0, 8)).toBe('EFI PART');
    expect(() => partitionTableWrites('gpt', 10 * MiB, 10 * MiB)).toThrow(/overlaps the backup GPT/);
  });

  it('the filesystem is sized in whole MiB with room for the tree, its inodes, metadata and the free space asked for', () => {
    const size = filesystemSize(145_588_224, 7_265, 256);
    expect(size.bytes % MiB).toBe(0);
    expect(size.bytes).toBeGreaterThan(145_588_224 + 256 * MiB);
    expect(size.inodes).toBe(16_384);
  });
});

describe('scan openscap inputs', () => {
  it('openscap without path is an error naming both inputs', () => {
    expect(() => scanStep.resolve({ openscap: true, reports: ['r.json'] }, undefined)).toThrow(/^Input openscap is true but path is empty/);
  });

  it('openscap passes content, profile and tailoring file through', () => {
    const inputs = scanStep.resolve({ openscap: true, path: 'disk.vhd', 'tailoring-file': 't.xml', 'scap-profile': 'standard' }, undefined);
    expect(inputs.openscap).toEqual({ profile: 'standard', tailoringFile: 't.xml' });
  });
});
