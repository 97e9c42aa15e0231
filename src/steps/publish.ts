import { type PublishInputs, resolvePublishInputs } from '../core/gallery/publish-inputs.js';
import { type PublishResult, publishImage } from '../core/gallery/publish-image.js';
import { TAG_INPUT_SYNTAX, TAG_PREFIX } from '../core/tags/provenance-tags.js';
import type { CloudEndpoints } from '../core/azure/clouds.js';
import { fanOut } from '../core/summary/mermaid.js';
import { portalLinksSection, resourceText } from '../core/summary/resource-links.js';
import type { Summary, SummarySection } from '../core/summary/summary.js';
import { galleryResourceId } from '../core/azure/resource-id.js';
import { formatVersion } from '../core/versioning/gallery-version.js';
import { ImagePublishError } from '../core/errors.js';
import { progressIntervalInput } from './progress-input.js';
import { defineStep } from './step-spec.js';
import { StepFailure } from './step-failure.js';
import { galleryInputs, imageVersionIdOutput } from './gallery-target-inputs.js';

export type { PublishInputs } from '../core/gallery/publish-inputs.js';

export type PublishOutputs = {
  'image-version-id': string;
  version: string;
  'image-definition-id': string;
  'gallery-id': string;
  created: boolean;
};

/** Publish: an immutable, versioned, tagged image version in Azure Compute Gallery (issue 3). */
export const publishStep = defineStep<PublishInputs, PublishOutputs>({
  name: 'publish',
  title: 'Publish image version',
  description:
    'Publishes a managed image, VHD, snapshot, disk, VM or gallery image version as a new, immutable, tagged version ' +
    'in an Azure Compute Gallery, creating the image definition (and, when allowed, the gallery). Re-runs are idempotent.',
  azdoTaskName: 'PublishImage',
  azdoTaskId: '6f2b8c1e-3d4a-4e5f-9a7b-1c2d3e4f5a61',
  inputs: {
    source: {
      type: 'string',
      description:
        'Resource id of a managed image, snapshot, managed disk, VM or gallery image version, or a VHD blob URI (without SAS; give storage-account-id).',
      configPath: 'source.id',
    },
    'storage-account-id': { type: 'string', description: 'Resource id of the storage account holding the VHD (VHD sources only).', configPath: 'source.storageAccountId' },
    'bake-manifest': { type: 'path', description: "Path of the manifest bake wrote; its gallery-version-id (see adopt), image-id or vhd-uri becomes the source when 'source' is empty.", configPath: 'source.manifest' },
    adopt: {
      type: 'boolean',
      description:
        'Adopt the gallery version bake (Packer) already published in the target definition instead of copying it: ' +
        'tags, exclude-from-latest and end-of-life are applied to it in place. Default: adopt when the bake manifest names a ' +
        'version in the target gallery and definition; false always copies; true fails when there is no such version.',
    },
    ...galleryInputs,
    'image-definition': { ...galleryInputs['image-definition'], description: 'Image definition name; created from image.yaml when missing.' },
    location: { type: 'string', description: 'Home region for a gallery that has to be created; an existing gallery keeps its region.', configPath: 'gallery.location' },
    // No `default:` on inputs that image.yaml can set: a runner passes defaults as explicit values, which would
    // silently override the file. Defaults live in resolvePublishInputs and the descriptions.
    'create-gallery': { type: 'boolean', description: 'Create the gallery when it does not exist (default false: a missing gallery fails with E_NOT_FOUND).', configPath: 'gallery.create' },
    publisher: { type: 'string', description: 'Image definition publisher (for a definition that has to be created).', configPath: 'definition.publisher' },
    offer: { type: 'string', description: 'Image definition offer.', configPath: 'definition.offer' },
    sku: { type: 'string', description: 'Image definition SKU.', configPath: 'definition.sku' },
    'os-type': { type: 'enum', options: ['Linux', 'Windows'], description: 'OS type of the definition (default Linux).', configPath: 'definition.osType' },
    'os-state': { type: 'enum', options: ['Generalized', 'Specialized'], description: 'OS state of the definition (default Generalized).', configPath: 'definition.osState' },
    'hyper-v-generation': { type: 'enum', options: ['V1', 'V2'], description: 'Hyper-V generation of the definition (default V2).', configPath: 'definition.hyperVGeneration' },
    architecture: { type: 'enum', options: ['x64', 'Arm64'], description: 'CPU architecture of the definition (default x64).', configPath: 'definition.architecture' },
    'security-type': { type: 'string', description: 'SecurityType feature of the definition, e.g. TrustedLaunch.', configPath: 'definition.securityType' },
    version: {
      type: 'string',
      description: "Version to publish: 'x.y.z' (three integers), 'auto' (next above the highest; see bump) or 'date' (YYYY.MMDD.<run number>).",
      configPath: 'versioning.version',
    },
    bump: { type: 'enum', options: ['patch', 'minor', 'major'], description: "Which part 'version: auto' increments (default patch).", configPath: 'versioning.bump' },
    'first-version': { type: 'string', description: "The number 'version: auto' gives the first version of a definition that has none (default 1.0.0); later versions continue from the highest." },
    regions: { type: 'list', description: 'Extra target regions for one-shot use (the home region is always first). image.yaml regions are left to replicate.' },
    'replica-count': { type: 'integer', description: 'Replicas per target region (1-100).', configPath: 'versioning.replicaCount' },
    'storage-account-type': {
      type: 'enum',
      options: ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS'],
      description: 'Storage account type of the replicas.',
      configPath: 'versioning.storageAccountType',
    },
    'exclude-from-latest': {
      type: 'boolean',
      description: "Keep the version out of 'latest' until pin-rollout promotes it (default true).",
      configPath: 'versioning.excludeFromLatest',
    },
    'end-of-life': { type: 'string', description: "End-of-life date of the version: '2027-06-30' or relative, '+180d'.", configPath: 'versioning.endOfLife' },
    'allow-deletion-of-replicated-locations': {
      type: 'boolean',
      description: 'Safety profile: allow removing replicated regions later.',
      configPath: 'versioning.safetyProfile.allowDeletionOfReplicatedLocations',
    },
    'block-deletion-before-end-of-life': {
      type: 'boolean',
      description: 'Safety profile: refuse deletion before the end-of-life date.',
      configPath: 'versioning.safetyProfile.blockDeletionBeforeEndOfLife',
    },
    'replace-failed': {
      type: 'boolean',
      description: 'Delete and recreate the version when it exists in state Failed (default false: fail with a clear error).',
      configPath: 'versioning.replaceFailed',
    },
    tags: { type: 'map', map: TAG_INPUT_SYNTAX, description: `Extra tags, one key=value per line (or a JSON object). Provenance tags use the '${TAG_PREFIX}' prefix.`, configPath: 'tags' },
    'progress-interval-seconds': progressIntervalInput(15, 'progress lines while waiting'),
  },
  outputs: {
    'image-version-id': imageVersionIdOutput,
    version: { description: 'The version number, e.g. 1.4.2.' },
    'image-definition-id': { description: 'Resource id of the image definition.' },
    'gallery-id': { description: 'Resource id of the gallery.' },
    created: { description: 'true when this run created the version; false when it already existed from the same source or was adopted.' },
  },
  resolve: resolvePublishInputs,
  async run(inputs, ctx) {
    let result: PublishResult;
    try {
      result = await publishImage(inputs, ctx);
    } catch (error) {
      // Still hand over what is known (where the version was going), so the job summary and a re-run have it.
      throw new StepFailure(error, failedPublishOutputs(inputs, ctx.azure), failedPublishSummary(inputs, error));
    }
    return {
      outputs: {
        'image-version-id': result.imageVersionId,
        version: result.version,
        'image-definition-id': result.imageDefinitionId,
        'gallery-id': result.galleryId,
        created: result.created,
      },
      summary: publishSummary(inputs, result, ctx.azure.cloud),
    };
  },
});

