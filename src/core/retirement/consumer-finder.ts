/**
 * Finds the scale sets, scale-set instances and VMs that use gallery images, by ARM listing.
 *
 * Listing rather than Azure Resource Graph: Resource Graph is eventually consistent (a scale set created a
 * minute ago may be missing), and a deletion decision must never rest on a stale answer. Listing is
 * authoritative, needs only Reader, and the same code runs against the emulator. A listing that fails
 * stops retirement (fail closed): not knowing who uses a version is not the same as nobody using it.
 */
import type { AzureContext } from '../azure/azure-context.js';
import { azureCall } from '../azure/azure-call.js';
import { parseResourceId } from '../azure/resource-id.js';
import { RolloutTagKeys, decodeImageReference, getLong } from '../rollout/rollout-tags.js';

/** `rollback-target`: the image a pin-rollout recorded on a scale set to roll back to (tag image-publish.rollout.previous). */
export type ConsumerKind = 'scale-set' | 'scale-set-instance' | 'rollback-target' | 'vm';

/** One resource and the image it references (imageReference.id as ARM returns it). */
export interface ImageConsumer {
  id: string;
  kind: ConsumerKind;
  imageId: string;
}

/** The seam retirement and inventory use; tests may give a fixed list, production lists ARM. */
export interface ConsumerFinder {
  /** Every consumer with a gallery imageReference.id in the searched subscriptions. */
  find(signal?: AbortSignal): Promise<ImageConsumer[]>;
}

/** A finder over a fixed list (for callers that already know the consumers). */
export function staticConsumerFinder(consumers: readonly ImageConsumer[]): ConsumerFinder {
  return { find: async () => [...consumers] };
}

/**
 * Lists scale sets (with their instances, whose model may lag behind the scale set's), and VMs in the context's
 * subscription and every other one given. The gallery's own subscription is always searched: leaving it out of
 * the list by accident must not make its consumers invisible.
 */
export function armConsumerFinder(azure: AzureContext, subscriptions: readonly string[] = []): ConsumerFinder {
  const ids = [...new Set([azure.subscriptionId, ...subscriptions].map((s) => s.toLowerCase()))];
  return {
    async find(signal) {
      const found: ImageConsumer[] = [];
      for (const subscriptionId of ids) {
        const ctx =
          subscriptionId === azure.subscriptionId.toLowerCase()
            ? azure
            : (await import('../azure/create-azure-context.js')).createAzureContext({ credential: azure.credential, cloud: azure.cloud, subscriptionId });
        found.push(...(await listSubscription(ctx, subscriptionId, signal)));
      }
      return found;
    },
  };
}

async function listSubscription(azure: AzureContext, subscriptionId: string, signal: AbortSignal | undefined): Promise<ImageConsumer[]> {
  const compute = azure.compute();
  const out: ImageConsumer[] = [];
  const options = signal ? { abortSignal: signal } : {};
  const scaleSets: { id: string; resourceGroup: string; name: string }[] = [];
  await azureCall(`listing scale sets in subscription ${subscriptionId} (to find which image versions are in use)`, async () => {
    for await (const vmss of compute.virtualMachineScaleSets.listAll(options)) {
      const id = vmss.id ?? '';
      const imageId = vmss.virtualMachineProfile?.storageProfile?.imageReference?.id;
      if (imageId) out.push({ id, kind: 'scale-set', imageId });
      // Deleting the version a rollback would return to makes `rollback: true` fail exactly when it is needed.
      const previous = getLong(vmss.tags, RolloutTagKeys.previous);
      const previousId = previous ? rollbackImageId(previous) : undefined;
      if (previousId) out.push({ id, kind: 'rollback-target', imageId: previousId });
      const parsed = parseResourceId(id);
      // Flexible scale sets' instances are plain VMs (the scale-set VM API refuses them): the VM listing covers them.
      if (parsed && vmss.name && vmss.orchestrationMode !== 'Flexible') scaleSets.push({ id, resourceGroup: parsed.resourceGroup, name: vmss.name });
    }
  });
  for (const set of scaleSets) {
    await azureCall(`listing instances of scale set ${set.name} (instances not yet upgraded still use their old image)`, async () => {
      for await (const instance of compute.virtualMachineScaleSetVMs.list(set.resourceGroup, set.name, options)) {
        const imageId = instance.storageProfile?.imageReference?.id;
        // Reported as the scale set: "web still runs 1.0.0 on some instances" is what a reader needs.
        if (imageId) out.push({ id: set.id, kind: 'scale-set-instance', imageId });
      }
    });
  }
  await azureCall(`listing virtual machines in subscription ${subscriptionId} (to find which image versions are in use)`, async () => {
    for await (const vm of compute.virtualMachines.listAll(options)) {
      const imageId = vm.storageProfile?.imageReference?.id;
      if (imageId) out.push({ id: vm.id ?? '', kind: 'vm', imageId });
    }
  });
  return out;
}

/** Consumers of one definition, split into exact-version users and "latest" (definition id) users. */
export function consumersOfDefinition(
  definitionId: string,
  consumers: readonly ImageConsumer[],
): { byVersion: Record<string, string[]>; latest: string[] } {
  const def = definitionId.replace(/\/+$/, '').toLowerCase();
  const byVersion: Record<string, string[]> = {};
  const latest: string[] = [];
  for (const c of consumers) {
    const image = c.imageId.replace(/\/+$/, '').toLowerCase();
    if (image === def) latest.push(c.id);
    else if (image.startsWith(`${def}/versions/`)) {
      const version = image.slice(def.length + '/versions/'.length);
      // A scale set and its instances usually agree; list each resource once per version.
      const list = (byVersion[version] ??= []);
      if (!list.includes(c.id)) list.push(c.id);
    }
  }
  return { byVersion, latest };
}

/** The gallery image id in a recorded rollback reference (a bare id, or JSON for marketplace references). */
function rollbackImageId(text: string): string | undefined {
  try {
    const id = decodeImageReference(text).id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    // Unreadable tag: not an id we could protect; the scale set's own imageReference is still counted.
    return undefined;
  }
}
