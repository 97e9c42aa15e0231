/**
 * docs/rotate-signing-key.md, step by step, against the emulator (ARM and its Key Vault): sign with the old key,
 * trust old and new, sign with the new key, verify and pin-rollout's require-signature accept both, and after
 * the old key's not-after only the new key verifies. Step numbers are the guide's.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyClient } from '@azure/keyvault-keys';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { pinRolloutStep } from '../../../src/steps/pin-rollout.js';
import { signStep } from '../../../src/steps/sign.js';
import { verifyStep } from '../../../src/steps/verify.js';
import { emulatorCredential, grantKeyCreate, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, seedScaleSets } from '../rollout/rollout-fixture.js';

const emu = useEmulator({ clockSpeed: 0 });
const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'rotation-'));

function newKeyFiles(name: string): { key: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = join(dir, `${name}.key`);
  const pub = join(dir, `${name}.pub.pem`);
  writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { key, pub };
}

/** A step clock `days` after the emulator's now (only verify reads it; ARM tokens keep the emulator's time). */
function clockAfter(days: number): Clock {
  return { now: () => emu.current.clock.now() + days * DAY, sleep: async () => undefined };
}

async function sign(subjectId: string, signer: Record<string, string>): Promise<{ path: string; keyid: string; text: string }> {
  const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
  const { outputs } = await signStep.run(signStep.resolve({ 'subject-id': subjectId, 'output-dir': mkdtempSync(join(dir, 'sig-')), ...signer }, undefined), ctx);
  return { path: outputs['envelope-path'], keyid: outputs.keyid, text: ctx.logger.text() };
}

async function verify(subjectId: string, envelope: string, trustedKeys: string[], clock?: Clock) {
  const ctx = createTestStepContext(emu.current, clock ? { clock } : {});
  return verifyStep.run(verifyStep.resolve({ 'subject-id': subjectId, envelope, 'trusted-keys': trustedKeys }, undefined), ctx);
}

