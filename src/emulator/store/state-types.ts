/** Shapes of the emulator's persisted state: one JSON document, so a file store can hold it. */

export type JsonObject = { [key: string]: unknown };

/** A long-running operation, evaluated lazily against the clock (no timers). */
export interface OperationRecord {
  id: string;
  method: 'PUT' | 'PATCH' | 'DELETE';
  resourceId: string;
  /** Normalized region of the resource; part of the capsOperations URL. */
  location: string;
  apiVersion: string;
  startTime: number;
  endTime: number;
  outcome: 'Succeeded' | 'Failed';
  error?: { code: string; message: string };
  /** Set once its effect (e.g. removal on delete) has been applied to the store. */
  settled: boolean;
}

/** Per-region replication bookkeeping of a gallery image version. */
export interface RegionReplication {
  region: string;
  startTime: number;
  durationMs: number;
  /** Set when a fault makes this region fail; the failure shows once its time has run. */
  failure?: string;
}

export interface StoredResource {
  /** The id with the casing used at creation. */
  id: string;
  type: string;
  /** ARM JSON as returned (read-only fields included, provisioningState computed on read). */
  body: JsonObject;
  /** The operation currently changing this resource, if any. */
  operationId?: string;
  replication?: RegionReplication[];
  /** What an image version was built from (lowercased id or uri); ARM forbids changing it. */
  sourceKey?: string;
}

/** Identity of the emulated cloud, persisted so a restart on the same state file is the same Azure. */
export interface EmulatorMeta {
  tenantId: string;
  subscriptionId: string;
  defaultPrincipal: { clientId: string; objectId: string; clientSecret: string };
  adminKey: string;
}

export interface EmulatorState {
  meta?: EmulatorMeta;
  /** Keyed by lowercased resource id: ARM ids are case-insensitive. */
  resources: Record<string, StoredResource>;
  operations: Record<string, OperationRecord>;
}

export function emptyState(): EmulatorState {
  return { resources: {}, operations: {} };
}