/** Outputs a failed run can still vouch for: the gallery and definition ids, and the version when explicit. */
function failedPublishOutputs(inputs: PublishInputs, azure: { subscriptionId: string }): Partial<PublishOutputs> {
  const { gallery, image, resourceGroup } = inputs.target;
  let subscriptionId: string;
  try {
    subscriptionId = azure.subscriptionId;
  } catch {
    return { created: false };
  }
  const version = inputs.version.kind === 'explicit' ? formatVersion(inputs.version.version) : undefined;
  return {
    'gallery-id': galleryResourceId(subscriptionId, resourceGroup, gallery),
    'image-definition-id': galleryResourceId(subscriptionId, resourceGroup, gallery, image),
    ...(version === undefined ? {} : { version, 'image-version-id': galleryResourceId(subscriptionId, resourceGroup, gallery, image, version) }),
    created: false,
  };
}

/** What was attempted, for the job summary of a failed run; the runtime adds the error text itself. */
function failedPublishSummary(inputs: PublishInputs, error: unknown): Summary {
  const { gallery, image, resourceGroup } = inputs.target;
  const requested = inputs.version.kind === 'explicit' ? formatVersion(inputs.version.version) : inputs.version.kind;
  return {
    title: 'Publish image version',
    status: `Failed${error instanceof ImagePublishError ? ` (${error.code})` : ''}: ${gallery}/${image} ${requested}`,
    sections: [
      {
        kind: 'table',
        columns: ['Property', 'Value'],
        rows: [
          ['Gallery', `${gallery} (${resourceGroup})`],
          ['Image definition', image],
          ['Requested version', requested],
        ],
      },
    ],
  };
}

