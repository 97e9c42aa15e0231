import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient, ContainerSASPermissions, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bakeStep } from '../../../src/steps/bake.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { dynamicVhd, fixedVhd, patternBytes } from '../../unit/vhd/vhd-builders.js';

const MiB = 1024 * 1024;
const emulator = useEmulator();
let azurite: Azurite;
let dir: string;
let service: BlobServiceClient;

beforeAll(async () => {
  azurite = await startAzurite();
  dir = await mkdtemp(join(tmpdir(), 'bake-step-'));
  service = new BlobServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey));
});
afterAll(async () => {
  await azurite?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function disk(): Buffer {
  const data = Buffer.alloc(4 * MiB);
  patternBytes(100_000, 11).copy(data, 0);
  patternBytes(MiB, 12).copy(data, 3 * MiB);
  return data;
}

async function writeDisk(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

function diskInputs(container: string, diskPath: string, extra: Record<string, unknown> = {}) {
  return bakeStep.resolve(
    {
      'disk-path': diskPath,
      'storage-container-url': `${azurite.accountUrl}/${container}`,
      'storage-account-key': azurite.accountKey,
      'progress-interval-seconds': 1,
      ...extra,
    },
    undefined,
  );
}

describe('bake step, disk engine', () => {
  it('uploads a dynamic VHD as a fixed VHD, creates a managed image, writes the manifest, and is idempotent', async () => {
    const ctx = createTestStepContext(emulator.current);
    await ctx.azure.resources().resourceGroups.createOrUpdate('rg-bake', { location: 'westeurope' });
    const data = disk();
    const path = await writeDisk('ubuntu.vhd', dynamicVhd(data).file);
    const inputs = diskInputs('images', path, {
      'create-managed-image': true,
      'image-name': 'ubuntu-base',
      'resource-group': 'rg-bake',
      location: 'westeurope',
    });
    const result = await bakeStep.run(inputs, ctx);
    const { outputs } = result;
    expect(outputs.engine).toBe('disk');
    expect(outputs['vhd-uri']).toBe(`${azurite.accountUrl}/images/ubuntu.vhd`);
    expect(outputs.size).toBe(4 * MiB + 512);
    const blob = service.getContainerClient('images').getPageBlobClient('ubuntu.vhd');
    const content = await blob.downloadToBuffer();
    expect(content.subarray(0, 4 * MiB).equals(data)).toBe(true);
    expect(createHash('sha256').update(content).digest('hex')).toBe(outputs.sha256);
    expect(outputs['image-id']).toBe(
      `/subscriptions/${emulator.current.subscriptionId}/resourceGroups/rg-bake/providers/Microsoft.Compute/images/ubuntu-base`,
    );
    const image = await ctx.azure.compute().images.get('rg-bake', 'ubuntu-base');
    expect(image.storageProfile?.osDisk).toMatchObject({ blobUri: outputs['vhd-uri'], osType: 'Linux', osState: 'Generalized' });
    expect(image.hyperVGeneration).toBe('V2');
    const manifest = JSON.parse(await readFile(String(outputs.manifest), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      schemaVersion: 1,
      engine: 'disk',
      sha256: outputs.sha256,
      size: 4 * MiB + 512,
      virtualSize: 4 * MiB,
      sourceFile: 'ubuntu.vhd',
      sourceFormat: 'vhd-dynamic',
      vhdUri: outputs['vhd-uri'],
      imageId: outputs['image-id'],
    });
    expect(Date.parse(String(manifest.createdAt))).not.toBeNaN();
    expect(await readFile(String(outputs['build-log']), 'utf8')).toMatch(/Uploaded .*ubuntu\.vhd: sha256 [0-9a-f]{64}/);
    expect(ctx.logger.openGroups).toEqual([]);
    expect(ctx.logger.text()).not.toContain(azurite.accountKey);
    expect(ctx.logger.masked).toContain(azurite.accountKey);

    // A re-run sends nothing and reuses the image.
    const again = createTestStepContext(emulator.current);
    const second = await bakeStep.run(inputs, again);
    expect(second.outputs.sha256).toBe(outputs.sha256);
    expect(second.outputs['image-id']).toBe(outputs['image-id']);
    expect(again.logger.text()).toMatch(/Resuming upload/);
    expect(again.logger.text()).toMatch(/0\.0 MiB sent/);
    expect(again.logger.text()).toMatch(/already exists from this VHD; reusing it/);
  });

  it('hands over the VHD URI (no managed image) with a SAS, never giving the SAS to the logger', async () => {
    const container = service.getContainerClient('sas');
    await container.createIfNotExists();
    const sasUrl = await container.generateSasUrl({ permissions: ContainerSASPermissions.parse('racwl'), expiresOn: new Date(Date.now() + 3600_000) });
    const sas = new URL(sasUrl).search.slice(1);
    const sig = new URLSearchParams(sas).get('sig') ?? '';
    const ctx = createTestStepContext(emulator.current);
    const path = await writeDisk('plain.raw', disk().subarray(0, 3 * MiB + 1000));
    const inputs = bakeStep.resolve({ 'disk-path': path, 'storage-container-url': `${azurite.accountUrl}/sas`, 'storage-sas': sas }, undefined);
    const { outputs, summary } = await bakeStep.run(inputs, ctx);
    expect(outputs['vhd-uri']).toBe(`${azurite.accountUrl}/sas/plain.vhd`);
    expect(outputs['image-id']).toBe('');
    expect(outputs.size).toBe(4 * MiB + 512);
    const everything = `${ctx.logger.text()}\n${JSON.stringify(outputs)}\n${JSON.stringify(summary)}\n${await readFile(String(outputs.manifest), 'utf8')}`;
    expect(sig.length).toBeGreaterThan(10);
    expect(everything).not.toContain(sig);
    expect(everything).not.toContain(encodeURIComponent(sig));
    expect(ctx.logger.masked).toContain(sas);
  });
});

describe('bad disks fail before anything reaches storage or ARM', () => {
  const bad: { name: string; bytes: () => Buffer; code: string; reason: RegExp }[] = [
    {
      name: 'cookie.vhd',
      bytes: () => {
        const v = fixedVhd(disk());
        v.write('XXXXXXXX', v.length - 512, 'latin1');
        return v;
      },
      code: 'E_DISK_INVALID',
      reason: /expected "conectix"/,
    },
    {
      name: 'checksum.vhd',
      bytes: () => {
        const v = fixedVhd(disk());
        v.writeUInt32BE(1, v.length - 512 + 64);
        return v;
      },
      code: 'E_DISK_INVALID',
      reason: /checksum/,
    },
    { name: 'unaligned.vhd', bytes: () => fixedVhd(patternBytes(MiB + 1024, 5)), code: 'E_DISK_INVALID', reason: /multiple of 1 MiB/ },
    { name: 'truncated.vhd', bytes: () => fixedVhd(disk()).subarray(0, 3 * MiB), code: 'E_DISK_INVALID', reason: /truncated/ },
    {
      name: 'bat.vhd',
      bytes: () => {
        const { file, batOffset } = dynamicVhd(disk(), { blockSize: MiB });
        file.writeUInt32BE(0x7fff_0000, batOffset + 4 * 3);
        return file;
      },
      code: 'E_DISK_INVALID',
      reason: /BAT entry 3/,
    },
  ];
  for (const c of bad) {
    it(c.name, async () => {
      const ctx = createTestStepContext(emulator.current);
      const path = await writeDisk(c.name, c.bytes());
      emulator.current.requestLog.clear();
      const inputs = diskInputs(`bad-${c.name.replace('.vhd', '')}`, path, {
        'create-managed-image': true,
        'image-name': `bad-${c.name.replace('.vhd', '')}`,
        'resource-group': 'rg-bake',
        location: 'westeurope',
      });
      const error = await bakeStep.run(inputs, ctx).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: c.code });
      expect((error as Error).message).toMatch(c.reason);
      expect((error as Error).message).toContain(path);
      // Not even the container was created, and ARM saw no request.
      const containers = [];
      for await (const item of service.listContainers({ prefix: 'bad-' })) containers.push(item.name);
      expect(containers).toEqual([]);
      expect(emulator.current.requestLog.entries()).toEqual([]);
      expect(ctx.logger.openGroups).toEqual([]);
    });
  }
});

describe('bake step inputs', () => {
  it('image-builder needs its bake section in image.yaml (engine tests: image-builder-engine.test.ts)', () => {
    expect(() => bakeStep.resolve({ engine: 'image-builder' }, undefined)).toThrow(/add a `bake:` section with engine: image-builder/);
  });
  it('the disk engine needs a disk and a destination', () => {
    expect(() => bakeStep.resolve({}, undefined)).toThrow(/'disk-path' is required/);
    expect(() => bakeStep.resolve({ 'disk-path': 'x.raw' }, undefined)).toThrow(/needs a storage destination/);
    expect(() =>
      bakeStep.resolve({ 'disk-path': 'x.raw', 'storage-container-url': 'http://x/y', 'storage-account-key': 'k', 'storage-sas': 's' }, undefined),
    ).toThrow(/either 'storage-account-key' or 'storage-sas'/);
    expect(() =>
      bakeStep.resolve({ 'disk-path': 'x.raw', 'storage-container-url': 'http://x/y', 'create-managed-image': true }, undefined),
    ).toThrow(/'image-name' is required when create-managed-image/);
  });
  it('takes the disk and storage from image.yaml', () => {
    const inputs = bakeStep.resolve({}, {
      bake: {
        engine: 'disk',
        path: 'out/disk.qcow2',
        storageAccountId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/acct',
        container: 'golden',
      },
    });
    expect(inputs).toMatchObject({ engine: 'disk', diskPath: 'out/disk.qcow2', container: 'golden', blobName: 'disk.vhd', auth: { kind: 'entra' } });
  });
});
