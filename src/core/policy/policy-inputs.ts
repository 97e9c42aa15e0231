/** Typed inputs of the policy step. */
import type { ImageConfig } from '../config/image-config.js';
import { type InputValues, getConfigValue } from '../config/merge-inputs.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { galleryResourceId, parseResourceId } from '../azure/resource-id.js';
import { POLICY_EFFECTS, type PolicyEffect } from './image-policy.js';
import { inputError } from '../input-error.js';
import { inputList } from '../config/input-values.js';
import type { HostPoolRef } from '../rollout/host-pool-client.js';

export interface PolicyInputs {
  galleryIds: string[];
  requiredTags: string[];
  effect: PolicyEffect;
  namePrefix: string;
  assign: boolean;
  /** Assignment scope; the step's subscription when absent. */
  scope: string | undefined;
  outputDir: string | undefined;
  /** Host pools whose session hosts get the host-pool image policy (none: that definition is not generated). */
  hostPools: HostPoolRef[];
}

const SCOPE = /^\/subscriptions\/[0-9a-f-]{36}(\/resourceGroups\/[-\w._()]+)?$/i;

/** Builds PolicyInputs; the approved gallery defaults to image.yaml's gallery. Throws naming the input. */
export function resolvePolicyInputs(parsed: InputValues, config: ImageConfig | undefined): PolicyInputs {
  let galleryIds = inputList(parsed['approved-galleries']);
  if (galleryIds.length === 0) {
    const sub = getConfigValue(config, 'gallery.subscriptionId') ?? parsed['subscription-id'];
    const rg = getConfigValue(config, 'gallery.resourceGroup');
    const name = getConfigValue(config, 'gallery.name');
    if (typeof sub === 'string' && typeof rg === 'string' && typeof name === 'string') galleryIds = [galleryResourceId(sub, rg, name)];
  }
  if (galleryIds.length === 0) {
    throw inputError(ErrorCodes.inputMissing, 'approved-galleries',
      "is required: list gallery resource ids (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Compute/galleries/<name>), " +
        'or set gallery.subscriptionId, gallery.resourceGroup and gallery.name in image.yaml.',
    );
  }
  for (const id of galleryIds) {
    const parsedId = parseResourceId(id);
    if (parsedId?.type !== 'microsoft.compute/galleries') {
      throw inputError(ErrorCodes.inputInvalid, 'approved-galleries',
        `has '${id}', which is not a gallery resource id. Use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Compute/galleries/<name> (az sig show --query id).`,
      );
    }
  }
  const requiredTags = inputList(parsed['required-tags']);
  for (const tag of requiredTags) {
    if (/[<>%&\\?/]/.test(tag) || tag.length > 512) {
      throw inputError(ErrorCodes.inputInvalid, 'required-tags', `has '${tag}', which is not a valid tag name (no < > % & \\ ? /, at most 512 characters).`);
    }
  }
  const effectRaw = typeof parsed.effect === 'string' ? parsed.effect : 'Deny';
  const effect = POLICY_EFFECTS.find((e) => e.toLowerCase() === effectRaw.toLowerCase());
  if (!effect) throw inputError(ErrorCodes.inputInvalid, 'effect', `is '${effectRaw}'; use Deny, Audit or Disabled.`);
  const namePrefix = typeof parsed['name-prefix'] === 'string' && parsed['name-prefix'].trim() !== '' ? parsed['name-prefix'].trim() : 'image-publish';
  if (!/^[a-z0-9][a-z0-9-]{0,30}$/i.test(namePrefix)) {
    throw inputError(ErrorCodes.inputInvalid, 'name-prefix', `is '${namePrefix}'; use up to 31 letters, digits and hyphens (policy names must stay short).`);
  }
  const scope = typeof parsed['assignment-scope'] === 'string' && parsed['assignment-scope'].trim() !== '' ? parsed['assignment-scope'].trim().replace(/\/+$/, '') : undefined;
  if (scope !== undefined && !SCOPE.test(scope)) {
    throw inputError(ErrorCodes.inputInvalid, 'assignment-scope', `is '${scope}'; use /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>.`);
  }
  const hostPools = inputList(parsed['host-pools']).map((id): HostPoolRef => {
    const p = parseResourceId(id);
    if (p?.type !== 'microsoft.desktopvirtualization/hostpools') {
      throw inputError(ErrorCodes.inputInvalid, 'host-pools',
        `has '${id}', which is not a host pool resource id. Use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.DesktopVirtualization/hostPools/<name> (az desktopvirtualization hostpool show --query id).`);
    }
    return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.names[0] ?? '' };
  });
  const outputDir = typeof parsed['output-dir'] === 'string' && parsed['output-dir'].trim() !== '' ? parsed['output-dir'].trim() : undefined;
  return { galleryIds, requiredTags, effect, namePrefix, assign: parsed.assign === true, scope, outputDir, hostPools };
}
