/** ARM JSON of scale-set VMs (VirtualMachineScaleSetVM) and their instance views, derived at read time. */
import type { EmulatorState, JsonObject } from '../../store/state-types.js';
import { instanceAt, isUnhealthyVersion, runningSince, type InstanceAt } from './vmss-model.js';
import { versionTiming } from './version-timing.js';

function status(code: string, displayStatus: string, level = 'Info', time?: number): JsonObject {
  return { code, level, displayStatus, ...(time !== undefined ? { time: new Date(time).toISOString() } : {}) };
}

/**
 * The instance view: provisioning, power and Application Health extension state. Each status carries the time it
 * was entered, as ARM's InstanceViewStatus.time does: provisioning succeeded and power running when the last boot
 * ended, health when the extension's grace (the version's staged health delay) ran out.
 */
export function instanceView(state: EmulatorState, at: InstanceAt, now: number): JsonObject {
  const unhealthy = isUnhealthyVersion(state, at.running.versionId);
  const bootedAt = runningSince(at.sim, at, now);
  const healthAt = bootedAt + (versionTiming(state, at.running.versionId).healthDelayMs ?? 0);
  const health = at.updating
    ? status('HealthState/unknown', 'The VM health is unknown', 'Info', now)
    : now < healthAt
      ? status('HealthState/initializing', 'The VM health is initializing', 'Info', bootedAt)
      : unhealthy
        ? status('HealthState/unhealthy', 'The VM is unhealthy', 'Warning', healthAt)
        : status('HealthState/healthy', 'The VM is healthy', 'Info', healthAt);
  return {
    platformUpdateDomain: Number(at.sim.instanceId) % 5,
    platformFaultDomain: Number(at.sim.instanceId) % 2,
    computerName: `${at.sim.name.replace(/_/g, '').slice(0, 9)}${at.sim.instanceId.padStart(6, '0')}`,
    osName: 'ubuntu',
    vmHealth: { status: health },
    statuses: [
      at.updating ? status('ProvisioningState/updating', 'Updating') : status('ProvisioningState/succeeded', 'Provisioning succeeded', 'Info', bootedAt),
      at.updating ? status('PowerState/starting', 'VM starting') : status('PowerState/running', 'VM running', 'Info', bootedAt),
    ],
  };
}

/** A VirtualMachineScaleSetVM body; `expand` adds properties.instanceView as $expand=instanceView does. */
export function presentInstance(state: EmulatorState, vmss: JsonObject, vmssId: string, at: InstanceAt, latestHash: string, now: number, expand: boolean): JsonObject {
  const inst = at.sim;
  const vmProps = ((vmss.properties as JsonObject | undefined)?.virtualMachineProfile ?? {}) as JsonObject;
  const storage = (vmProps.storageProfile ?? {}) as JsonObject;
  const versionName = at.running.versionId.split('/').pop() ?? '';
  const props: JsonObject = {
    latestModelApplied: !at.updating && at.running.profileHash === latestHash,
    vmId: inst.vmId,
    storageProfile: {
      imageReference: { ...at.running.imageReference, exactVersion: versionName },
      osDisk: { ...((storage.osDisk ?? {}) as JsonObject), name: `${inst.name}_OsDisk_1_${inst.vmId.replace(/-/g, '').slice(0, 32)}`, osType: 'Linux' },
      dataDisks: [],
    },
    osProfile: { computerName: `${inst.name.replace(/_/g, '').slice(0, 9)}${inst.instanceId.padStart(6, '0')}` },
    provisioningState: at.updating ? 'Updating' : 'Succeeded',
    timeCreated: new Date(inst.createdAt).toISOString(),
  };
  if (expand) props.instanceView = instanceView(state, at, now);
  return {
    id: `${vmssId}/virtualMachines/${inst.instanceId}`,
    name: `${String(vmss.name)}_${inst.instanceId}`,
    type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
    location: vmss.location,
    instanceId: inst.instanceId,
    ...(vmss.sku ? { sku: { name: (vmss.sku as JsonObject).name, tier: (vmss.sku as JsonObject).tier ?? 'Standard' } } : {}),
    properties: props,
  };
}

export { instanceAt };
