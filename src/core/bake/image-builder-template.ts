import type {
  ImageTemplate,
  ImageTemplateCustomizerUnion,
  ImageTemplateDistributorUnion,
  ImageTemplateInVMValidatorUnion,
  ImageTemplateSourceUnion,
} from '@azure/arm-imagebuilder';
import { TAG_PREFIX } from '../tags/provenance-tags.js';
import type { ImageBuilderBakeInputs, ImageBuilderCustomizer } from './bake-config.js';

/** Run output name of the single distributor image-publish configures; the engine reads the artifact from it. */
export const RUN_OUTPUT_NAME = 'image-publish';
/** Marks templates image-publish created, so it only ever deletes or recreates its own. */
export const OWNER_TAG = `${TAG_PREFIX}owner`;
export const OWNER_VALUE = 'image-publish';
/** Hash of the template content we asked for: a differing hash means the template was built from other settings. */
export const CONTENT_TAG = `${TAG_PREFIX}template-sha256`;

/** The managed image id AIB distributes to when image.yaml names none: the template's own name, in its resource group. */
export function defaultManagedImageId(subscriptionId: string, inputs: Pick<ImageBuilderBakeInputs, 'resourceGroup' | 'templateName'>): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${inputs.resourceGroup}/providers/Microsoft.Compute/images/${inputs.templateName}`;
}

function source(inputs: ImageBuilderBakeInputs): ImageTemplateSourceUnion {
  const s = inputs.source;
  switch (s.kind) {
    case 'platform':
      return { type: 'PlatformImage', publisher: s.publisher, offer: s.offer, sku: s.sku, version: s.version };
    case 'gallery-version':
      return { type: 'SharedImageVersion', imageVersionId: s.id };
    case 'managed-image':
      return { type: 'ManagedImage', imageId: s.id };
  }
}

/** image.yaml customizer -> AIB customizer (type names as the service spells them). */
export function customizer(c: ImageBuilderCustomizer): ImageTemplateCustomizerUnion {
  const name = c.name !== undefined ? { name: c.name } : {};
  switch (c.type) {
    case 'shell':
      return { type: 'Shell', ...name, ...(c.inline ? { inline: c.inline } : {}), ...(c.scriptUri ? { scriptUri: c.scriptUri } : {}) };
    case 'powershell':
      return {
        type: 'PowerShell', ...name,
        ...(c.inline ? { inline: c.inline } : {}),
        ...(c.scriptUri ? { scriptUri: c.scriptUri } : {}),
        ...(c.runElevated !== undefined ? { runElevated: c.runElevated } : {}),
      };
    case 'file':
      return { type: 'File', ...name, sourceUri: c.sourceUri, destination: c.destination };
    case 'windows-update':
      return { type: 'WindowsUpdate', ...name, ...(c.filters ? { filters: c.filters } : {}) };
    case 'restart':
      return { type: 'WindowsRestart', ...name, ...(c.timeout ? { restartTimeout: c.timeout } : {}) };
  }
}

function validator(c: ImageBuilderCustomizer, index: number): ImageTemplateInVMValidatorUnion {
  const converted = customizer(c);
  if (converted.type !== 'Shell' && converted.type !== 'PowerShell' && converted.type !== 'File') {
    // AIB validators are Shell, PowerShell or File only; the config check names the offending entry.
    throw new TypeError(`bake.validation[${index}] has type '${c.type}'; validators can be shell, powershell or file.`);
  }
  return converted as ImageTemplateInVMValidatorUnion;
}

function distributor(inputs: ImageBuilderBakeInputs, subscriptionId: string, tags: Record<string, string>): ImageTemplateDistributorUnion {
  const d = inputs.distribute;
  if (d.kind === 'gallery') {
    return {
      type: 'SharedImage',
      runOutputName: RUN_OUTPUT_NAME,
      galleryImageId: d.galleryImageId,
      targetRegions: d.regions.map((name) => ({ name, ...(d.storageAccountType ? { storageAccountType: d.storageAccountType } : {}) })),
      artifactTags: tags,
    };
  }
  return {
    type: 'ManagedImage',
    runOutputName: RUN_OUTPUT_NAME,
    imageId: d.imageId ?? defaultManagedImageId(subscriptionId, inputs),
    location: d.location ?? inputs.location,
    artifactTags: tags,
  };
}

/** The full template body for these inputs: a pure function, so what reaches AIB is testable without Azure. */
export function buildImageTemplate(inputs: ImageBuilderBakeInputs, subscriptionId: string, artifactTags: Record<string, string> = {}): ImageTemplate {
  const template: ImageTemplate = {
    location: inputs.location,
    identity: { type: 'UserAssigned', userAssignedIdentities: { [inputs.identityId]: {} } },
    source: source(inputs),
    customize: inputs.customizers.map(customizer),
    distribute: [distributor(inputs, subscriptionId, artifactTags)],
    buildTimeoutInMinutes: inputs.buildTimeoutMinutes,
    vmProfile: {
      ...(inputs.vmSize ? { vmSize: inputs.vmSize } : {}),
      ...(inputs.osDiskSizeGB ? { osDiskSizeGB: inputs.osDiskSizeGB } : {}),
    },
  };
  if (inputs.validation.length > 0) template.validate = { inVMValidations: inputs.validation.map(validator) };
  if (inputs.stagingResourceGroup) template.stagingResourceGroup = inputs.stagingResourceGroup;
  return template;
}

/** Key-order independent JSON, for hashing the template content we ask for. */
export function stableJson(value: unknown): string {
  const norm = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(norm)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, norm(x)]))
        : v;
  return JSON.stringify(norm(value));
}
