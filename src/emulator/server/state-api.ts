/** The test-facing state API of the handle (and the admin routes): reset, seed, look up, snapshot. */
import type { StateStore } from '../store/state-store.js';
import type { JsonObject } from '../store/state-types.js';

export interface SeedResource {
  id: string;
  /** Defaults to the type derived from the id (e.g. Microsoft.Compute/snapshots). */
  type?: string;
  /** ARM JSON body; id/name/type are filled from the id when missing. */
  body: JsonObject;
}

export interface EmulatorStateApi {
  /** Removes every resource and operation. */
  reset(): void;
  /** Stores resources as if they had been created and finished provisioning (e.g. a VM to capture). */
  seed(resources: SeedResource[]): void;
  /** The stored ARM body of a resource (case-insensitive id), or undefined. */
  resource(id: string): unknown;
  /** A deep copy of all state; compare two snapshots to assert "nothing changed". */
  snapshot(): unknown;
}

/** Derives 'Microsoft.Compute/galleries/images' from an ARM id. */
export function typeFromId(id: string): string {
  const parts = id.split('/').filter(Boolean);
  const p = parts.findIndex((x) => x.toLowerCase() === 'providers');
  if (p < 0) return parts.length === 4 ? 'Microsoft.Resources/resourceGroups' : 'Microsoft.Resources/subscriptions';
  return [parts[p + 1], ...parts.slice(p + 2).filter((_, i) => i % 2 === 0)].join('/');
}

export function createEmulatorState(store: StateStore): EmulatorStateApi {
  return {
    reset: () => store.reset(),
    seed(resources) {
      const state = store.load();
      for (const r of resources) {
        const type = r.type ?? typeFromId(r.id);
        const name = r.id.split('/').filter(Boolean).pop() ?? '';
        state.resources[r.id.toLowerCase()] = { id: r.id, type, body: { id: r.id, name, type, ...r.body } };
      }
      store.save(state);
    },
    resource: (id) => {
      const r = store.load().resources[id.toLowerCase()];
      return r ? structuredClone(r.body) : undefined;
    },
    snapshot: () => structuredClone(store.load().resources),
  };
}
