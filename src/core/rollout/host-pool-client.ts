/**
 * Azure Virtual Desktop host pools, session hosts and user sessions over ARM REST (api-version 2025-10-10, the
 * newest stable desktopvirtualization.json in ../shared/azure-specs). Sent through the ResourceManagementClient's
 * pipeline (same credential, retries honouring Retry-After, user agent) rather than @azure/arm-desktopvirtualization:
 * that package's newest release (1.2.0) targets an older api-version than the spec this project follows, and it
 * would be one more dependency for five calls.
 */
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { HttpMethods } from '@azure/core-rest-pipeline';
import { azureCall } from '../azure/azure-call.js';

export const desktopApiVersion = '2025-10-10';

export interface HostPoolRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export interface HostPoolInfo {
  id: string;
  hostPoolType: 'Pooled' | 'Personal' | string;
  vmTemplate?: string;
  tags: Record<string, string>;
}

export interface SessionHostInfo {
  /** The session host name (the host's FQDN), last segment of its id. */
  name: string;
  allowNewSession: boolean;
  status: string;
  sessions: number;
  /** The backing VM's resource id. */
  vmId: string;
  assignedUser?: string;
}

export interface UserSessionInfo {
  id: string;
  userPrincipalName: string;
  sessionState: string;
}

type Json = Record<string, unknown>;

export function hostPoolId(p: HostPoolRef): string {
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/Microsoft.DesktopVirtualization/hostPools/${p.name}`;
}

/** A thin ARM REST client for the Desktop Virtualization calls a rollout needs. */
export class HostPoolClient {
  constructor(private readonly arm: ResourceManagementClient, private readonly endpoint: string) {}

  private async send(method: HttpMethods, path: string, body?: unknown, query = ''): Promise<Json | undefined> {
    return (await this.exchange(method, `${path}?api-version=${desktopApiVersion}${query}`, body)).body;
  }

  /** One ARM request (path with its query) through the client's pipeline; >= 400 throws a RestError with ARM's code. */
  async exchange(method: HttpMethods, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: Json | undefined; headers: (name: string) => string | undefined }> {
    // Imported here: pin-rollout's module (and so its --help) loads no SDK until a call is made.
    const { createPipelineRequest, RestError } = await import('@azure/core-rest-pipeline');
    const request = createPipelineRequest({ url: `${this.endpoint.replace(/\/+$/, '')}${pathAndQuery}`, method });
    if (body !== undefined) {
      request.headers.set('Content-Type', 'application/json');
      request.body = JSON.stringify(body);
    }
    const response = await this.arm.sendRequest(request);
    const parsed = response.bodyAsText ? (JSON.parse(response.bodyAsText) as Json) : undefined;
    if (response.status >= 400) {
      const error = (parsed?.error ?? {}) as { code?: string; message?: string };
      throw new RestError(error.message ?? `HTTP ${response.status}`, { code: error.code, statusCode: response.status, request, response });
    }
    return { status: response.status, body: parsed, headers: (name) => response.headers.get(name) };
  }

  private async list(path: string): Promise<Json[]> {
    const out: Json[] = [];
    let page = await this.send('GET', path);
    for (;;) {
      out.push(...((page?.value as Json[] | undefined) ?? []));
      const next = page?.nextLink;
      if (typeof next !== 'string') return out;
      const u = new URL(next);
      page = await this.send('GET', u.pathname, undefined, `&${[...u.searchParams].filter(([k]) => k !== 'api-version').map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`);
    }
  }

  async getHostPool(p: HostPoolRef): Promise<HostPoolInfo> {
    const body = await azureCall(`reading host pool ${p.name}`, () => this.send('GET', hostPoolId(p)));
    const props = (body?.properties ?? {}) as Json;
    return {
      id: String(body?.id ?? hostPoolId(p)),
      hostPoolType: String(props.hostPoolType ?? ''),
      ...(typeof props.vmTemplate === 'string' ? { vmTemplate: props.vmTemplate } : {}),
      tags: (body?.tags ?? {}) as Record<string, string>,
    };
  }

  async setHostPoolTags(p: HostPoolRef, tags: Record<string, string>): Promise<void> {
    await azureCall(`updating tags of host pool ${p.name}`, () => this.send('PATCH', hostPoolId(p), { tags }));
  }

  async listSessionHosts(p: HostPoolRef): Promise<SessionHostInfo[]> {
    const items = await azureCall(`listing session hosts of host pool ${p.name}`, () => this.list(`${hostPoolId(p)}/sessionHosts`));
    return items.map((h) => {
      const props = (h.properties ?? {}) as Json;
      return {
        name: String(h.id ?? '').split('/').pop() ?? '',
        allowNewSession: props.allowNewSession !== false,
        status: String(props.status ?? 'Unavailable'),
        sessions: Number(props.sessions ?? 0),
        vmId: String(props.resourceId ?? ''),
        ...(typeof props.assignedUser === 'string' && props.assignedUser !== '' ? { assignedUser: props.assignedUser } : {}),
      };
    });
  }

  async setAllowNewSession(p: HostPoolRef, host: string, allow: boolean): Promise<void> {
    await azureCall(`${allow ? 're-enabling' : 'draining'} session host ${host} of ${p.name}`, () =>
      this.send('PATCH', `${hostPoolId(p)}/sessionHosts/${encodeURIComponent(host)}`, { properties: { allowNewSession: allow } }));
  }

  async listUserSessions(p: HostPoolRef, host: string): Promise<UserSessionInfo[]> {
    const items = await azureCall(`listing user sessions on ${host}`, () => this.list(`${hostPoolId(p)}/sessionHosts/${encodeURIComponent(host)}/userSessions`));
    return items.map((s) => {
      const props = (s.properties ?? {}) as Json;
      return { id: String(s.id ?? ''), userPrincipalName: String(props.userPrincipalName ?? ''), sessionState: String(props.sessionState ?? '') };
    });
  }

  async sendMessage(sessionId: string, title: string, message: string): Promise<void> {
    await azureCall(`messaging user session ${sessionId}`, () => this.send('POST', `${sessionId}/sendMessage`, { messageTitle: title, messageBody: message }));
  }

  /** Logs the user off (DELETE; 204 when the session already ended). */
  async logOff(sessionId: string): Promise<void> {
    await azureCall(`logging off user session ${sessionId}`, () => this.send('DELETE', sessionId));
  }
}
