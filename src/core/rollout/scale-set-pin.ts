/**
 * Pinning one scale set to a version (recording what it ran before, in its tags) and restoring it. The PATCH that
 * changes the image writes the tags too, so a crash can never leave a changed image without its rollback record.
 */
import type { ComputeManagementClient, VirtualMachineScaleSet } from '@azure/arm-compute';
import { sameResourceId } from '../azure/resource-id.js';
import { waitForInstances, type ApplyOptions } from './apply-upgrade.js';
import { decodeImageReference, encodeImageReference, getLong, putLong, removeLong, RolloutTagKeys } from './rollout-tags.js';
import type { ApplyMethod, Ring, ScaleSetRef } from './rollout-types.js';
import { cancelRollingUpgrade, latestRollingUpgrade, listInstances, setModelImage, startManualUpgrade, startReimage, startRollingUpgrade } from './scale-set-client.js';

/** How this ring takes this scale set to a new model. */
export function methodFor(vmss: VirtualMachineScaleSet, ring: Pick<Ring, 'upgrade'>): ApplyMethod {
  if (ring.upgrade === 'manual') return 'manual-batches';
  if (ring.upgrade === 'reimage') return 'reimage-batches';
  const mode = (vmss.upgradePolicy?.mode ?? 'Manual').toLowerCase();
  if (mode === 'rolling') return 'rolling';
  if (mode === 'automatic') return 'automatic';
  return vmss.virtualMachineProfile?.storageProfile?.osDisk?.diffDiskSettings ? 'reimage-batches' : 'manual-batches';
}

export function imageReferenceOf(vmss: VirtualMachineScaleSet): Record<string, unknown> {
  const ref = { ...(vmss.virtualMachineProfile?.storageProfile?.imageReference ?? {}) } as Record<string, unknown>;
  delete ref.exactVersion;
  for (const k of Object.keys(ref)) if (ref[k] === undefined) delete ref[k];
  return ref;
}

/** The rollback record: the imageReference the scale set ran before this version, if pinned by a rollout. */
export function recordedPrevious(vmss: VirtualMachineScaleSet): string | undefined {
  return getLong(vmss.tags, RolloutTagKeys.previous);
}

/** True when the model already names `versionId` and carries this rollout's pin. */
export function isPinned(vmss: VirtualMachineScaleSet, versionId: string): boolean {
  return sameResourceId(String(imageReferenceOf(vmss).id ?? ''), versionId) && sameResourceId(getLong(vmss.tags, RolloutTagKeys.pinned), versionId);
}

/** Records the current imageReference (once per version) and sets the model to the exact version id. */
export async function pinScaleSet(compute: ComputeManagementClient, ref: ScaleSetRef, vmss: VirtualMachineScaleSet, versionId: string): Promise<{ previous: string; changed: boolean }> {
  const current = imageReferenceOf(vmss);
  const tags = { ...(vmss.tags ?? {}) };
  const pinnedBefore = getLong(tags, RolloutTagKeys.pinned);
  // A re-run of the same rollout keeps the first record: the model now names the new version, not the old one.
  const previous = (sameResourceId(pinnedBefore, versionId) ? recordedPrevious(vmss) : undefined) || encodeImageReference(current);
  if (isPinned(vmss, versionId)) return { previous, changed: false };
  putLong(tags, RolloutTagKeys.previous, previous);
  putLong(tags, RolloutTagKeys.pinned, versionId);
  await setModelImage(compute, ref, current, { id: versionId }, tags);
  return { previous, changed: true };
}

/** Sets the model back to the recorded imageReference, clears the pin and re-applies it to every instance. */
export async function restoreScaleSet(compute: ComputeManagementClient, ref: ScaleSetRef, vmss: VirtualMachineScaleSet, method: ApplyMethod, o: ApplyOptions): Promise<string | undefined> {
  const previous = recordedPrevious(vmss);
  if (previous === undefined) return undefined;
  if (method === 'rolling') {
    const latest = await latestRollingUpgrade(compute, ref);
    if (latest?.runningStatus?.code === 'RollingForward') await cancelRollingUpgrade(compute, ref);
  }
  const tags = { ...(vmss.tags ?? {}) };
  removeLong(tags, RolloutTagKeys.previous);
  removeLong(tags, RolloutTagKeys.pinned);
  await setModelImage(compute, ref, imageReferenceOf(vmss), decodeImageReference(previous), tags);
  const all = await listInstances(compute, ref);
  const behind = all.filter((i) => !i.latestModelApplied || i.updating).map((i) => i.instanceId);
  if (behind.length > 0) {
    // Rollback is urgent: every instance at once rather than in batches.
    if (method === 'manual-batches') await startManualUpgrade(compute, ref, behind);
    else if (method === 'reimage-batches') await startReimage(compute, ref, behind);
    else if (method === 'rolling') {
      const latest = await latestRollingUpgrade(compute, ref);
      if (latest?.runningStatus?.code !== 'RollingForward') await startRollingUpgrade(compute, ref);
    }
  }
  await waitForInstances(ref, o, (xs) => xs.every((i) => i.latestModelApplied && !i.updating), 'the rollback');
  return previous;
}
