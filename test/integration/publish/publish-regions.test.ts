import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { publishStep } from '../../../src/steps/publish.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { RG, config, usePublishEmulator, writesSince } from './publish-fixture.js';

const fx = usePublishEmulator();

describe('publish checks regions before any write', () => {
  it("a region typo fails with replicate's suggestion and changes nothing", async () => {
    const source = await fx.managedImage('img-region-typo');
    const from = fx.emulator.requestLog.entries().length;
    const failure = await publishStep
      .run(publishStep.resolve({ source, version: '1.0.0', regions: ['westeuorpe', 'northeurope'] }, config), fx.ctx())
      .catch((e: unknown) => e);
    // The step hands the runtime a StepFailure (outputs + summary so far) whose cause is the user error.
    expect(failure).toBeInstanceOf(StepFailure);
    const error = (failure as StepFailure).cause;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('E_INPUT_INVALID');
    expect((error as Error).message).toContain("Input 'regions'");
    expect((error as Error).message).toContain('westeuorpe: did you mean westeurope?');
    expect(writesSince(fx.emulator, from)).toEqual([]);
  });

  it('accepts display names and sends programmatic names', async () => {
    const source = await fx.managedImage('img-region-display');
    const ctx = fx.ctx();
    const result = await publishStep.run(publishStep.resolve({ source, version: '1.0.1', regions: ['North Europe'] }, config), ctx);
    expect(result.outputs.created).toBe(true);
    const version = await ctx.azure.compute().galleryImageVersions.get(RG, 'gal_images', 'ubuntu-24', '1.0.1');
    const names = (version?.publishingProfile?.targetRegions ?? []).map((r) => r.name?.replace(/\s/g, '').toLowerCase());
    expect(names).toContain('northeurope');
  });
});
