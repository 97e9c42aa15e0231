import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { runAzdoTask, runGithubAction } from '../../helpers/runner.js';
import { fixedVhd, patternBytes } from '../../unit/vhd/vhd-builders.js';

// The committed bundle (dist/) through actions/bake/action.yml and tasks/BakeImageV1/task.json, as the
// runners run them, uploading to a real Azurite. With a key and a container URL no Azure sign-in is needed.
// IMAGE_PUBLISH_E2E_ROOT points at a freshly built tree instead (actions/, tasks/, dist/), e.g. before dist is committed.
const repoRoot = process.env.IMAGE_PUBLISH_E2E_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MiB = 1024 * 1024;
let azurite: Azurite;
let dir: string;
let service: BlobServiceClient;

beforeAll(async () => {
  azurite = await startAzurite();
  dir = await mkdtemp(join(tmpdir(), 'bake-e2e-'));
  service = new BlobServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey));
});
afterAll(async () => {
  await azurite?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function rawDisk(name: string): Promise<string> {
  const data = Buffer.alloc(2 * MiB);
  patternBytes(70_000, 3).copy(data, MiB);
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

describe('bake as a GitHub Action', () => {
  it('uploads the disk, writes outputs, the manifest and the summary, and masks the key', async () => {
    const disk = await rawDisk('gh.raw');
    const run = await runGithubAction(join(repoRoot, 'actions/bake'), {
      'disk-path': disk,
      'storage-container-url': `${azurite.accountUrl}/github`,
      'storage-account-key': azurite.accountKey,
    });
    expect(run.exitCode, run.log + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ engine: 'disk', 'vhd-uri': `${azurite.accountUrl}/github/gh.vhd`, size: String(2 * MiB + 512), 'image-id': '' });
    const content = await service.getContainerClient('github').getPageBlobClient('gh.vhd').downloadToBuffer();
    expect(createHash('sha256').update(content).digest('hex')).toBe(run.outputs.sha256);
    const manifest = JSON.parse(await readFile(run.outputs.manifest ?? '', 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ engine: 'disk', sha256: run.outputs.sha256, vhdUri: run.outputs['vhd-uri'] });
    expect(run.masks).toContain(azurite.accountKey);
    expect(run.groups).toEqual(expect.arrayContaining(['Disk image', 'Upload VHD']));
    expect(run.summary).toContain('Bake image');
    for (const channel of [run.log, run.stderr, run.summary, JSON.stringify(run.outputs)]) expect(channel).not.toContain(azurite.accountKey);
  });

  it('a truncated VHD fails with E_DISK_INVALID and uploads nothing', async () => {
    const path = join(dir, 'cut.vhd');
    await writeFile(path, fixedVhd(patternBytes(2 * MiB, 4)).subarray(0, MiB));
    const run = await runGithubAction(join(repoRoot, 'actions/bake'), {
      'disk-path': path,
      'storage-container-url': `${azurite.accountUrl}/cut`,
      'storage-account-key': azurite.accountKey,
    });
    expect(run.exitCode).toBe(2);
    expect(run.annotations[0]?.message).toMatch(/^E_DISK_INVALID: Disk image .*cut\.vhd is not usable: .*truncated/);
    expect(await service.getContainerClient('cut').exists()).toBe(false);
  });
});

describe('bake as an Azure DevOps task', () => {
  it('succeeds with output variables and keeps the key secret', async () => {
    const disk = await rawDisk('ado.raw');
    const run = await runAzdoTask(join(repoRoot, 'tasks/BakeImageV1'), {
      diskPath: disk,
      storageContainerUrl: `${azurite.accountUrl}/azdo`,
      storageAccountKey: azurite.accountKey,
      azureSubscription: 'conn-1',
    });
    expect(run.result, run.log + run.stderr).toBe('Succeeded');
    // Azure DevOps output variables are camelCase (task.json outputVariables).
    expect(run.outputs, run.log).toMatchObject({ engine: 'disk', vhdUri: `${azurite.accountUrl}/azdo/ado.vhd`, imageId: '' });
    expect(run.outputs.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.masks).toContain(azurite.accountKey);
    expect(run.log).not.toContain(azurite.accountKey);
  });

  it('image-builder without its image.yaml section fails before any Azure call, saying what to add', async () => {
    const run = await runAzdoTask(join(repoRoot, 'tasks/BakeImageV1'), { engine: 'image-builder', azureSubscription: 'conn-1' });
    expect(run.result).toBe('Failed');
    expect(run.resultMessage).toMatch(/^E_INPUT_MISSING: The image-builder engine is configured in image.yaml: add a `bake:` section/);
    expect(run.resultMessage).toMatch(/with the `config` input/);
  });
});
