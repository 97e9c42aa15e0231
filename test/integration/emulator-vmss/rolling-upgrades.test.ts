/**
 * Rolling upgrades on emulated time (manual clock): batches, progress counts, cancel, and a fault when the new
 * version's instances turn unhealthy. Real SDK calls; the clock is stepped between reads.
 */
import { describe, expect, it } from 'vitest';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { createGallery, seedScaleSets, type GalleryFixture } from '../rollout/rollout-fixture.js';

const emu = useEmulator({ clockSpeed: 0 });
const rolling = { mode: 'Rolling', rollingUpgradePolicy: { maxBatchInstancePercent: 20, maxUnhealthyUpgradedInstancePercent: 20, pauseTimeBetweenBatches: 'PT0S' } };

let fixture: GalleryFixture | undefined;
async function gallery(): Promise<GalleryFixture> {
  fixture ??= await createGallery(emu.current, { resourceGroup: 'rg-roll', versions: ['1.0.0', '2.0.0', '3.0.0'] });
  return fixture;
}

function versions(id: string): string[] {
  return emu.current.scaleSets.instances(id).map((i) => i.versionId.split('/').pop()!);
}

async function setModel(name: string, versionId: string): Promise<void> {
  await computeClient(emu.current).virtualMachineScaleSets.update('rg-apps', name, { virtualMachineProfile: { storageProfile: { imageReference: { id: versionId } } } });
}

describe('rolling upgrades', () => {
  it('rolls a model change forward batch by batch and reports progress in rollingUpgrades/latest', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    const [id] = seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'roll-a', capacity: 10, upgradePolicy: rolling, instanceUpgradeMs: 10_000 }]);
    await expect(c.virtualMachineScaleSetRollingUpgrades.getLatest('rg-apps', 'roll-a')).rejects.toMatchObject({ statusCode: 404 });
    await setModel('roll-a', g.versionId('2.0.0'));

    let latest = await c.virtualMachineScaleSetRollingUpgrades.getLatest('rg-apps', 'roll-a');
    expect(latest.runningStatus?.code).toBe('RollingForward');
    expect(latest.progress).toMatchObject({ successfulInstanceCount: 0, inProgressInstanceCount: 2, pendingInstanceCount: 8 });

    emu.current.clock.advance(10_000);
    latest = await c.virtualMachineScaleSetRollingUpgrades.getLatest('rg-apps', 'roll-a');
    expect(latest.progress).toMatchObject({ successfulInstanceCount: 2, inProgressInstanceCount: 2, pendingInstanceCount: 6 });
    expect(versions(id!).filter((v) => v === '2.0.0')).toHaveLength(2);

    emu.current.clock.advance(40_000);
    latest = await c.virtualMachineScaleSetRollingUpgrades.getLatest('rg-apps', 'roll-a');
    expect(latest.runningStatus?.code).toBe('Completed');
    expect(latest.progress?.successfulInstanceCount).toBe(10);
    expect(versions(id!)).toEqual(Array(10).fill('2.0.0'));
  });

  it('cancel lets the running batch finish and never starts the rest', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    const [id] = seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'roll-b', capacity: 10, upgradePolicy: rolling, instanceUpgradeMs: 10_000 }]);
    await setModel('roll-b', g.versionId('2.0.0'));
    emu.current.clock.advance(15_000);
    const poller = c.virtualMachineScaleSetRollingUpgrades.cancel('rg-apps', 'roll-b');
    await poller.submitted();
    emu.current.clock.advance(60_000);
    const latest = await c.virtualMachineScaleSetRollingUpgrades.getLatest('rg-apps', 'roll-b');
    expect(latest.runningStatus?.code).toBe('Cancelled');
    expect(latest.runningStatus?.lastAction).toBe('Cancel');
    expect(latest.progress).toMatchObject({ successfulInstanceCount: 4, pendingInstanceCount: 6 });
    expect(versions(id!).filter((v) => v === '2.0.0')).toHaveLength(4);
  });

  it('faults when the upgraded instances are unhealthy, leaving later batches on the old version', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    emu.current.scaleSets.setUnhealthyImageVersions([g.versionId('3.0.0')]);
    try {
      const [id] = seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'roll-c', capacity: 10, upgradePolicy: rolling, instanceUpgradeMs: 10_000 }]);
      await setModel('roll-c', g.versionId('3.0.0'));
      emu.current.clock.advance(100_000);
      const latest = await c.virtualMachineScaleSetRollingUpgrades.getLatest('rg-apps', 'roll-c');
      expect(latest.runningStatus?.code).toBe('Faulted');
      expect(latest.progress).toMatchObject({ failedInstanceCount: 2, pendingInstanceCount: 8 });
      expect(latest.error?.code).toBe('MaxUnhealthyUpgradedInstancePercentExceededInRollingUpgrade');
      expect(versions(id!).filter((v) => v === '3.0.0')).toHaveLength(2);
    } finally {
      emu.current.scaleSets.setUnhealthyImageVersions([]);
    }
  });

  it('osRollingUpgrade upgrades instances left behind and refuses a second start while rolling', async () => {
    const g = await gallery();
    const c = computeClient(emu.current);
    const [id] = seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'roll-d', capacity: 5, upgradePolicy: rolling, instanceUpgradeMs: 10_000 }]);
    await setModel('roll-d', g.versionId('2.0.0'));
    emu.current.clock.advance(5_000);
    await expect(c.virtualMachineScaleSetRollingUpgrades.startOSUpgrade('rg-apps', 'roll-d')).rejects.toMatchObject({ statusCode: 409, code: 'RollingUpgradeInProgress' });
    await c.virtualMachineScaleSetRollingUpgrades.cancel('rg-apps', 'roll-d').submitted();
    emu.current.clock.advance(60_000);
    expect(versions(id!).filter((v) => v === '2.0.0')).toHaveLength(1);
    await c.virtualMachineScaleSetRollingUpgrades.startOSUpgrade('rg-apps', 'roll-d').submitted();
    emu.current.clock.advance(60_000);
    const latest = await c.virtualMachineScaleSetRollingUpgrades.getLatest('rg-apps', 'roll-d');
    expect(latest.runningStatus?.code).toBe('Completed');
    expect(versions(id!)).toEqual(Array(5).fill('2.0.0'));
  });
});
