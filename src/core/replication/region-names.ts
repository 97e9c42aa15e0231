import type { AzureContext } from '../azure/azure-context.js';
import { suggest } from '../config/suggest.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { azureCall } from '../azure/azure-call.js';
import { inputError } from '../input-error.js';

/** The subscription's locations: programmatic names, with a lookup that also accepts display names. */
export interface LocationCatalog {
  /** Programmatic names (`westeurope`), in ARM's order. */
  names: readonly string[];
  /** `westeurope` for 'westeurope', 'WestEurope' or 'West Europe'; undefined when unknown. */
  canonical(name: string): string | undefined;
}

/** ARM returns regions as display names in targetRegions and ReplicationStatus; compare without case or spaces. */
function key(name: string): string {
  return name.replace(/[\s_-]+/g, '').toLowerCase();
}

/** Builds a catalog from (name, displayName) pairs. */
export function locationCatalog(locations: readonly { name?: string; displayName?: string }[]): LocationCatalog {
  const byKey = new Map<string, string>();
  const names: string[] = [];
  for (const l of locations) {
    if (!l.name) continue;
    names.push(l.name);
    byKey.set(key(l.name), l.name);
    if (l.displayName) byKey.set(key(l.displayName), l.name);
  }
  return { names, canonical: (name) => byKey.get(key(name)) };
}

/**
 * A catalog for when the location list cannot be read: names are only normalised ('West Europe' -> 'westeurope'),
 * so unknown names reach ARM, which rejects them (400) without changing anything.
 */
export function normalisingCatalog(): LocationCatalog {
  return { names: [], canonical: (name) => key(name) };
}

/**
 * Reads the subscription's locations (one ARM call) for region-name checks. Undefined when the identity may not
 * list them: listing needs a role on the subscription, which a least-privilege publisher may not have.
 */
export async function loadLocations(azure: AzureContext): Promise<LocationCatalog | undefined> {
  try {
    return await azureCall(`listing the locations of subscription ${azure.subscriptionId}`, async () => {
      const found: { name?: string; displayName?: string }[] = [];
      for await (const l of azure.subscriptions().subscriptions.listLocations(azure.subscriptionId)) found.push(l);
      return locationCatalog(found);
    });
  } catch (err) {
    if (err instanceof ConfigurationError && err.code === ErrorCodes.authorizationFailed) return undefined;
    throw err;
  }
}

/**
 * Maps each requested name to its programmatic name, or throws one E_INPUT_INVALID listing every unknown name
 * with a suggestion ("westeurpe: did you mean westeurope?"). Called before any change, so a typo changes nothing.
 */
export function canonicalRegions(requested: readonly string[], catalog: LocationCatalog, subscriptionId: string): string[] {
  const unknown: string[] = [];
  const out = requested.map((name) => {
    const found = catalog.canonical(name);
    if (found === undefined) {
      const hint = suggest(name, catalog.names);
      unknown.push(hint ? `${name}: did you mean ${hint}?` : `${name}: not a location of this subscription`);
    }
    return found ?? name;
  });
  if (unknown.length > 0) {
    throw inputError(ErrorCodes.inputInvalid, 'regions',
      `names ${unknown.length === 1 ? 'a region' : 'regions'} that subscription ${subscriptionId} does not offer: ` +
        `${unknown.join('; ')}. Use programmatic names as listed by 'az account list-locations -o table' (Name column). Nothing was changed.`,
    );
  }
  const seen = new Set<string>();
  const duplicates = out.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (duplicates.length > 0) {
    throw inputError(ErrorCodes.inputInvalid, 'regions',
      `lists ${[...new Set(duplicates)].join(', ')} more than once; give each region once (merge its settings). Nothing was changed.`,
    );
  }
  return out;
}
