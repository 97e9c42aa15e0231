import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AzureContext } from '../../../src/core/azure/azure-context.js';
import type { Logger } from '../../../src/core/logger.js';
import type { StepContext } from '../../../src/steps/step-context.js';

export interface Recorded {
  lines: string[];
  logger: Logger;
}

function recordingLogger(): Recorded {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
    group: async (title, fn) => {
      lines.push(`group ${title}`);
      try {
        return await fn();
      } finally {
        lines.push('endgroup');
      }
    },
    mask: () => {},
  };
  return { lines, logger };
}

// Reading reports never talks to Azure; any use of it here is a bug.
const noAzure: AzureContext = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  cloud: {} as AzureContext['cloud'],
  credential: { getToken: () => Promise.reject(new Error('scan must not call Azure')) },
  compute: () => {
    throw new Error('scan must not call Azure');
  },
  resources: () => {
    throw new Error('scan must not call Azure');
  },
  subscriptions: () => {
    throw new Error('scan must not call Azure');
  },
};

/** A step context that records log lines and fails on any use of Azure (reading reports never needs it). */
export function context(now = Date.parse('2026-03-10T00:00:00Z')): { ctx: StepContext; rec: Recorded } {
  const rec = recordingLogger();
  const ctx: StepContext = {
    azure: noAzure,
    logger: rec.logger,
    clock: { now: () => now, sleep: () => Promise.resolve() },
    signal: new AbortController().signal,
    run: { platform: 'cli' },
    workDir: mkdtempSync(path.join(tmpdir(), 'scan-step-')),
  };
  return { ctx, rec };
}

