import { describe, expect, it } from 'vitest';
import { publishStep } from '../../../src/steps/publish.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { RG, config, usePublishEmulator } from './publish-fixture.js';

// A failed publish still hands the runtime its outputs and a summary (written before the step fails), so the
// job summary says what was attempted and later steps or a re-run know which gallery and definition it was.
describe('publish step failure reporting', () => {
  const fx = usePublishEmulator();

  it('a version conflict fails with StepFailure carrying the target ids and a summary naming the code', async () => {
    const source = await fx.managedImage('img-first');
    const other = await fx.managedImage('img-other');
    const first = publishStep.resolve({ source, version: '3.0.0' }, config);
    await publishStep.run(first, fx.ctx());
    const before = fx.emulator.state.snapshot();

    const again = publishStep.resolve({ source: other, version: '3.0.0' }, config);
    const failure = await publishStep.run(again, fx.ctx()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StepFailure);
    const { outputs, summary, cause } = failure as StepFailure;
    expect((cause as { code?: string }).code).toBe('E_VERSION_EXISTS');
    const definitionId = `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/gal_images/images/ubuntu-24`;
    expect(outputs).toEqual({
      'gallery-id': `/subscriptions/${fx.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/galleries/gal_images`,
      'image-definition-id': definitionId,
      version: '3.0.0',
      'image-version-id': `${definitionId}/versions/3.0.0`,
      created: false,
    });
    expect(summary?.status).toBe('Failed (E_VERSION_EXISTS): gal_images/ubuntu-24 3.0.0');
    expect(fx.emulator.state.snapshot()).toEqual(before);
  });
});
