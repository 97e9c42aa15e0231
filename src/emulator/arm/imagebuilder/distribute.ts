/**
 * What a successful Image Builder run leaves behind, per distributor: a managed image, or a gallery image version
 * that is already replicated to its target regions (AIB waits for replication before it reports success).
 */
import { findRegion } from '../data/regions.js';
import type { HandlerContext, JsonObject } from '../handler-types.js';
import { children, find } from '../resources.js';
import type { StoredResource } from '../../store/state-types.js';

const VERSION_TYPE = 'Microsoft.Compute/galleries/images/versions';

/** Creates the distributor's artifact and returns its id, or a failure message (nothing is written then). */
export function distributeArtifact(ctx: HandlerContext, template: StoredResource, d: JsonObject, osType: string): { artifactId?: string; failure?: string } {
  if (d.type === 'ManagedImage') {
    const imageId = String(d.imageId);
    // AIB never overwrites an image: distributing onto an existing one fails the run.
    if (find(ctx, imageId)) return { failure: `Distribution failed: the managed image '${imageId}' already exists. Delete it or distribute to another image id.` };
    ctx.state.resources[imageId.toLowerCase()] = managedImage(imageId, String(d.location), osType, d.artifactTags);
    return { artifactId: imageId };
  }
  if (d.type === 'SharedImage') return galleryVersion(ctx, template, d);
  return {};
}

function managedImage(id: string, location: string, osType: string, artifactTags: unknown): StoredResource {
  const body: JsonObject = {
    id,
    name: id.split('/').pop() ?? 'image',
    type: 'Microsoft.Compute/images',
    location,
    ...(artifactTags && typeof artifactTags === 'object' ? { tags: artifactTags } : {}),
    properties: {
      storageProfile: {
        osDisk: { osType, osState: 'Generalized', caching: 'ReadWrite', storageAccountType: 'Standard_LRS', diskSizeGB: 30 },
        dataDisks: [],
        zoneResilient: false,
      },
      hyperVGeneration: 'V2',
    },
  };
  return { id, type: 'Microsoft.Compute/images', body };
}

/** The next version AIB's `Latest` scheme picks: one patch above the highest (in `major` when given), else major.0.0. */
function nextVersion(existing: string[], major: number | undefined): string {
  const parsed = existing
    .map((v) => v.split('.').map(Number) as [number, number, number])
    .filter((p) => p.length === 3 && p.every(Number.isInteger) && (major === undefined || p[0] === major))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const top = parsed[parsed.length - 1];
  return top ? `${top[0]}.${top[1]}.${top[2] + 1}` : `${major ?? 1}.0.0`;
}

function galleryVersion(ctx: HandlerContext, template: StoredResource, d: JsonObject): { artifactId?: string; failure?: string } {
  const imageId = String(d.galleryImageId);
  const definition = find(ctx, imageId);
  if (!definition) return { failure: `Distribution failed: the gallery image '${imageId}' was not found. Create the image definition first.` };
  const versioning = (d.versioning ?? {}) as JsonObject;
  const major = typeof versioning.major === 'number' ? versioning.major : undefined;
  const name = nextVersion(children(ctx, definition.id, VERSION_TYPE).map((v) => String(v.body.name)), major);
  const id = `${definition.id}/versions/${name}`;
  const location = String(definition.body.location);
  const storageAccountType = typeof d.storageAccountType === 'string' ? d.storageAccountType : 'Standard_LRS';
  const wanted = Array.isArray(d.targetRegions) && d.targetRegions.length > 0
    ? (d.targetRegions as JsonObject[]).map((r) => String(r.name))
    : Array.isArray(d.replicationRegions) && d.replicationRegions.length > 0 ? (d.replicationRegions as string[]) : [location];
  const regions = [...new Set([location, ...wanted].map((r) => findRegion(r)?.name ?? r))];
  const body: JsonObject = {
    id,
    name,
    type: VERSION_TYPE,
    location,
    ...(d.artifactTags && typeof d.artifactTags === 'object' ? { tags: d.artifactTags } : {}),
    properties: {
      publishingProfile: {
        targetRegions: regions.map((r) => ({ name: findRegion(r)?.displayName ?? r, regionalReplicaCount: 1, storageAccountType })),
        replicaCount: 1,
        excludeFromLatest: d.excludeFromLatest === true,
        storageAccountType,
        replicationMode: 'Full',
        publishedDate: new Date(ctx.now).toISOString(),
      },
      storageProfile: { osDiskImage: { hostCaching: 'ReadOnly', sizeInGB: 30 } },
      safetyProfile: { allowDeletionOfReplicatedLocations: true, reportedForPolicyViolation: false },
    },
  };
  ctx.state.resources[id.toLowerCase()] = {
    id,
    type: VERSION_TYPE,
    body,
    replication: regions.map((region) => ({ region, startTime: ctx.now, durationMs: 0 })),
    sourceKey: `imagebuilder:${template.id.toLowerCase()}`,
  };
  return { artifactId: id };
}
