import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { resolveCloud } from '../../src/core/azure/clouds.js';
import { createAzureContext } from '../../src/core/azure/create-azure-context.js';
import { createCredential } from '../../src/core/azure/credentials.js';
import { type Clock, systemClock } from '../../src/core/clock.js';
import type { RunInfo } from '../../src/core/run-info.js';
import type { StepContext } from '../../src/steps/step-context.js';
import { RecordingLogger } from './recording-logger.js';

/** The parts of an emulator handle a step context needs (startTestEmulator() returns a superset). */
export interface EmulatorEndpoints {
  armEndpoint: string;
  authorityHost: string;
  armAudience: string;
  tenantId: string;
  subscriptionId: string;
  defaultPrincipal: { clientId: string; clientSecret: string };
}

export interface TestStepContextOverrides {
  run?: Partial<RunInfo>;
  clock?: Clock;
  signal?: AbortSignal;
  workDir?: string;
  /** Sign in as another principal (e.g. one with a narrower role). */
  principal?: { clientId: string; clientSecret: string };
  /** Point ARM elsewhere (e.g. an unreachable port) while keeping the emulator's authority. */
  armEndpoint?: string;
  /** Test-sized retries; default: 3 retries, 50 ms base, 500 ms cap. */
  retryOptions?: PipelineRetryOptions;
}

export interface TestStepContext extends StepContext {
  logger: RecordingLogger;
}

/**
 * A StepContext wired to the emulator the way a runtime wires one to Azure: a real client-secret credential
 * from the emulator's authority, a real AzureContext on its ARM endpoint, and a RecordingLogger.
 */
export function createTestStepContext(emulator: EmulatorEndpoints, overrides: TestStepContextOverrides = {}): TestStepContext {
  const cloud = resolveCloud({
    cloud: 'Custom',
    armEndpoint: overrides.armEndpoint ?? emulator.armEndpoint,
    authorityHost: emulator.authorityHost,
    armAudience: emulator.armAudience,
  });
  const principal = overrides.principal ?? emulator.defaultPrincipal;
  const credential = createCredential(
    { kind: 'client-secret', clientId: principal.clientId, tenantId: emulator.tenantId, clientSecret: principal.clientSecret },
    cloud,
  );
  const logger = new RecordingLogger();
  logger.mask(principal.clientSecret);
  return {
    azure: createAzureContext({
      credential,
      cloud,
      subscriptionId: emulator.subscriptionId,
      retryOptions: overrides.retryOptions ?? { maxRetries: 3, retryDelayInMs: 50, maxRetryDelayInMs: 500 },
    }),
    logger,
    clock: overrides.clock ?? systemClock,
    signal: overrides.signal ?? new AbortController().signal,
    run: {
      platform: 'cli',
      repository: 'contoso/images',
      commit: '0123456789abcdef0123456789abcdef01234567',
      ref: 'refs/heads/main',
      runId: '1001',
      runNumber: 7,
      runUrl: 'https://github.com/contoso/images/actions/runs/1001',
      actor: 'octocat',
      ...overrides.run,
    },
    workDir: overrides.workDir ?? mkdtempSync(join(tmpdir(), 'image-publish-step-')),
  };
}
