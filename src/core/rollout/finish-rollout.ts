/** After the last ring: move the channel pin and, when asked, let "latest" consumers have the version. */
import { pinChannel } from '../channels/channel-tags.js';
import { azureCall } from '../azure/azure-call.js';
import { updateDefinitionTags } from './lease.js';
import { RolloutTagKeys } from './rollout-tags.js';
import type { RolloutInputs, RolloutResult } from './rollout-types.js';
import type { RolloutDeps } from './run-rollout.js';

export async function finishRollout(inputs: RolloutInputs, deps: RolloutDeps, result: RolloutResult): Promise<void> {
  const t = inputs.target;
  await updateDefinitionTags(deps.compute, t, (tags) => {
    delete tags[RolloutTagKeys.progress];
    if (inputs.channel) {
      const { previous } = pinChannel(tags, inputs.channel, t.version);
      result.channel = { name: inputs.channel, value: t.version, ...(previous !== undefined ? { previous } : {}) };
      deps.logger.info(`Channel ${inputs.channel}: ${t.version}${previous !== undefined ? ` (was ${previous})` : ''}`);
    }
  });
  if (inputs.promoteLatest) {
    await azureCall(`promoting ${t.version} to latest`, () =>
      deps.compute.galleryImageVersions.update(t.resourceGroup, t.gallery, t.image, t.version, { publishingProfile: { excludeFromLatest: false } }));
    result.promotedLatest = true;
    deps.logger.info(`Version ${t.version}: excludeFromLatest=false; "latest" now resolves to it`);
  }
}
