/** A parsed ARM resource id: subscription, resource group, provider namespace and the type/name chain. */
export interface ResourceId {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `Microsoft.Compute`. */
  namespace: string;
  /** Full type, lower-cased: `microsoft.compute/galleries/images/versions`. */
  type: string;
  /** Names along the chain: [gallery, image, version]. */
  names: string[];
}

const ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i;

/** Parses an ARM resource id, or returns undefined when it is not one (no throw: callers word the error). */
export function parseResourceId(id: string): ResourceId | undefined {
  const match = ID_PATTERN.exec(id.trim().replace(/\/+$/, ''));
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, namespace, rest] = match as unknown as [string, string, string, string, string];
  const segments = rest.split('/');
  if (segments.length % 2 !== 0 || segments.some((s) => s === '')) return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < segments.length; i += 2) {
    types.push(segments[i] as string);
    names.push(decodeURIComponent(segments[i + 1] as string));
  }
  return {
    id: id.trim().replace(/\/+$/, ''),
    subscriptionId,
    resourceGroup,
    namespace,
    type: `${namespace}/${types.join('/')}`.toLowerCase(),
    names,
  };
}

/** Builds `/subscriptions/.../providers/Microsoft.Compute/galleries/g[/images/i[/versions/v]]`. */
export function galleryResourceId(subscriptionId: string, resourceGroup: string, gallery: string, image?: string, version?: string): string {
  let id = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/galleries/${gallery}`;
  if (image !== undefined) id += `/images/${image}`;
  if (version !== undefined) id += `/versions/${version}`;
  return id;
}

/** ARM compares resource ids case-insensitively. */
export function sameResourceId(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a.trim().replace(/\/+$/, '').toLowerCase() === b.trim().replace(/\/+$/, '').toLowerCase();
}
