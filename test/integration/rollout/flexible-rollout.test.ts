/**
 * pin-rollout on Flexible scale sets (real SDK, emulated time): their VMs are read only as virtualMachines with a
 * virtualMachineScaleSet/id filter, manualupgrade names them by VM name, and rollback restores them the same way.
 */
import type { VirtualMachine } from '@azure/arm-compute';
import { describe, expect, it } from 'vitest';
import { flexibleVmHealth, runsModelImage } from '../../../src/core/rollout/flexible-instances.js';
import { RolloutFailure, runRollout, type RolloutDeps } from '../../../src/core/rollout/run-rollout.js';
import { computeClient, useEmulator } from '../../helpers/emulator.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { createGallery, emulatedClock, instanceVersions, rolloutInputs, seedScaleSets } from './rollout-fixture.js';

const emu = useEmulator({ clockSpeed: 0 });

function deps(): RolloutDeps & { logger: ReturnType<typeof createTestStepContext>['logger'] } {
  const ctx = createTestStepContext(emu.current, { clock: emulatedClock(emu.current) });
  return { compute: ctx.azure.compute(), logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, run: ctx.run };
}

describe('pin-rollout on Flexible scale sets', () => {
  it('upgrades the VMs in batches by VM name, reading them through the virtual machines API', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-flex', image: 'flexok', versions: ['1.0.0', '2.0.0'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'flex-ok', capacity: 4, orchestrationMode: 'Flexible' }]);
    const d = deps();
    const result = await runRollout(rolloutInputs(emu.current, g, '2.0.0', [{ name: 'canary', scaleSets: ['flex-ok'], batchPercent: 50 }]), d);

    expect(result.ringsCompleted).toBe(1);
    expect(result.outcomes).toMatchObject([{ name: 'flex-ok', method: 'manual-batches', instances: 4, batches: 2, unhealthy: 0 }]);
    expect(instanceVersions(emu.current, 'flex-ok')).toEqual(['2.0.0', '2.0.0', '2.0.0', '2.0.0']);
    expect(d.logger.text()).toContain('flex-ok: batch 1/2: upgrading instances flex-ok_0, flex-ok_1');
    // The scale-set VM API refuses Flexible scale sets, so the rollout cannot have read them there.
    const c = computeClient(emu.current);
    await expect(c.virtualMachineScaleSetVMs.list('rg-apps', 'flex-ok').next()).rejects.toMatchObject({ code: 'OperationNotAllowed' });
    expect(d.logger.openGroups).toEqual([]);
  });

  it('rolls an unhealthy version back on every VM', async () => {
    const g = await createGallery(emu.current, { resourceGroup: 'rg-flex', image: 'flexbad', versions: ['1.0.0', '6.6.6'] });
    seedScaleSets(emu.current, g.versionId('1.0.0'), [{ name: 'flex-bad', capacity: 3, orchestrationMode: 'Flexible' }]);
    emu.current.scaleSets.setUnhealthyImageVersions([g.versionId('6.6.6')]);
    try {
      const d = deps();
      const err = await runRollout(rolloutInputs(emu.current, g, '6.6.6', [{ name: 'canary', scaleSets: ['flex-bad'], batchPercent: 33 }]), d).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RolloutFailure);
      expect((err as RolloutFailure).message).toMatch(/flex-bad: 1 of 3 instances unhealthy \(33%\) after batch 1\/3.*instance flex-bad_0: Application Health reports unhealthy/);
      expect((err as RolloutFailure).result.rolledBack).toBe(true);
      expect(instanceVersions(emu.current, 'flex-bad')).toEqual(['1.0.0', '1.0.0', '1.0.0']);
      const vmss = await computeClient(emu.current).virtualMachineScaleSets.get('rg-apps', 'flex-bad');
      expect(vmss.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(g.versionId('1.0.0'));
    } finally {
      emu.current.scaleSets.setUnhealthyImageVersions([]);
    }
  });
});

describe('Flexible VM health', () => {
  const version = (v: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/${v}`;
  const running = (statuses: string[], ref: Record<string, string>): VirtualMachine => ({
    name: 'vmss_3',
    location: 'westeurope',
    storageProfile: { imageReference: ref },
    instanceView: { statuses: statuses.map((code) => ({ code })) },
  });

  it('counts a VM as on the model when it runs the image the model names', () => {
    expect(runsModelImage({ id: version('2.0.0'), exactVersion: '2.0.0' }, { id: version('2.0.0').toUpperCase() })).toBe(true);
    expect(runsModelImage({ id: version('1.0.0') }, { id: version('2.0.0') })).toBe(false);
    expect(runsModelImage({ publisher: 'Canonical', offer: 'ubuntu', sku: '24_04', version: 'latest' }, { publisher: 'canonical', offer: 'ubuntu', sku: '24_04', version: 'latest' })).toBe(true);
    expect(runsModelImage({ publisher: 'Canonical', offer: 'ubuntu', sku: '22_04', version: 'latest' }, { id: version('2.0.0') })).toBe(false);
    expect(runsModelImage(undefined, { id: version('2.0.0') })).toBe(false);
  });

  it('judges provisioning, power state and the model image', () => {
    const ok = flexibleVmHealth(running(['ProvisioningState/succeeded', 'PowerState/running'], { id: version('2.0.0'), exactVersion: '2.0.0' }), { id: version('2.0.0') });
    expect(ok).toEqual({ instanceId: 'vmss_3', version: '2.0.0', latestModelApplied: true, updating: false, healthy: true });
    const stopped = flexibleVmHealth(running(['ProvisioningState/succeeded', 'PowerState/stopped'], { id: version('1.0.0') }), { id: version('2.0.0') });
    expect(stopped).toMatchObject({ latestModelApplied: false, healthy: false, reason: 'power state stopped', version: '1.0.0' });
    const updating = flexibleVmHealth(running(['ProvisioningState/updating'], { id: version('1.0.0') }), { id: version('2.0.0') });
    expect(updating).toMatchObject({ updating: true, healthy: true });
  });
});