/** The job summary: the path from source to regions as a picture, one table of what was published, portal links. */
export function publishSummary(inputs: PublishInputs, result: PublishResult, cloud: Pick<CloudEndpoints, 'portalUrl'> = {}): Summary {
  const { gallery, image, resourceGroup } = inputs.target;
  const sourceId = result.source.kind === 'vhd' ? undefined : result.source.id;
  const sourceText = result.source.kind === 'vhd' ? `VHD ${result.source.uri.split('?')[0] ?? ''}` : resourceText(result.source.id);
  const regions = result.targetRegions.length > 0 ? result.targetRegions : [result.location];
  const picture: SummarySection = {
    kind: 'mermaid',
    heading: 'Published',
    source: fanOut(`${sourceText} → ${gallery}/${image}/${result.version}`, regions.map((r) => ({ name: r, detail: result.provisioningState, state: result.provisioningState }))),
  };
  const links = portalLinksSection(cloud, [result.imageVersionId, result.imageDefinitionId, result.galleryId, sourceId]);
  return {
    title: 'Publish image version',
    status: `${result.adopted ? 'Adopted' : result.created ? 'Published' : 'Already published'} ${gallery}/${image} ${result.version}`,
    sections: [
      {
        kind: 'table',
        columns: ['Property', 'Value'],
        rows: [
          ['Version', result.version],
          ['Created by this run', result.adopted ? 'no (adopted the version bake published)' : result.created ? 'yes' : 'no (same source already published)'],
          ['Gallery', `${gallery} (${resourceGroup})${result.createdGallery ? ', created' : ''}`],
          ['Image definition', `${image}${result.createdDefinition ? ', created' : ''}`],
          ['Source', `${result.source.kind}: ${result.source.kind === 'vhd' ? result.source.uri : result.source.id}`],
          ['Home region', result.location],
          ['Target regions', result.targetRegions.join(', ') || result.location],
          ['Exclude from latest', String(inputs.profile.excludeFromLatest)],
          ['State', result.provisioningState],
          ['Image version id', result.imageVersionId],
        ],
      },
      picture,
      ...(links === undefined ? [] : [links]),
    ],
  };
}
