/** Human forms of Azure resources for summaries: portal links per cloud, and image references as short text. */
import type { CloudEndpoints } from '../azure/clouds.js';
import type { SummaryLink, SummarySection } from './summary.js';

/** The resource's page in this cloud's portal (portal.azure.com, portal.azure.cn, portal.azure.us, or the custom cloud's). */
export function portalUrl(cloud: Pick<CloudEndpoints, 'portalUrl'>, resourceId: string): string | undefined {
  if (cloud.portalUrl === undefined || !resourceId.startsWith('/subscriptions/')) return undefined;
  const base = cloud.portalUrl.endsWith('/') ? cloud.portalUrl : `${cloud.portalUrl}/`;
  return `${base}#resource${resourceId.split('/').map(encodeURIComponent).join('/')}`;
}

/** A "Resources" section linking each touched resource in the portal; undefined when the cloud has no known portal. */
export function portalLinksSection(cloud: Pick<CloudEndpoints, 'portalUrl'>, resourceIds: readonly (string | undefined)[]): SummarySection | undefined {
  const links: SummaryLink[] = [];
  for (const id of new Set(resourceIds.filter((r): r is string => r !== undefined && r !== ''))) {
    const url = portalUrl(cloud, id);
    if (url !== undefined) links.push({ label: resourceText(id), url });
  }
  return links.length === 0 ? undefined : { kind: 'links', heading: 'In the Azure portal', links };
}

/**
 * `gallery/definition/version` for a gallery image version id, `gallery/definition` for a definition,
 * `image <name>` for a managed image, else the last two id segments.
 */
export function resourceText(resourceId: string): string {
  const gallery = /\/galleries\/([^/]+)(?:\/images\/([^/]+)(?:\/versions\/([^/]+))?)?\/?$/i.exec(resourceId);
  if (gallery) return [gallery[1], gallery[2], gallery[3]].filter(Boolean).join('/');
  const parts = resourceId.split('/').filter(Boolean);
  const name = parts[parts.length - 1] ?? resourceId;
  const type = parts[parts.length - 2] ?? '';
  const kinds: Record<string, string> = { images: 'image', virtualmachinescalesets: 'scale set', resourcegroups: 'resource group', disks: 'disk', snapshots: 'snapshot' };
  const kind = kinds[type.toLowerCase()];
  return kind ? `${kind} ${name}` : `${type}/${name}`;
}

/**
 * A scale set's imageReference as text: a recorded JSON reference or an id becomes `gallery/definition/version`;
 * a marketplace reference `publisher:offer:sku:version` (the URN form az uses).
 */
export function imageReferenceText(reference: string): string {
  const trimmed = reference.trim();
  if (trimmed.startsWith('{')) {
    try {
      const ref = JSON.parse(trimmed) as Record<string, unknown>;
      const id = ref.id ?? ref.sharedGalleryImageId ?? ref.communityGalleryImageId;
      if (typeof id === 'string' && id !== '') return imageReferenceText(id);
      const urn = [ref.publisher, ref.offer, ref.sku, ref.version].filter((p): p is string => typeof p === 'string' && p !== '');
      return urn.length > 0 ? urn.join(':') : '–';
    } catch {
      return trimmed;
    }
  }
  if (trimmed === '') return '–';
  return trimmed.includes('/') ? resourceText(trimmed) : trimmed;
}