describe('Rotate the signing key (docs/rotate-signing-key.md)', () => {
  it('key file: old and new trusted during the overlap, verify and pin-rollout accept both, the old key retires on its date', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-rotate', image: 'rotimg', versions: ['1.0.0', '1.0.1'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'rot-a', capacity: 2 }]);
    const old = newKeyFiles('signing-2025');
    const signedByOld = await sign(g.versionId('1.0.0'), { signer: 'file', 'key-file': old.key });

    // 1. Create the new key.
    const fresh = newKeyFiles('signing-2026');
    // 2. Trust both keys, the old one until its retirement date.
    const notAfter = new Date(emu.current.clock.now() + 30 * DAY).toISOString().slice(0, 10);
    const trustedKeys = [`${old.pub} not-after=${notAfter}`, fresh.pub];
    // 3. Sign with the new key.
    const signedByNew = await sign(g.versionId('1.0.1'), { signer: 'file', 'key-file': fresh.key });
    expect(signedByNew.keyid).not.toBe(signedByOld.keyid);

    // During the overlap both verify, through verify and through pin-rollout's require-signature.
    expect((await verify(g.versionId('1.0.0'), signedByOld.path, trustedKeys)).outputs).toMatchObject({ verified: true, keyid: signedByOld.keyid });
    expect((await verify(g.versionId('1.0.1'), signedByNew.path, trustedKeys)).outputs).toMatchObject({ verified: true, keyid: signedByNew.keyid });
    const rings = [{ name: 'canary', scaleSets: [{ name: 'rot-a', resourceGroup: 'rg-apps' }] }];
    for (const [version, signed] of [['1.0.0', signedByOld], ['1.0.1', signedByNew]] as const) {
      const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
      const inputs = pinRolloutStep.resolve({ 'image-version-id': g.versionId(version), 'require-signature': true, envelope: signed.path, 'trusted-keys': trustedKeys, rings }, undefined);
      expect((await pinRolloutStep.run(inputs, ctx)).outputs['pinned-version']).toBe(version);
      expect(ctx.logger.text()).toContain(`verified (keyid ${signed.keyid})`);
    }

    // 5. After the date the old key no longer verifies; the new one still does. Nothing in Azure changes.
    const before = emu.current.state.snapshot();
    await expect(verify(g.versionId('1.0.0'), signedByOld.path, trustedKeys, clockAfter(31))).rejects.toMatchObject({
      code: 'E_KEY_UNTRUSTED',
      message: expect.stringContaining(`was retired on ${notAfter}T00:00:00.000Z`),
    });
    expect((await verify(g.versionId('1.0.1'), signedByNew.path, trustedKeys, clockAfter(31))).outputs.verified).toBe(true);
    expect(emu.current.state.snapshot()).toEqual(before);
    // ... and then the line is removed: the old envelope is simply not signed by a trusted key.
    await expect(verify(g.versionId('1.0.0'), signedByOld.path, [fresh.pub], clockAfter(31))).rejects.toMatchObject({ code: 'E_SIGNATURE_INVALID' });
  });

  it("Key Vault: the old version stays trusted by its versioned id until retired; the key's new version signs", async () => {
    const e = emu.current;
    const g = await createGallery(e, { resourceGroup: 'rg-rotate-kv', image: 'rotkv', versions: ['2.0.0', '2.0.1'] });
    const keyName = 'image-signing-rotation';
    const versionless = `${e.keyVaultUrl}keys/${keyName}`;
    const oldVersionId = e.keyVault.createKey(e.keyVaultUrl, keyName, { kty: 'EC' });
    const signedByOld = await sign(g.versionId('2.0.0'), { signer: 'keyvault', 'key-vault-key-id': versionless });
    expect(signedByOld.text).toContain(`Key Vault key ${oldVersionId}`);

    // 1. Note the current version's id (as `az keyvault key show --query key.kid` prints it).
    const client = new KeyClient(e.keyVaultUrl, emulatorCredential(e), { disableChallengeResourceVerification: true });
    expect((await client.getKey(keyName)).id).toBe(oldVersionId);
    // 2. Trust the old version until its retirement date, and the key's current version.
    const notAfter = new Date(e.clock.now() + 30 * DAY).toISOString();
    const trustedKeys = [`${oldVersionId} not-after=${notAfter}`, versionless];
    // 3. Create the new version (a key created under an existing name gets a new version); creating needs
    // keys/create/action, which the signing role (Key Vault Crypto User) lacks.
    grantKeyCreate(e, e.defaultPrincipal.objectId);
    const newVersion = await client.createEcKey(keyName, { curve: 'P-256' });
    expect(newVersion.id).not.toBe(oldVersionId);
    const signedByNew = await sign(g.versionId('2.0.1'), { signer: 'keyvault', 'key-vault-key-id': versionless });
    expect(signedByNew.text).toContain(`Key Vault key ${newVersion.id}`);
    expect(signedByNew.keyid).not.toBe(signedByOld.keyid);

    expect((await verify(g.versionId('2.0.0'), signedByOld.path, trustedKeys)).outputs.keyid).toBe(signedByOld.keyid);
    expect((await verify(g.versionId('2.0.1'), signedByNew.path, trustedKeys)).outputs.keyid).toBe(signedByNew.keyid);
    // Without step 2's versioned line the old envelope is refused as soon as the new version exists.
    await expect(verify(g.versionId('2.0.0'), signedByOld.path, [versionless])).rejects.toMatchObject({ code: 'E_SIGNATURE_INVALID' });

    // 5. After the date.
    await expect(verify(g.versionId('2.0.0'), signedByOld.path, trustedKeys, clockAfter(31))).rejects.toMatchObject({
      code: 'E_KEY_UNTRUSTED',
      message: expect.stringContaining(`${oldVersionId} (keyid ${signedByOld.keyid}), which was retired`),
    });
    expect((await verify(g.versionId('2.0.1'), signedByNew.path, trustedKeys, clockAfter(31))).outputs.verified).toBe(true);
  });
});
