import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyClient } from '@azure/keyvault-keys';
import { parseEnvelope } from '../../../src/core/attest/dsse.js';
import { signStep } from '../../../src/steps/sign.js';
import { verifyStep } from '../../../src/steps/verify.js';
import { useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext, type TestStepContext } from '../../helpers/step-context.js';
import { startKeyVaultHarness, type KeyVaultHarness } from './keyvault-harness.js';

// ARM through the emulator; Key Vault through the emulated keys endpoint on its own HTTPS server (the emulator
// server does not mount it yet). The step's credential is the one that can reach the vault.
const emulator = useEmulator();
let vault: KeyVaultHarness;
let imageId: string;
let keyId: string;

function ctx(): TestStepContext {
  const base = createTestStepContext(emulator.current);
  // compute() keeps the emulator credential it was built with; Key Vault calls use `credential`.
  return { ...base, azure: { ...base.azure, credential: vault.credential, compute: base.azure.compute } };
}

beforeAll(async () => {
  vault = await startKeyVaultHarness();
  const base = createTestStepContext(emulator.current);
  await base.azure.resources().resourceGroups.createOrUpdate('rg-kv', { location: 'westeurope' });
  const image = await base.azure.compute().images.createOrUpdate('rg-kv', 'img', {
    location: 'westeurope',
    storageProfile: { osDisk: { osType: 'Windows', osState: 'Generalized', diskSizeGB: 128, blobUri: 'https://b.blob.core.windows.net/v/w.vhd' } },
  });
  imageId = image.id!;
  const key = await new KeyClient(vault.vaultUrl, vault.credential).createEcKey('image-signing', {
    curve: 'P-256',
  });
  keyId = key.id!;
});
afterAll(async () => {
  await vault?.close();
});

describe('sign step with signer keyvault', () => {
  it('signs through Key Vault (the key never leaves it) and verify trusts the Key Vault key id', async () => {
    const c = ctx();
    const { outputs } = await signStep.run(
      signStep.resolve({ 'subject-id': imageId, signer: 'keyvault', 'key-vault-key-id': `${vault.vaultUrl}/keys/image-signing` }, undefined),
      c,
    );
    const envelope = parseEnvelope(readFileSync(outputs['envelope-path'], 'utf8'));
    expect(envelope.signatures[0]!.keyid).toBe(outputs.keyid);
    expect(vault.requests.some((r) => r.method === 'POST' && r.path === `${new URL(keyId).pathname}/sign` && r.status === 200)).toBe(true);

    const v = ctx();
    const verified = await verifyStep.run(
      verifyStep.resolve({ 'subject-id': imageId, envelope: outputs['envelope-path'], 'trusted-keys': [keyId] }, undefined),
      v,
    );
    expect(verified.outputs).toMatchObject({ verified: true, digest: outputs.digest, keyid: outputs.keyid });
    for (const log of [c.logger.text(), v.logger.text(), JSON.stringify(outputs)]) {
      for (const token of vault.credential.tokens) expect(log).not.toContain(token);
      expect(log).not.toContain(emulator.current.defaultPrincipal.clientSecret);
    }
    expect(vault.credential.tokens.length).toBeGreaterThan(0);
  });
});
