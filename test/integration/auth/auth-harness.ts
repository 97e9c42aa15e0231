import { AzureLogger, getLogLevel, setLogLevel } from '@azure/logger';
import { resolveCloud, type CloudEndpoints } from '../../../src/core/azure/clouds.js';
import type { EmulatorHandle } from '../../../src/emulator/index.js';

/** Test-sized retries: the SDK's own policies still run, only the delays shrink. */
export const fastRetries = { maxRetries: 4, retryDelayInMs: 20, maxRetryDelayInMs: 200 };

/** The emulator as the Custom cloud a runtime would resolve from arm-endpoint / authority-host inputs. */
export function emulatorCloud(emulator: EmulatorHandle, armEndpoint = emulator.armEndpoint): CloudEndpoints {
  return resolveCloud({ cloud: 'Custom', armEndpoint, authorityHost: emulator.authorityHost, armAudience: emulator.armAudience });
}

/** Captures everything the Azure SDKs log at verbose level, to prove no secret reaches a log. */
export function captureSdkLogs(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const original = AzureLogger.log;
  const level = getLogLevel();
  AzureLogger.log = (...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  setLogLevel('verbose');
  return {
    lines,
    stop() {
      AzureLogger.log = original;
      setLogLevel(level);
    },
  };
}
