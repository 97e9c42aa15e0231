/** Pure rollout logic: health counting, batch planning, tag encoding, leases, channels, version safety. */
import { describe, expect, it } from 'vitest';
import type { GalleryImageVersion, VirtualMachineScaleSetVM } from '@azure/arm-compute';
import { channelVersion, pinChannel } from '../../../src/core/channels/channel-tags.js';
import { breachesLimit, instanceHealth, planBatches, summarizeHealth } from '../../../src/core/rollout/health-gate.js';
import { checkLease } from '../../../src/core/rollout/lease.js';
import {
  decodeImageReference, decodeLease, encodeImageReference, encodeLease, getLong, putLong, ringsCompleted, RolloutTagKeys,
} from '../../../src/core/rollout/rollout-tags.js';
import { versionProblems } from '../../../src/core/rollout/safety-checks.js';
import { methodFor } from '../../../src/core/rollout/scale-set-pin.js';
import { armActionFor } from '../../../src/emulator/authz/arm-actions.js';

function vm(id: string, health: string, provisioning = 'succeeded', power = 'running', latest = true): VirtualMachineScaleSetVM {
  return {
    location: 'westeurope',
    instanceId: id,
    latestModelApplied: latest,
    storageProfile: { imageReference: { id: '/x/versions/1.2.3', exactVersion: '1.2.3' } },
    instanceView: { vmHealth: { status: { code: `HealthState/${health}` } }, statuses: [{ code: `ProvisioningState/${provisioning}` }, { code: `PowerState/${power}` }] },
  } as VirtualMachineScaleSetVM;
}

describe('health gate', () => {
  it.each([
    ['healthy', 'succeeded', 'running', true, undefined],
    ['unhealthy', 'succeeded', 'running', false, 'Application Health reports unhealthy'],
    ['healthy', 'failed', 'running', false, 'provisioning failed'],
    ['healthy', 'succeeded', 'stopped', false, 'power state stopped'],
    ['unknown', 'updating', 'starting', true, undefined],
  ])('health %s / provisioning %s / power %s -> healthy=%s', (health, prov, power, healthy, reason) => {
    const h = instanceHealth(vm('0', health, prov, power));
    expect(h.healthy).toBe(healthy);
    expect(h.reason).toBe(reason);
    expect(h.version).toBe('1.2.3');
  });

  it('dates the end of an instance\'s last operation from its ProvisioningState/succeeded time, as the spec example carries it, and only then', () => {
    const at = (time: unknown, code = 'ProvisioningState/succeeded') => instanceHealth({ ...vm('0', 'healthy'), instanceView: { statuses: [{ code, time }, { code: 'PowerState/running', time: null }] } } as never);
    // The time text of VirtualMachineScaleSetVM_Get_InstanceView_WithLifecycleHookState.json (2026-04-01).
    expect(at('2026-04-01T04:59:58.1852966+00:00').settledAt).toBe(Date.parse('2026-04-01T04:59:58.185Z'));
    expect(at(new Date(5000)).settledAt).toBe(5000);
    expect(at(null).settledAt).toBeUndefined();
    expect(at(undefined).settledAt).toBeUndefined();
    expect(at(new Date(5000), 'ProvisioningState/updating').settledAt).toBeUndefined();
  });

  it('counts unhealthy instances against the ring limit (strictly above the limit stops)', () => {
    const s = summarizeHealth([vm('0', 'healthy'), vm('1', 'unhealthy'), vm('2', 'healthy'), vm('3', 'healthy')].map(instanceHealth));
    expect(s).toMatchObject({ total: 4, unhealthy: 1, unhealthyPercent: 25 });
    expect(s.reasons).toEqual(['instance 1: Application Health reports unhealthy']);
    expect(breachesLimit(s, 25)).toBe(false);
    expect(breachesLimit(s, 20)).toBe(true);
  });

  it('plans batches as a share of all instances, so a resumed run keeps the batch size', () => {
    expect(planBatches(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 10, 20)).toEqual([['0', '1'], ['2', '3'], ['4', '5'], ['6', '7'], ['8', '9']]);
    expect(planBatches(['6', '7', '8', '9'], 10, 20)).toEqual([['6', '7'], ['8', '9']]);
    expect(planBatches(['0', '1', '2'], 3, 1)).toEqual([['0'], ['1'], ['2']]);
    expect(planBatches(['0', '1', '2'], 3, 100)).toEqual([['0', '1', '2']]);
  });
});

