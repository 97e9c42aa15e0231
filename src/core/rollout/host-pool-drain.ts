/**
 * Taking a batch of AVD session hosts out of rotation without cutting users off: drain (allowNewSession=false),
 * message every user once, wait until their sessions end or the grace period has passed on the step's clock, then
 * log off whoever is left. No session is logged off before `gracePeriodMs` after its user was messaged.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { HostPoolClient, HostPoolRef } from './host-pool-client.js';

export interface DrainOptions {
  client: HostPoolClient;
  pool: HostPoolRef;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  pollIntervalMs: number;
  gracePeriodMs: number;
  message: { title: string; body: string };
}

/** Drains `hosts` and returns once none of them has a user session left. */
export async function drainHosts(hosts: readonly string[], o: DrainOptions): Promise<{ messaged: number; loggedOff: number }> {
  for (const host of hosts) await o.client.setAllowNewSession(o.pool, host, false);
  const messaged = new Map<string, number>();
  let loggedOff = 0;
  for (;;) {
    let remaining = 0;
    for (const host of hosts) {
      const sessions = await o.client.listUserSessions(o.pool, host);
      for (const s of sessions) {
        const sentAt = messaged.get(s.id);
        if (sentAt === undefined) {
          await o.client.sendMessage(s.id, o.message.title, o.message.body);
          messaged.set(s.id, o.clock.now());
          remaining++;
        } else if (o.clock.now() - sentAt >= o.gracePeriodMs) {
          await o.client.logOff(s.id);
          o.logger.info(`${o.pool.name}/${host}: logged off ${s.userPrincipalName} after the ${Math.round(o.gracePeriodMs / 60_000)}-minute grace period`);
          loggedOff++;
        } else {
          remaining++;
        }
      }
    }
    if (remaining === 0) return { messaged: messaged.size, loggedOff };
    o.logger.info(`${o.pool.name}: waiting for ${remaining} user session(s) on ${hosts.join(', ')} to end`);
    // Sleep no longer than the earliest grace expiry, so nobody waits longer than promised either.
    const now = o.clock.now();
    const nextExpiry = Math.min(...[...messaged.values()].map((t) => t + o.gracePeriodMs).filter((t) => t > now), now + o.pollIntervalMs);
    await o.clock.sleep(Math.max(1, Math.min(o.pollIntervalMs, nextExpiry - now)), o.signal);
  }
}
