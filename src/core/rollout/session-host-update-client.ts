/**
 * AVD session host update over ARM REST: a host pool's session host configuration (its image), its session host
 * management (update settings), InitiateSessionHostUpdate, ControlSessionHostUpdate and the update status. These
 * exist only in preview api-versions; 2026-03-01-preview is the one ../shared/azure-specs holds. Sent through
 * HostPoolClient's pipeline (same credential, retries, user agent).
 */
import type { HostPoolClient, HostPoolRef } from './host-pool-client.js';
import { hostPoolId } from './host-pool-client.js';
import { azureCall, azureGetOrUndefined } from '../azure/azure-call.js';

export const sessionHostUpdateApiVersion = '2026-03-01-preview';

type Json = Record<string, unknown>;

export interface UpdateSettings {
  maxVmsRemoved: number;
  logOffDelayMinutes: number;
  logOffMessage: string;
  deleteOriginalVm: boolean;
}

export interface SessionHostConfigurationInfo {
  /** The configuration's version (a timestamp); hosts report the version they were last updated to. */
  version: string;
  provisioningState: string;
  /** The image as one string: a Custom image's resource id, or a marketplace image's publisher:offer:sku:version. */
  image: string;
}

export interface UpdateStatusInfo {
  status: string;
  percentComplete: number;
  total: number;
  inProgress: number;
  completed: number;
  error?: string;
}

export interface ManagedHostInfo {
  name: string;
  status: string;
  allowNewSession: boolean;
  /** The configuration version the host was last updated to ('' when never). */
  configurationVersion: string;
}

/** Statuses of an update that is not over yet (SessionHostManagementUpdateStatus.status). */
export const updateInProgress: readonly string[] = ['Scheduled', 'ValidatingSessionHostUpdate', 'UpdatingSessionHosts', 'Pausing', 'Paused', 'Cancelling'];

function imageOf(props: Json): string {
  const info = (props.imageInfo ?? {}) as Json;
  if (String(info.type ?? '').toLowerCase() === 'custom') return String((info.customInfo as Json | undefined)?.resourceId ?? '');
  const m = (info.marketplaceInfo ?? {}) as Json;
  return [m.publisher, m.offer, m.sku, m.exactVersion].map((x) => String(x ?? '')).join(':');
}

/** The session host update calls of one host pool. */
export class SessionHostUpdateClient {
  constructor(private readonly client: HostPoolClient, private readonly pool: HostPoolRef) {}

  private path(suffix: string): string {
    return `${hostPoolId(this.pool)}${suffix}?api-version=${sessionHostUpdateApiVersion}`;
  }

  /** The configuration, or undefined when the pool has none (a 404). */
  async configuration(): Promise<SessionHostConfigurationInfo | undefined> {
    const res = await azureGetOrUndefined(`reading the session host configuration of ${this.pool.name}`, () => this.client.exchange('GET', this.path('/sessionHostConfigurations/default')));
    if (!res) return undefined;
    const props = (res.body?.properties ?? {}) as Json;
    return { version: String(props.version ?? ''), provisioningState: String(props.provisioningState ?? ''), image: imageOf(props) };
  }

  /** The management's saved update settings, or undefined when the pool has no session host management. */
  async updateSettings(): Promise<UpdateSettings | undefined> {
    const res = await azureGetOrUndefined(`reading the session host management of ${this.pool.name}`, () => this.client.exchange('GET', this.path('/sessionHostManagements/default')));
    if (!res) return undefined;
    const u = (((res.body?.properties ?? {}) as Json).update ?? {}) as Json;
    return { maxVmsRemoved: Number(u.maxVmsRemoved ?? 1), logOffDelayMinutes: Number(u.logOffDelayMinutes ?? 0), logOffMessage: String(u.logOffMessage ?? ''), deleteOriginalVm: u.deleteOriginalVm === true };
  }

  /** Points the configuration at a gallery image version (PATCH; an LRO the caller follows by reading the configuration). */
  async setImage(imageId: string): Promise<void> {
    await azureCall(`pointing the session host configuration of ${this.pool.name} at ${imageId.split('/').pop() ?? imageId}`, () =>
      this.client.exchange('PATCH', this.path('/sessionHostConfigurations/default'), { properties: { imageInfo: { type: 'Custom', customInfo: { resourceId: imageId } } } }));
  }

  /** Starts a session host update now, with the management's saved settings (204). */
  async initiate(): Promise<void> {
    await azureCall(`starting the session host update of ${this.pool.name}`, () => this.client.exchange('POST', this.path('/sessionHostManagements/default/initiateSessionHostUpdate'), {}));
  }

  /** Cancel / Pause / Resume / Retry; returns the Location monitor to follow. */
  async control(action: 'Cancel' | 'Pause' | 'Resume' | 'Retry', cancelMessage?: string): Promise<string | undefined> {
    const res = await azureCall(`${action.toLowerCase()} the session host update of ${this.pool.name}`, () =>
      this.client.exchange('POST', this.path('/sessionHostManagements/default/controlSessionHostUpdate'), { action, ...(cancelMessage !== undefined ? { cancelMessage } : {}) }));
    return res.headers('location');
  }

  /** The latest update's status, or undefined when the pool never had one. */
  async status(): Promise<UpdateStatusInfo | undefined> {
    const res = await azureGetOrUndefined(`reading the session host update status of ${this.pool.name}`, () =>
      this.client.exchange('GET', this.path('/sessionHostManagements/default/sessionHostUpdateStatuses/default')));
    if (!res?.body) return undefined;
    const b = res.body;
    const progress = (((b.properties ?? {}) as Json).progress ?? {}) as Json;
    const error = b.error as { code?: string; message?: string } | undefined;
    return {
      status: String(b.status ?? ''), percentComplete: Number(b.percentComplete ?? 0), total: Number(progress.totalSessionHosts ?? 0),
      inProgress: Number(progress.sessionHostsInProgress ?? 0), completed: Number(progress.sessionHostsCompleted ?? 0),
      ...(error ? { error: `${error.code ?? 'Error'}: ${error.message ?? ''}` } : {}),
    };
  }

  /** Session hosts with the configuration version each was last updated to (a preview-only property). */
  async hosts(): Promise<ManagedHostInfo[]> {
    const out: ManagedHostInfo[] = [];
    let next: string | undefined = this.path('/sessionHosts');
    while (next) {
      const page: Json | undefined = (await azureCall(`listing session hosts of ${this.pool.name}`, () => this.client.exchange('GET', next ?? ''))).body;
      for (const h of (page?.value as Json[] | undefined) ?? []) {
        const props = (h.properties ?? {}) as Json;
        out.push({ name: String(h.id ?? '').split('/').pop() ?? '', status: String(props.status ?? ''), allowNewSession: props.allowNewSession !== false, configurationVersion: String(props.sessionHostConfiguration ?? '') });
      }
      const link = page?.nextLink;
      next = typeof link === 'string' ? `${new URL(link).pathname}${new URL(link).search}` : undefined;
    }
    return out;
  }
}