describe('rollout tags', () => {
  it('splits values longer than 256 characters over numbered keys and reads them back', () => {
    const tags: Record<string, string> = {};
    const long = `/subscriptions/${'a'.repeat(36)}/resourceGroups/${'r'.repeat(90)}/providers/Microsoft.Compute/galleries/${'g'.repeat(80)}/images/${'i'.repeat(80)}/versions/1.0.0`;
    putLong(tags, RolloutTagKeys.previous, long);
    expect(Object.values(tags).every((v) => v.length <= 256)).toBe(true);
    expect(Object.keys(tags)).toEqual([RolloutTagKeys.previous, `${RolloutTagKeys.previous}.2`]);
    expect(getLong(tags, RolloutTagKeys.previous)).toBe(long);
    putLong(tags, RolloutTagKeys.previous, 'short');
    expect(tags).toEqual({ [RolloutTagKeys.previous]: 'short' });
  });

  it('stores an id-only imageReference as the bare id and anything else as JSON', () => {
    expect(encodeImageReference({ id: '/x/versions/1.0.0', exactVersion: '1.0.0' })).toBe('/x/versions/1.0.0');
    const market = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' };
    expect(decodeImageReference(encodeImageReference(market))).toEqual(market);
  });

  it('reads progress only for the same version', () => {
    expect(ringsCompleted({ [RolloutTagKeys.progress]: '1.2.3|2' }, '1.2.3')).toBe(2);
    expect(ringsCompleted({ [RolloutTagKeys.progress]: '1.2.3|2' }, '1.2.4')).toBe(0);
  });
});

