/** Reads everything a rollout decides on before it changes anything: the version, the definition, the scale sets. */
import type { ComputeManagementClient, GalleryImage, GalleryImageVersion, VirtualMachineScaleSet } from '@azure/arm-compute';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { azureGetOrUndefined } from '../azure/azure-call.js';
import { galleryResourceId } from '../azure/resource-id.js';
import { readDefinition } from './lease.js';
import type { Ring, RolloutInputs, ScaleSetRef } from './rollout-types.js';
import { getScaleSet, scaleSetIdOf } from './scale-set-client.js';

export interface Target {
  ring: Ring;
  ringIndex: number;
  ref: ScaleSetRef;
  id: string;
  vmss: VirtualMachineScaleSet;
}

export interface RolloutState {
  versionId: string;
  version: GalleryImageVersion;
  definition: GalleryImage;
  targets: Target[];
}

/** Reads the version (with replication status), its definition and every scale set of every ring. */
export async function readRolloutState(compute: ComputeManagementClient, inputs: RolloutInputs): Promise<RolloutState> {
  const t = inputs.target;
  const versionId = galleryResourceId(t.subscriptionId, t.resourceGroup, t.gallery, t.image, t.version);
  const version = await azureGetOrUndefined(`reading image version ${t.version}`, () =>
    compute.galleryImageVersions.get(t.resourceGroup, t.gallery, t.image, t.version, { expand: 'ReplicationStatus' }));
  if (!version) {
    throw new ConfigurationError(ErrorCodes.notFound, `Image version ${t.gallery}/${t.image}/${t.version} was not found in resource group '${t.resourceGroup}'. Publish it first, or fix the version input. Nothing was changed.`);
  }
  const definition = await readDefinition(compute, t);
  const seen = new Map<string, string>();
  const targets: Target[] = [];
  for (const [ringIndex, ring] of inputs.rings.entries()) {
    for (const ref of ring.scaleSets) {
      const id = scaleSetIdOf(ref);
      const first = seen.get(id.toLowerCase());
      if (first !== undefined) {
        throw new ConfigurationError(ErrorCodes.inputInvalid, `Scale set ${ref.name} is listed in ring '${first}' and again in ring '${ring.name}'; a scale set belongs to one ring. Nothing was changed.`);
      }
      seen.set(id.toLowerCase(), ring.name);
      const vmss = await getScaleSet(compute, ref);
      const orchestrationMode = vmss.orchestrationMode === 'Flexible' ? 'Flexible' : 'Uniform';
      targets.push({ ring, ringIndex, ref: { ...ref, orchestrationMode }, id, vmss });
    }
  }
  return { versionId: version.id ?? versionId, version, definition, targets };
}
