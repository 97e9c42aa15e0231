/**
 * What the demo feeds the steps: a small raw disk that looks like a real one, a signing key, sample scanner
 * reports and an image.yaml, all in one temporary work folder.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const MiB = 1024 * 1024;

/** Names the demo creates in the emulator; fixed so two runs print the same resource ids. */
export const demoNames = {
  resourceGroup: 'rg-demo-images',
  gallery: 'demo_gallery',
  definition: 'ubuntu-demo',
  managedImage: 'img-ubuntu-demo',
  home: 'westeurope',
  regions: ['westeurope', 'northeurope', 'eastus2'] as const,
  container: 'vhds',
} as const;

/** Two rings of scale sets in the three regions; seeded into the emulator before pin-rollout. */
export const demoRings = [
  { name: 'canary', scaleSets: [{ name: 'vmss-demo-canary', resourceGroup: 'rg-demo-canary', location: 'westeurope', upgradePolicy: 'Manual', instances: 2 }] },
  {
    name: 'prod',
    scaleSets: [
      { name: 'vmss-demo-ne', resourceGroup: 'rg-demo-prod', location: 'northeurope', upgradePolicy: 'Automatic', instances: 3 },
      { name: 'vmss-demo-us', resourceGroup: 'rg-demo-prod', location: 'eastus2', upgradePolicy: 'Rolling', instances: 4 },
    ],
  },
] as const;

export interface DemoAssets {
  dir: string;
  diskPath: string;
  diskSha256: string;
  keyFile: string;
  publicKeyFile: string;
  reports: string[];
  configFile: string;
}

/**
 * A 4 MiB raw disk: an MBR with one Linux partition at 1 MiB holding 1.5 MiB of varied data, zeros elsewhere, so
 * format detection, sparse upload (zero pages skipped) and hashing all see something real.
 */
export function rawDisk(): Buffer {
  const disk = Buffer.alloc(4 * MiB);
  const startLba = 2048;
  const sectors = (disk.length - startLba * 512) / 512;
  const entry = disk.subarray(446, 462);
  entry[0] = 0x80; // bootable
  entry[4] = 0x83; // Linux
  entry.writeUInt32LE(startLba, 8);
  entry.writeUInt32LE(sectors, 12);
  disk[510] = 0x55;
  disk[511] = 0xaa;
  // Deterministic content (a hash chain) so every run uploads the same bytes and prints the same digest.
  let block = createHash('sha256').update('image-publish demo rootfs').digest();
  for (let offset = MiB; offset < MiB + 1.5 * MiB; offset += block.length) {
    block.copy(disk, offset);
    block = createHash('sha256').update(block).digest();
  }
  return disk;
}

/** Writes every input file of the demo into `dir`. */
export async function writeDemoAssets(dir: string, repoRoot: string): Promise<DemoAssets> {
  await mkdir(join(dir, 'reports'), { recursive: true });
  const disk = rawDisk();
  const diskPath = join(dir, 'ubuntu-demo.raw');
  await writeFile(diskPath, disk);

  // ECDSA P-256, generated per run: the demo shows signing, not key management.
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyFile = join(dir, 'signing.key.pem');
  const publicKeyFile = join(dir, 'signing.pub.pem');
  await writeFile(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  await writeFile(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());

  const reports: string[] = [];
  for (const name of ['trivy-rootfs.json', 'grype-rootfs.json']) {
    const target = join(dir, 'reports', name);
    await copyFile(resolve(repoRoot, 'examples/reports', name), target);
    reports.push(target);
  }

  const configFile = join(dir, 'image.yaml');
  await writeFile(configFile, stringify(demoImageConfig()));
  return { dir, diskPath, diskSha256: createHash('sha256').update(disk).digest('hex'), keyFile, publicKeyFile, reports, configFile };
}

/** image.yaml for the demo: gallery, definition, versioning, regions, scan policy and rollout rings. */
export function demoImageConfig(): Record<string, unknown> {
  return {
    gallery: { name: demoNames.gallery, resourceGroup: demoNames.resourceGroup, location: demoNames.home, create: true },
    definition: {
      name: demoNames.definition,
      publisher: 'contoso',
      offer: 'demo',
      sku: 'ubuntu-24_04',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
    },
    versioning: { excludeFromLatest: true, replicaCount: 1, storageAccountType: 'Standard_LRS', endOfLife: '+180d' },
    tags: { team: 'platform-demo' },
    regions: [...demoNames.regions],
    scan: { failOn: 'high', ignoreUnfixed: false, maxCounts: { medium: 5, low: 10 } },
    rollout: {
      channel: 'prod',
      promoteLatest: true,
      requireSignature: true,
      // Seconds, not the usual 15m-1h: pin-rollout waits bake times on the real clock, and the demo should take seconds.
      rings: demoRings.map((ring) => ({
        name: ring.name,
        scaleSets: ring.scaleSets.map((s) => ({ name: s.name, resourceGroup: s.resourceGroup })),
        batchPercent: ring.name === 'canary' ? 100 : 50,
        bakeTime: '2s',
        maxUnhealthyPercent: 0,
      })),
    },
  };
}
