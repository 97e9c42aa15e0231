import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { startTestEmulator } from '../../helpers/emulator.js';
import { runAzdoTask, type AzdoEndpoint } from '../../helpers/runner.js';
import { createTestStepContext } from '../../helpers/step-context.js';

// The committed bundle (dist/) through tasks/SignImageV1 and tasks/VerifyImageV1, as the agent runs them,
// against the emulator reached as a custom cloud through a service-principal service connection.
// IMAGE_PUBLISH_BUNDLE_ROOT points at a freshly built copy (actions/, tasks/, dist/) to try a bundle before committing it.
const repoRoot = process.env.IMAGE_PUBLISH_BUNDLE_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASSPHRASE = 'e2e passphrase for the signing key';
let emulator: EmulatorHandle;
let dir: string;
let imageId: string;
let keyFile: string;
let publicKeyFile: string;

function connection(): Record<string, AzdoEndpoint> {
  return {
    'conn-emulator': {
      url: emulator.armEndpoint,
      scheme: 'ServicePrincipal',
      parameters: {
        serviceprincipalid: emulator.defaultPrincipal.clientId,
        serviceprincipalkey: emulator.defaultPrincipal.clientSecret,
        tenantid: emulator.tenantId,
        authenticationType: 'spnKey',
      },
      data: { subscriptionId: emulator.subscriptionId, environment: 'AzureStack', activeDirectoryAuthority: emulator.authorityHost },
    },
  };
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  dir = await mkdtemp(join(tmpdir(), 'sign-e2e-'));
  const keys = generateKeyPairSync('ed25519');
  keyFile = join(dir, 'signer.key.pem');
  publicKeyFile = join(dir, 'signer.pub.pem');
  await writeFile(keyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString());
  await writeFile(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const ctx = createTestStepContext(emulator);
  await ctx.azure.resources().resourceGroups.createOrUpdate('rg-e2e', { location: 'westeurope' });
  const image = await ctx.azure.compute().images.createOrUpdate('rg-e2e', 'baked', {
    location: 'westeurope',
    storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://bakes.blob.core.windows.net/vhds/b.vhd', diskSizeGB: 30 } },
  });
  imageId = image.id!;
});
afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sign and verify as Azure DevOps tasks', () => {
  it('signs with a key file, then verifies, with outputs and no secret in any channel', async () => {
    const env = { NODE_EXTRA_CA_CERTS: emulator.caCertFile };
    const sign = await runAzdoTask(
      join(repoRoot, 'tasks/SignImageV1'),
      { azureSubscription: 'conn-emulator', cloud: 'Custom', armEndpoint: emulator.armEndpoint, authorityHost: emulator.authorityHost, armAudience: emulator.armAudience, subjectId: imageId, signer: 'file', keyFile, keyPassphrase: PASSPHRASE, outputDir: dir },
      { endpoints: connection(), env },
    );
    expect(sign.result, sign.log + sign.stderr).toBe('Succeeded');
    expect(sign.outputs.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(sign.outputs.envelopePath).toBe(join(dir, `${sign.outputs.digest}.dsse.json`));
    expect(sign.masks).toContain(PASSPHRASE);

    const verify = await runAzdoTask(
      join(repoRoot, 'tasks/VerifyImageV1'),
      { azureSubscription: 'conn-emulator', cloud: 'Custom', armEndpoint: emulator.armEndpoint, authorityHost: emulator.authorityHost, armAudience: emulator.armAudience, subjectId: imageId, envelope: sign.outputs.envelopePath ?? '', trustedKeys: publicKeyFile },
      { endpoints: connection(), env },
    );
    expect(verify.result, verify.log + verify.stderr).toBe('Succeeded');
    expect(verify.outputs).toMatchObject({ verified: 'true', digest: sign.outputs.digest, keyid: sign.outputs.keyid });

    const wrong = await runAzdoTask(
      join(repoRoot, 'tasks/VerifyImageV1'),
      { azureSubscription: 'conn-emulator', cloud: 'Custom', armEndpoint: emulator.armEndpoint, authorityHost: emulator.authorityHost, armAudience: emulator.armAudience, subjectId: imageId, envelope: sign.outputs.envelopePath ?? '', trustedKeys: keyFile.replace('signer.key', 'missing') },
      { endpoints: connection(), env },
    );
    expect(wrong.result).toBe('Failed');
    for (const run of [sign, verify, wrong]) {
      for (const channel of [run.log, run.stderr, ...run.summaries, JSON.stringify(run.outputs)]) {
        expect(channel).not.toContain(PASSPHRASE);
        expect(channel).not.toContain(emulator.defaultPrincipal.clientSecret);
      }
    }
  });
});
