/** GET /subscriptions/{id}/locations and GET .../Microsoft.Compute/skus. */
import { regions } from '../data/regions.js';
import { resourceSkus } from '../data/skus.js';
import { armErrors } from '../arm-error.js';
import type { ArmHandler } from '../handler-types.js';
import { defined } from '../../defined.js';

export const locationsHandler: ArmHandler = (req) => ({
  status: 200,
  body: {
    value: regions.map((r) => ({
      id: `/subscriptions/${req.params.subscriptionId}/locations/${r.name}`,
      name: r.name,
      type: 'Region',
      displayName: r.displayName,
      regionalDisplayName: `(${r.geographyGroup}) ${r.displayName}`,
      metadata: {
        regionType: 'Physical',
        regionCategory: 'Recommended',
        geography: r.geographyGroup,
        geographyGroup: r.geographyGroup,
        longitude: r.longitude,
        latitude: r.latitude,
        physicalLocation: r.physicalLocation,
        pairedRegion: r.pairedRegion
          ? [{ name: r.pairedRegion, id: `/subscriptions/${req.params.subscriptionId}/locations/${r.pairedRegion}` }]
          : [],
      },
    })),
  },
});

/** Supports ARM's only documented filter for this API: `location eq '<region>'`. */
export const skusHandler: ArmHandler = (req) => {
  const filter = req.query.get('$filter');
  let skus = resourceSkus();
  if (filter) {
    const m = /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter);
    if (!m) throw armErrors.invalidParameter('$filter', `The $filter '${filter}' is not supported. Only "location eq '<region>'" is supported.`);
    const wanted = defined(m[1], 'location filter value').replace(/\s+/g, '').toLowerCase();
    skus = skus.filter((s) => (s.locations as string[]).some((l) => l.toLowerCase() === wanted));
  }
  return { status: 200, body: { value: skus } };
};
