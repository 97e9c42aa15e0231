import { createHash, generateKeyPairSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianRootfs, missingRealImageTools, writeTailoring } from '../../../src/demo/real-image.js';
import { countPrintedResults } from '../../../src/core/scan/openscap/oscap-eval.js';
import { startAzurite, type Azurite } from '../../helpers/azurite.js';
import { useEmulator } from '../../helpers/emulator.js';
import { runGithubAction, type GithubRunResult } from '../../helpers/runner.js';
import { createTestStepContext } from '../../helpers/step-context.js';

// A real Debian root filesystem (mmdebstrap, cached under .tmp/), baked into a GPT/ext4 fixed VHD and uploaded
// to Azurite, scanned offline by the real oscap with Debian's SSG content, then signed, published and replicated
// against the emulator: every step is the committed bundle run as the GitHub runner runs it.
const repoRoot = resolve(import.meta.dirname, '../../..');
const missing = missingRealImageTools();
if (missing.length > 0 && process.env.CI === 'true') throw new Error(`CI=true and the real-image test lacks ${missing.map((m) => `${m.tool} (${m.pkg})`).join(', ')}: run scripts/install-test-tools.sh`);
const skipReason = missing.length > 0 ? `missing ${missing.map((m) => m.pkg).join(', ')}: sudo bash scripts/install-test-tools.sh` : '';
if (skipReason) console.warn(`real-image e2e skipped: ${skipReason}`);

const RG = 'rg-real-image';
const LOCATION = 'westeurope';
const emulator = useEmulator({ timing: { lroDurationMs: 300, retryAfterSeconds: 1, replicationMsPerReplica: 50 } });
let azurite: Azurite;
let dir: string;
let tarball: string;

