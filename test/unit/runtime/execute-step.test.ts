import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, ErrorCodes } from '../../../src/core/errors.js';
import { executeStep, type StepHost } from '../../../src/runtime/shared/execute-step.js';
import type { CloudEndpoints } from '../../../src/core/azure/clouds.js';
import { StepFailure } from '../../../src/steps/step-failure.js';
import { defineStep, type ParsedInputs } from '../../../src/steps/step-spec.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';

function host(inputs: Record<string, string>, extra: Partial<StepHost> = {}): StepHost {
  return {
    platform: 'github',
    logger: new RecordingLogger(),
    readInput: (name) => inputs[name],
    run: { platform: 'github' },
    workDir: '/tmp',
    credential: () => {
      throw new Error('credential must not be built');
    },
    ...extra,
  };
}

function step(run: (parsed: ParsedInputs, signal: AbortSignal, touchAzure: () => string) => Promise<Record<string, string>>) {
  return defineStep<ParsedInputs, Record<string, string>>({
    name: 'probe',
    title: 'Probe',
    description: 'test',
    azdoTaskName: 'Probe',
    azdoTaskId: '00000000-0000-0000-0000-000000000000',
    inputs: { value: { type: 'string', description: 'v' } },
    outputs: {},
    resolve: (parsed) => parsed,
    run: async (parsed, ctx) => ({ outputs: await run(parsed, ctx.signal, () => ctx.azure.subscriptionId) }),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('executeStep', () => {
  it('passes parsed common and step inputs to the step and returns its outputs', async () => {
    const outcome = await executeStep(
      step(async (parsed) => ({ seen: `${String(parsed.value)}/${String(parsed['timeout-minutes'])}` })),
      host({ value: 'x', 'timeout-minutes': '5' }),
    );
    expect(outcome).toEqual({ status: 'succeeded', outputs: { seen: 'x/5' }, warnings: [] });
  });

  it('leaves timeout-minutes absent when not given, so image.yaml timeouts can apply', async () => {
    const outcome = await executeStep(
      step(async (parsed) => ({ seen: String(parsed['timeout-minutes']) })),
      host({ value: 'x' }),
    );
    expect(outcome).toEqual({ status: 'succeeded', outputs: { seen: 'undefined' }, warnings: [] });
  });

  it('applies an arm-audience input over the service connection\'s custom cloud, field by field', async () => {
    let seen: CloudEndpoints | undefined;
    const outcome = await executeStep(
      step(async (_p, _s, touch) => ({ sub: touch() })),
      host(
        { 'arm-audience': 'https://management.contoso.example/', 'subscription-id': '00000000-0000-0000-0000-000000000001' },
        {
          defaultCloud: () => ({ cloud: 'Custom', armEndpoint: 'https://arm.contoso.example/', authorityHost: 'https://login.contoso.example/' }),
          credential: (_parsed, cloud) => {
            seen = cloud;
            return { getToken: async () => null };
          },
        },
      ),
    );
    expect(outcome.status === 'failed' ? String(outcome.error) : outcome.status).toBe('succeeded');
    expect(seen?.armEndpoint).toBe('https://arm.contoso.example/');
    expect(seen?.armAudience).toBe('https://management.contoso.example/');
  });

  it('does not build the Azure context until the step uses it, then names the missing subscription', async () => {
    const outcome = await executeStep(step(async (_p, _s, touch) => ({ sub: touch() })), host({}));
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.error).toBeInstanceOf(ConfigurationError);
    expect((outcome.error as ConfigurationError).message).toMatch(/No Azure subscription: set the 'subscription-id' input/);
  });

  it('returns bad input as a failed outcome without running the step', async () => {
    const run = vi.fn(async () => ({}));
    const outcome = await executeStep(step(run), host({ 'timeout-minutes': 'soon' }));
    expect(outcome.status).toBe('failed');
    expect(run).not.toHaveBeenCalled();
  });

  it('keeps the outputs and summary a StepFailure carries', async () => {
    const cause = new ConfigurationError(ErrorCodes.versionExists, 'exists');
    const outcome = await executeStep(
      step(async () => {
        throw new StepFailure(cause, { partial: 'yes' }, { title: 'T', sections: [] });
      }),
      host({}),
    );
    expect(outcome).toEqual({ status: 'failed', error: cause, outputs: { partial: 'yes' }, summary: { title: 'T', sections: [] } });
  });

  it('aborts the step at timeout-minutes with E_TIMEOUT', async () => {
    vi.useFakeTimers();
    const pending = executeStep(
      step(
        (_p, signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(new Error('aborted by signal')));
          }),
      ),
      host({ 'timeout-minutes': '2' }),
    );
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    const outcome = await pending;
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect((outcome.error as { code?: string }).code).toBe('E_TIMEOUT');
    expect((outcome.error as Error).message).toContain('did not finish within 2 minutes');
  });
});
