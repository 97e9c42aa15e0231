import { describe, expect, it } from 'vitest';
import { ImagePublishError } from '../../../src/core/errors.js';
import { publishImage } from '../../../src/core/gallery/publish-image.js';
import { publishStep } from '../../../src/steps/publish.js';
import { RG, config, usePublishEmulator, writesSince } from './publish-fixture.js';

const fx = usePublishEmulator();

/** Runs `fn`, expects an ImagePublishError with `code` and `message`, and asserts the emulator state is unchanged. */
async function expectFailureWithoutChange(fn: () => Promise<unknown>, code: string, message: RegExp): Promise<ImagePublishError> {
  const before = fx.emulator.state.snapshot();
  const mark = fx.emulator.requestLog.entries().length;
  const error = await fn().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ImagePublishError);
  const e = error as ImagePublishError;
  expect({ code: e.code, message: e.message }).toMatchObject({ code, message: expect.stringMatching(message) });
  expect(e.message).not.toContain(fx.emulator.defaultPrincipal.clientSecret);
  expect(writesSince(fx.emulator, mark)).toEqual([]);
  expect(fx.emulator.state.snapshot()).toEqual(before);
  return e;
}

async function publishOnce(parsed: Record<string, unknown>) {
  return publishImage(fx.inputs(parsed), fx.ctx(), fx.tuning);
}

describe('publish failure paths change nothing', () => {
  it('bad version string and bad names are refused before any Azure call', async () => {
    const source = await fx.managedImage('img-bad-input');
    await expectFailureWithoutChange(async () => publishStep.resolve({ source, version: '1.2' }, config), 'E_INPUT_INVALID', /Input 'version' is '1.2'/);
    await expectFailureWithoutChange(async () => publishStep.resolve({ source, gallery: 'bad-name' }, config), 'E_INPUT_INVALID', /Input 'gallery' is 'bad-name'/);
    await expectFailureWithoutChange(
      async () => publishStep.resolve({ source, 'image-definition': 'x'.repeat(81) }, config),
      'E_INPUT_INVALID',
      /Input 'image-definition'/,
    );
  });

  it('a missing source fails with E_NOT_FOUND before the gallery is created', async () => {
    const missing = `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/images/does-not-exist`;
    await expectFailureWithoutChange(() => publishOnce({ source: missing, version: '1.0.0' }), 'E_NOT_FOUND', /source managed-image '.*does-not-exist' does not exist.*Nothing was changed/);
    await expectFailureWithoutChange(
      () => publishOnce({ source: `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/snapshots/nope`, version: '1.0.0' }),
      'E_NOT_FOUND',
      /source snapshot/,
    );
  });

  it('a missing gallery without create-gallery is E_NOT_FOUND saying how to fix it', async () => {
    const source = await fx.managedImage('img-no-gallery');
    await expectFailureWithoutChange(
      () => publishOnce({ source, gallery: 'gal_absent', 'create-gallery': false, version: '1.0.0' }),
      'E_NOT_FOUND',
      /Gallery 'gal_absent' does not exist in resource group 'rg-images'.*set 'create-gallery: true'/,
    );
  });

  it('missing required tags and tags over ARM limits are refused before any change', async () => {
    const source = await fx.managedImage('img-tags');
    await expectFailureWithoutChange(
      () => publishImage({ ...fx.inputs({ source, version: '1.0.0' }), userTags: {} }, fx.ctx(), fx.tuning),
      'E_INPUT_MISSING',
      /requires the tag\(s\) 'owner'/,
    );
    await expectFailureWithoutChange(() => publishOnce({ source, version: '1.0.0', tags: 'bad/key=1' }), 'E_INPUT_INVALID', /'bad\/key' contains '\/'/);
    await expectFailureWithoutChange(() => publishOnce({ source, version: '1.0.0', tags: `long=${'v'.repeat(257)}` }), 'E_INPUT_INVALID', /257-character value/);
  });

  it('an existing definition with other immutable properties is E_DEFINITION_MISMATCH listing each difference', async () => {
    const source = await fx.managedImage('img-mismatch');
    await publishOnce({ source, version: '0.0.1' }); // creates the definition as configured
    const e = await expectFailureWithoutChange(
      () => publishOnce({ source, version: '0.0.2', sku: '22_04', 'hyper-v-generation': 'V1', 'security-type': 'Standard' }),
      'E_DEFINITION_MISMATCH',
      /exists with different immutable properties/,
    );
    expect(e.message).toContain("- identifier.sku: existing '24_04', wanted '22_04'");
    expect(e.message).toContain("- hyperVGeneration: existing 'V2', wanted 'V1'");
    expect(e.message).toContain("- features.SecurityType: existing 'TrustedLaunch', wanted 'Standard'");
  });

  it('a version that exists from another source is E_VERSION_EXISTS', async () => {
    await publishOnce({ source: await fx.managedImage('img-conflict-a'), version: '5.0.0' });
    const other = await fx.managedImage('img-conflict-b');
    await expectFailureWithoutChange(
      () => publishOnce({ source: other, version: '5.0.0' }),
      'E_VERSION_EXISTS',
      /5\.0\.0 already exists from another source .*img-conflict-a.*Nothing was changed/,
    );
  });

  it('a Failed version is a clear error; replace-failed deletes and recreates it', async () => {
    const source = await fx.managedImage('img-failed');
    fx.emulator.faults.failOperations({ count: 1, match: { method: 'PUT', path: '/versions/6\\.0\\.0$' }, code: 'InternalOperationError', message: 'Replication failed in westeurope.' });
    await expect(publishOnce({ source, version: '6.0.0' })).rejects.toMatchObject({
      code: 'E_OPERATION_FAILED',
      message: expect.stringMatching(/6\.0\.0 ended in state Failed.*replace-failed: true/),
    });
    await expectFailureWithoutChange(() => publishOnce({ source, version: '6.0.0' }), 'E_OPERATION_FAILED', /state Failed\. Set 'replace-failed: true'/);

    const ctx = fx.ctx();
    const replaced = await publishImage(fx.inputs({ source, version: '6.0.0', 'replace-failed': true }), ctx, fx.tuning);
    expect(replaced).toMatchObject({ version: '6.0.0', created: true, provisioningState: 'Succeeded' });
    expect(ctx.logger.messages('warn').join('\n')).toMatch(/6\.0\.0 is Failed; deleting it to recreate/);
  });
});
