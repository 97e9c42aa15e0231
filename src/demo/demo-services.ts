/** The local Azure the demo runs against: the emulator (ARM + Entra, in this process) and Azurite (a child). */
import { startEmulator, type EmulatorHandle } from '../emulator/index.js';
import { startAzuriteProcess, type AzuriteProcess } from './azurite-process.js';
import { demoNames, demoRings } from './demo-assets.js';

export interface DemoServices {
  emulator: EmulatorHandle;
  azurite: AzuriteProcess;
  /** Values that must never appear in anything the demo prints. */
  secrets: string[];
  stop(): Promise<void>;
}

/**
 * Emulated time runs `speed` times faster than real time, so ARM's 30-second operations and minute-long
 * replications keep realistic emulated durations and still finish in well under a second of wall time.
 */
export async function startDemoServices(speed: number): Promise<DemoServices> {
  const emulator = await startEmulator({
    clockSpeed: speed,
    timing: { lroDurationMs: 30_000, retryAfterSeconds: 1, replicationMsPerReplica: 60_000 },
  });
  let azurite: AzuriteProcess;
  try {
    azurite = await startAzuriteProcess();
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    emulator,
    azurite,
    secrets: [emulator.defaultPrincipal.clientSecret, azurite.accountKey, emulator.adminKey],
    async stop() {
      await Promise.allSettled([azurite.stop(), emulator.close()]);
    },
  };
}

/** Resource groups the steps expect to exist (creating them is the platform team's job, not a step's). */
export function seedResourceGroups(emulator: EmulatorHandle): void {
  const groups = new Map<string, string>([[demoNames.resourceGroup, demoNames.home]]);
  for (const ring of demoRings) for (const s of ring.scaleSets) groups.set(s.resourceGroup, s.location);
  emulator.state.seed(
    [...groups].map(([name, location]) => ({ id: `/subscriptions/${emulator.subscriptionId}/resourceGroups/${name}`, body: { location, properties: { provisioningState: 'Succeeded' } } })),
  );
}
