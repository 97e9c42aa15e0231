/** The image inventory as data: one JSON document, rendered to markdown for the job summary. */

export interface InventoryVersion {
  name: string;
  id: string;
  /** ISO date, or undefined when ARM reports none. */
  publishedDate: string | undefined;
  ageDays: number | undefined;
  endOfLifeDate: string | undefined;
  /** 'past' once the end-of-life date has passed. */
  endOfLife: 'none' | 'future' | 'past';
  excludeFromLatest: boolean;
  provisioningState: string;
  regions: string[];
  /** Channel pins naming this version (`prod`, `prod.previous`). */
  channels: string[];
  /** Scale sets, instances and VMs whose imageReference.id is this exact version. */
  consumers: string[];
  /** True when "latest" of the definition resolves to this version. */
  servesLatest: boolean;
  signed: boolean;
  /** Key id recorded by the sign step, when signed. */
  signatureKeyId: string | undefined;
  /** Published longer ago than the stale threshold. */
  stale: boolean;
}

export interface InventoryDefinition {
  name: string;
  id: string;
  osType: string | undefined;
  identifier: { publisher?: string; offer?: string; sku?: string };
  /** channel -> version, from the definition's tags. */
  channels: Record<string, string>;
  latestVersion: string | undefined;
  /** Resources that reference the definition itself and so follow "latest". */
  latestConsumers: string[];
  versions: InventoryVersion[];
}

export interface Inventory {
  generatedAt: string;
  gallery: { name: string; resourceGroup: string; id: string };
  staleAfterDays: number;
  /** Subscriptions searched for consumers. */
  subscriptions: string[];
  definitions: InventoryDefinition[];
  totals: { definitions: number; versions: number; stale: number; unsigned: number; unused: number };
}
