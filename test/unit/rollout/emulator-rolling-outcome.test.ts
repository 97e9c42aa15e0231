/** The emulator's rolling-upgrade arithmetic (derived from timestamps, no timers). */
import { describe, expect, it } from 'vitest';
import { isoDurationMs, planBatches, rollingOutcome, type RollingRecord } from '../../../src/emulator/arm/vmss/rolling-upgrade.js';

const rec = (over: Partial<RollingRecord> = {}): RollingRecord => ({
  id: 'r', startTime: 0, batchDurationMs: 10, pauseMs: 5, batches: [['0', '1'], ['2', '3'], ['4']],
  maxUnhealthyUpgradedInstancePercent: 20, targetVersionId: 'v', policy: {}, ...over,
});

describe('emulated rolling upgrades', () => {
  it('parses pauseTimeBetweenBatches', () => {
    expect(isoDurationMs('PT0S')).toBe(0);
    expect(isoDurationMs('PT1M30S')).toBe(90_000);
    expect(isoDurationMs('P1DT2H')).toBe(26 * 3_600_000);
  });

  it('batches by percent of instances', () => {
    expect(planBatches(['a', 'b', 'c', 'd', 'e'], 40)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it.each([
    [0, 'RollingForward', 0, 2, 3],
    [10, 'RollingForward', 2, 0, 3],
    [15, 'RollingForward', 2, 2, 1],
    [40, 'Completed', 5, 0, 0],
  ])('at t=%i: %s (%i done, %i in progress, %i pending)', (t, code, ok, running, pending) => {
    const o = rollingOutcome(rec(), t, () => false);
    expect([o.code, o.successful, o.inProgress, o.pending]).toEqual([code, ok, running, pending]);
  });

  it('faults after the first batch when the target version is unhealthy', () => {
    const o = rollingOutcome(rec(), 100, () => true);
    expect(o).toMatchObject({ code: 'Faulted', lastStartedBatch: 0, failed: 2, pending: 3 });
  });

  it('cancel stops batches that had not started', () => {
    const o = rollingOutcome(rec({ cancelledAt: 12 }), 100, () => false);
    expect(o).toMatchObject({ code: 'Cancelled', successful: 2, pending: 3, lastAction: 'Cancel' });
  });
});

describe('Flexible scale set instances as virtual machines', () => {
  it('lists them with their scale set reference and the image they run', async () => {
    const { emptyState } = await import('../../../src/emulator/store/state-types.js');
    const { reconcileCapacity, SCALE_SET_TYPE } = await import('../../../src/emulator/arm/vmss/vmss-model.js');
    const { flexibleVirtualMachines } = await import('../../../src/emulator/arm/vmss/flexible-vms.js');
    const state = emptyState();
    const rg = '/subscriptions/s/resourceGroups/rg';
    const id = `${rg}/providers/${SCALE_SET_TYPE}/flex`;
    const version = `${rg}/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0`;
    state.resources[id.toLowerCase()] = { id, type: SCALE_SET_TYPE, body: { name: 'flex', location: 'westeurope', properties: { orchestrationMode: 'Flexible' } } };
    reconcileCapacity(state, id, 'flex', 2, { imageReference: { id: version }, versionId: version, profileHash: 'h' }, 0);
    const vms = flexibleVirtualMachines(state, rg, 0, { scaleSetId: id, expandInstanceView: true });
    expect(vms.map((v) => v.name)).toEqual(['flex_0', 'flex_1']);
    expect(vms[0]).toMatchObject({
      id: `${rg}/providers/Microsoft.Compute/virtualMachines/flex_0`,
      properties: { virtualMachineScaleSet: { id }, storageProfile: { imageReference: { id: version, exactVersion: '1.0.0' } }, instanceView: { vmHealth: { status: { code: 'HealthState/healthy' } } } },
    });
  });
});