beforeAll(async () => {
  if (skipReason) return;
  ({ tarball } = await debianRootfs(join(repoRoot, '.tmp/real-image'), (line) => console.log(line)));
  azurite = await startAzurite();
  dir = await mkdtemp(join(tmpdir(), 'real-image-'));
  await createTestStepContext(emulator.current).azure.resources().resourceGroups.createOrUpdate(RG, { location: LOCATION });
}, 900_000);
afterAll(async () => {
  await azurite?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function azure(): { inputs: Record<string, string>; env: Record<string, string> } {
  const e = emulator.current;
  return {
    inputs: { 'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId },
    env: { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret },
  };
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The summary's markdown with its escapes removed ("\\(" → "("). */
function unescape(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

/** "22 pass, 21 fail, 1 notapplicable" from the summary's OpenSCAP evaluation line, as an object. */
function summaryCounts(summary: string): Record<string, number> {
  const line = /oscap evaluated .*?: ((?:\d+ \w+(?:, )?)+) in [\d.]+ s\./.exec(unescape(summary))?.[1] ?? '';
  return Object.fromEntries(line.split(', ').filter(Boolean).map((part) => [part.split(' ')[1] ?? '', Number(part.split(' ')[0])]));
}

/** The oscap output the scan step saved in its work folder (beside the JSON report). */
async function oscapPrinted(run: GithubRunResult): Promise<Record<string, number>> {
  return countPrintedResults(await readFile(join(dirname(run.outputs['report-file'] ?? ''), 'openscap/openscap-output.txt'), 'utf8'));
}

describe.skipIf(skipReason !== '')(`a real Debian image through bake, scan (OpenSCAP), sign, publish and replicate${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('bakes the rootfs, fails the gate on the stock image, passes with a tailoring file, and publishes the very VHD bake made', async () => {
    const { inputs: cloud, env } = azure();
    const vhd = join(dir, 'debian-11-minimal.vhd');
    const bake = await runGithubAction(
      join(repoRoot, 'actions/bake'),
      {
        rootfs: tarball,
        'rootfs-hook': 'echo "image-publish real-image e2e" > etc/motd',
        'disk-path': vhd,
        'storage-container-url': `${azurite.accountUrl}/vhds`,
        'storage-account-key': azurite.accountKey,
        'create-managed-image': 'true',
        'image-name': 'img-debian-11',
        'resource-group': RG,
        location: LOCATION,
        'os-type': 'Linux',
        'hyper-v-generation': 'V2',
        ...cloud,
      },
      { env },
    );
    expect(bake.exitCode, bake.log + bake.stderr).toBe(0);
    expect(bake.groups).toEqual(expect.arrayContaining(['Root filesystem', 'Disk image', 'Upload VHD', 'Managed image']));
    expect(unescape(bake.summary)).toMatch(/\| Root filesystem \| .*debian-bullseye-minbase-\w+\.tar: \d+ bytes in \d+ inodes, ext4 \d+ bytes \(gpt\) \|/);
    const localSha = await sha256File(vhd);
    expect(bake.outputs.sha256).toBe(localSha);
    expect(Number(bake.outputs.size) % (1024 * 1024)).toBe(512);

    // The stock minimal image fails SSG's standard profile at high (no ntp): the gate stops the pipeline.
    const scanInputs = { path: vhd, openscap: 'true', 'fail-on': 'high', 'sarif-category': 'debian-11-minimal' };
    const failed = await runGithubAction(join(repoRoot, 'actions/scan'), scanInputs);
    expect(failed.exitCode, failed.log + failed.stderr).toBe(1);
    expect(failed.annotations.map((a) => a.message).join('\n')).toMatch(/E_SCAN_POLICY_FAILED: Image scan failed the policy: .*high/);
    expect(failed.log).toContain('FAIL [high] xccdf_org.ssgproject.content_rule_package_ntp_installed: Install the ntp service');
    const printed = await oscapPrinted(failed);
    expect(printed.fail).toBeGreaterThan(0);
    expect(summaryCounts(failed.summary)).toEqual(printed);
    expect(unescape(failed.summary)).toContain(`${printed.pass ?? 0} pass, ${printed.fail ?? 0} fail`);
    expect(failed.summary).toContain('OpenSCAP remediation');
    expect(failed.outputs.high).toBe('2');

    // With the tailoring file that accepts those rules (and says why), the same image passes.
    const tailoring = await writeTailoring(dir);
    const passed = await runGithubAction(join(repoRoot, 'actions/scan'), { ...scanInputs, 'tailoring-file': tailoring });
    expect(passed.exitCode, passed.log + passed.stderr).toBe(0);
    expect(passed.outputs).toMatchObject({ passed: 'true', critical: '0', high: '0' });
    const printedTailored = await oscapPrinted(passed);
    expect(summaryCounts(passed.summary)).toEqual(printedTailored);
    expect(printedTailored.fail).toBe((printed.fail ?? 0) - 2);

    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(dir, 'signing.key.pem');
    await writeFile(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
    const sign = await runGithubAction(join(repoRoot, 'actions/sign'), {
      'subject-id': bake.outputs['image-id'] ?? '',
      signer: 'file',
      'key-file': keyFile,
      'vhd-sha256': bake.outputs.sha256 ?? '',
      reports: [passed.outputs['report-file'], passed.outputs['sarif-file']].join('\n'),
      'output-dir': dir,
      ...cloud,
    }, { env });
    expect(sign.exitCode, sign.log + sign.stderr).toBe(0);

    const configFile = join(dir, 'image.yaml');
    await writeFile(
      configFile,
      stringify({
        gallery: { name: 'gal_real', resourceGroup: RG, location: LOCATION, create: true },
        definition: { name: 'debian-11-minimal', publisher: 'contoso', offer: 'debian', sku: '11-minimal', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2' },
      }),
    );
    const publish = await runGithubAction(
      join(repoRoot, 'actions/publish'),
      { config: configFile, source: bake.outputs['image-id'] ?? '', version: '1.0.0', tags: sign.outputs['signature-tags'] ?? '{}', 'progress-interval-seconds': '1', ...cloud },
      { env },
    );
    expect(publish.exitCode, publish.log + publish.stderr).toBe(0);
    const replicate = await runGithubAction(
      join(repoRoot, 'actions/replicate'),
      { config: configFile, 'image-version-id': publish.outputs['image-version-id'] ?? '', regions: 'westeurope, northeurope', 'progress-interval-seconds': '1', ...cloud },
      { env },
    );
    expect(replicate.exitCode, replicate.log + replicate.stderr).toBe(0);

    // What was published: the version's source is bake's managed image, whose OS disk is bake's blob, whose bytes
    // hash to the disk bake made on this machine.
    const ctx = createTestStepContext(emulator.current);
    const version = await ctx.azure.compute().galleryImageVersions.get(RG, 'gal_real', 'debian-11-minimal', '1.0.0', { expand: 'ReplicationStatus' });
    expect(version.storageProfile?.source?.id ?? version.storageProfile?.osDiskImage?.source?.id).toBe(bake.outputs['image-id']);
    expect(version.publishingProfile?.targetRegions?.map((r) => r.name).sort()).toEqual(['North Europe', 'West Europe']);
    const image = await ctx.azure.compute().images.get(RG, 'img-debian-11');
    expect(image.storageProfile?.osDisk?.blobUri).toBe(bake.outputs['vhd-uri']);
    const blob = new BlobServiceClient(azurite.accountUrl, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey)).getContainerClient('vhds').getPageBlobClient('debian-11-minimal.vhd');
    expect(createHash('sha256').update(await blob.downloadToBuffer()).digest('hex')).toBe(localSha);
  }, 600_000);
});
