/** pin-rollout's summary and outputs for AVD host pools (issue 19): one table per ring, batches on the timeline. */
import type { SummarySection } from '../summary/summary.js';
import type { HostPoolRecord } from './host-pool-ring.js';
import type { HostPoolBatch } from './host-pool-rollout.js';
import type { RolloutResult, Ring } from './rollout-types.js';

const minutes = (ms: number): string => `${Math.round(ms / 60_000)} min`;

function statusText(r: HostPoolRecord): string {
  return r.unhealthy ? `unhealthy, ${r.status}` : r.status;
}

/** A table per ring that lists host pools: what moved, what was drained, whose sessions were waited for. */
export function hostPoolSections(rings: readonly Ring[], result: RolloutResult): SummarySection[] {
  const records = result.hostPools ?? [];
  return rings.flatMap((ring): SummarySection[] => {
    const rows = records.filter((r) => r.ring === ring.name);
    if (rows.length === 0) return [];
    const p = ring.hostPoolPolicy;
    return [{
      kind: 'table',
      heading: `Ring ${ring.name}: host pools${p ? ` (max unavailable ${p.maxUnavailablePercent}%, grace ${minutes(p.gracePeriodMs)})` : ''}`,
      columns: ['Host pool', 'Type', 'Session hosts', 'Updated', 'Drained', 'Sessions waited for', 'Logged off', 'Skipped', 'Batches', 'Status'],
      rows: rows.map((r) => [
        r.ref.name, r.outcome.hostPoolType, r.outcome.hosts, r.outcome.moved.length, r.outcome.drained, r.outcome.sessionsWaited, r.outcome.loggedOff,
        r.outcome.skipped.length, r.outcome.batches, statusText(r),
      ]),
    }];
  });
}

function batchEvent(b: HostPoolBatch, i: number): string {
  return `batch ${i + 1}: ${b.hosts.length} host${b.hosts.length === 1 ? '' : 's'}, users gone after ${minutes(b.emptyAt - b.startedAt)}` +
    `${b.loggedOff > 0 ? ` (${b.loggedOff} logged off)` : ''}, back after ${minutes(b.doneAt - b.startedAt)}${b.unhealthy > 0 ? `, ${b.unhealthy} unhealthy` : ''}`;
}

/** Timeline entries of one ring's host pools: one per pool, one event per batch, then its status. */
export function hostPoolTimelineEntries(result: RolloutResult, ring: string): { period: string; events: string[] }[] {
  return (result.hostPools ?? []).filter((r) => r.ring === ring).map((r) => ({
    period: r.ref.name,
    events: [
      ...(r.outcome.batchLog.length > 0 ? r.outcome.batchLog.map(batchEvent) : [`${r.outcome.batches} batch${r.outcome.batches === 1 ? '' : 'es'} of ${r.outcome.hosts} session hosts`]),
      statusText(r),
    ],
  }));
}

/** The pin-rollout output `host-pools`: one object per host pool. */
export function hostPoolsOutput(result: RolloutResult): string {
  return JSON.stringify((result.hostPools ?? []).map((r) => ({
    ring: r.ring,
    hostPool: r.ref.name,
    resourceGroup: r.ref.resourceGroup,
    status: r.status,
    unhealthy: r.unhealthy,
    sessionHosts: r.outcome.hosts,
    updated: r.outcome.moved.length,
    drained: r.outcome.drained,
    sessionsWaited: r.outcome.sessionsWaited,
    loggedOff: r.outcome.loggedOff,
    skipped: r.outcome.skipped.map((s) => s.host),
    batches: r.outcome.batches,
  })));
}