describe('lease', () => {
  const t = { subscriptionId: 's', resourceGroup: 'rg', gallery: 'g', image: 'i', version: '1.0.0' };
  const now = Date.parse('2026-11-26T10:00:00Z');
  const tags = (owner: string, expiresAt: number) => ({ [RolloutTagKeys.lease]: encodeLease({ owner, expiresAt, version: '0.9.0' }) });

  it('round-trips', () => {
    expect(decodeLease(encodeLease({ owner: 'o/r#1', expiresAt: now, version: '1.0.0' }))).toEqual({ owner: 'o/r#1', expiresAt: now, version: '1.0.0' });
    expect(decodeLease('garbage')).toBeUndefined();
  });

  it("refuses another owner's live lease, and allows an expired one or our own", () => {
    expect(() => checkLease(tags('other#2', now + 60_000), t, 'me#1', now)).toThrow(/Another rollout holds image g\/i \(owner other#2, version 0.9.0/);
    expect(() => checkLease(tags('other#2', now - 1), t, 'me#1', now)).not.toThrow();
    expect(() => checkLease(tags('me#1', now + 60_000), t, 'me#1', now)).not.toThrow();
  });
});

describe('channels', () => {
  it('keeps the previous value, and a re-run with the same version changes nothing', () => {
    const tags: Record<string, string> = {};
    expect(pinChannel(tags, 'prod', '1.0.0')).toEqual({});
    expect(pinChannel(tags, 'prod', '1.1.0')).toEqual({ previous: '1.0.0' });
    const again = { ...tags };
    expect(pinChannel(tags, 'prod', '1.1.0')).toEqual({ previous: '1.0.0' });
    expect(tags).toEqual(again);
    expect(tags).toEqual({ 'channel.prod': '1.1.0', 'channel.prod.previous': '1.0.0' });
    expect(channelVersion(tags, 'prod')).toBe('1.1.0');
  });
});

describe('version safety', () => {
  const now = Date.parse('2026-11-26T10:00:00Z');
  const version = (over: Partial<GalleryImageVersion> = {}): GalleryImageVersion => ({
    location: 'westeurope', name: '1.0.0', provisioningState: 'Succeeded',
    publishingProfile: { targetRegions: [{ name: 'West Europe' }, { name: 'eastus' }] },
    replicationStatus: { summary: [{ region: 'West Europe', state: 'Completed', progress: 100 }, { region: 'East US', state: 'Replicating', progress: 40 }] },
    ...over,
  } as GalleryImageVersion);
  const target = (name: string, location: string) => ({ name, vmss: { location } });

  it('accepts a version replicated to every scale set region', () => {
    expect(versionProblems(version(), [target('a', 'westeurope')], now)).toEqual([]);
  });

  it('names every problem: Failed, end of life, missing and incomplete regions', () => {
    const problems = versionProblems(version({ provisioningState: 'Failed', publishingProfile: { targetRegions: [{ name: 'West Europe' }, { name: 'eastus' }], endOfLifeDate: new Date(now - 1) } }),
      [target('a', 'eastus'), target('b', 'northeurope'), target('c', 'northeurope')], now);
    expect(problems).toEqual([
      'version 1.0.0 is in state Failed; publish it again (publish with replace-failed: true)',
      'version 1.0.0 reached its end-of-life date 2026-11-26; roll out a supported version',
      'replication of version 1.0.0 to eastus is Replicating (40%, scale sets a); wait for replication to complete',
      'version 1.0.0 is not replicated to northeurope (scale sets b, c); add the region with the replicate step first',
    ]);
  });
});

describe('method selection', () => {
  it.each([
    [{ upgradePolicy: { mode: 'Manual' } }, 'policy', 'manual-batches'],
    [{ upgradePolicy: { mode: 'Rolling' } }, 'policy', 'rolling'],
    [{ upgradePolicy: { mode: 'Automatic' } }, 'policy', 'automatic'],
    [{ upgradePolicy: { mode: 'Manual' }, virtualMachineProfile: { storageProfile: { osDisk: { createOption: 'FromImage', diffDiskSettings: { option: 'Local' } } } } }, 'policy', 'reimage-batches'],
    [{ upgradePolicy: { mode: 'Rolling' } }, 'manual', 'manual-batches'],
    [{ upgradePolicy: { mode: 'Automatic' } }, 'reimage', 'reimage-batches'],
  ] as const)('%j with upgrade %s -> %s', (vmss, upgrade, method) => {
    expect(methodFor({ location: 'westeurope', ...vmss } as never, { upgrade })).toBe(method);
  });
});

describe('RBAC actions of scale-set routes (emulator authz mapping)', () => {
  const vmss = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web';
  it.each([
    ['POST', `${vmss}/manualupgrade`, 'Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action'],
    ['POST', `${vmss}/reimageall`, 'Microsoft.Compute/virtualMachineScaleSets/reimageAll/action'],
    ['POST', `${vmss}/osRollingUpgrade`, 'Microsoft.Compute/virtualMachineScaleSets/osRollingUpgrade/action'],
    ['GET', `${vmss}/rollingUpgrades/latest`, 'Microsoft.Compute/virtualMachineScaleSets/rollingUpgrades/read'],
    ['POST', `${vmss}/rollingUpgrades/cancel`, 'Microsoft.Compute/virtualMachineScaleSets/rollingUpgrades/cancel/action'],
    ['GET', `${vmss}/virtualMachines/3/instanceView`, 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/instanceView/read'],
  ])('%s %s -> %s', (method, path, action) => {
    expect(armActionFor(method, path)).toBe(action);
  });
});
