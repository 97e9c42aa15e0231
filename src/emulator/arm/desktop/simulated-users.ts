/**
 * Simulated AVD users, evaluated against the emulator clock (no timers). A user session is seeded with a schedule
 * (`simulation.logOnAt`/`logOffAt`, epoch ms). It exists from logOnAt until logOffAt, unless its session host was
 * drained (allowNewSession=false) at logOnAt: the broker places no new session on a drained host, so it never starts.
 * A session that was still running when its VM's OS disk was reimaged ends then (`endedBy: 'reimage'`), which tests
 * read to prove no user was cut off without a log-off.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, StoredResource } from '../../store/state-types.js';

export interface SessionSimulation {
  logOnAt: number;
  logOffAt: number;
  /** Set by POST .../disconnect. */
  disconnectedAt?: number;
  /** Set when the session ended other than by its schedule. */
  endedAt?: number;
  endedBy?: 'logoff' | 'reimage';
  /** Messages sent to the user (sendMessage), with the emulated time they were sent. */
  messages?: { at: number; title: string; body: string }[];
}

export interface HostSimulation {
  /** [from, to) intervals during which allowNewSession was false; `to` open while drained. */
  drains?: [number, number | null][];
  /** The image the backing VM was last reimaged to. */
  runningImage?: string;
}

export const simulationKey = 'simulation';

export function sessionSimulation(r: StoredResource): SessionSimulation | undefined {
  const s = r.body[simulationKey] as SessionSimulation | undefined;
  return s && typeof s.logOnAt === 'number' ? s : undefined;
}

export function hostSimulation(r: StoredResource): HostSimulation {
  const s = (r.body[simulationKey] ?? {}) as HostSimulation;
  r.body[simulationKey] = s;
  return s;
}

function drainedAt(host: StoredResource | undefined, at: number): boolean {
  const drains = host ? ((host.body[simulationKey] as HostSimulation | undefined)?.drains ?? []) : [];
  return drains.some(([from, to]) => from <= at && (to === null || at < to));
}

/** True when the session is logged on at `now` (seeded sessions without a schedule always are, until ended). */
export function sessionLive(session: StoredResource, host: StoredResource | undefined, now: number): boolean {
  const s = sessionSimulation(session);
  if (!s) return !(session.body[simulationKey] as SessionSimulation | undefined)?.endedAt;
  if (now < s.logOnAt || now >= s.logOffAt) return false;
  if (s.endedAt !== undefined && s.endedAt <= now) return false;
  return !drainedAt(host, s.logOnAt);
}

/** The ARM body of a session as the API shows it: no simulation fields, sessionState from the schedule. */
export function presentSession(session: StoredResource, now: number): JsonObject {
  const body = structuredClone(session.body);
  const s = body[simulationKey] as SessionSimulation | undefined;
  delete body[simulationKey];
  const props = (body.properties ?? {}) as JsonObject;
  props.sessionState = s?.disconnectedAt !== undefined && s.disconnectedAt <= now ? 'Disconnected' : (props.sessionState ?? 'Active');
  if (s?.logOnAt !== undefined) props.createTime = new Date(s.logOnAt).toISOString();
  body.properties = props;
  return body;
}

export interface ScheduleOptions {
  /** Session host ids (`.../hostPools/{p}/sessionHosts/{h}`). */
  sessionHostIds: readonly string[];
  usersPerHost: number;
  /** Start of the schedule (emulated epoch ms). */
  startAt: number;
  /** Sessions log on within [startAt, startAt + logOnSpreadMs) and last between minMs and maxMs. */
  logOnSpreadMs: number;
  minDurationMs: number;
  maxDurationMs: number;
  /** Same seed, same schedule. */
  seed: string;
}

/** A deterministic schedule of user sessions, as seed resources for the emulator's state API. */
export function userSessionSchedule(o: ScheduleOptions): { id: string; body: JsonObject }[] {
  let counter = 0;
  const draw = (): number => {
    const h = createHash('sha256').update(`${o.seed}:${counter++}`).digest();
    return h.readUInt32BE(0) / 0x1_0000_0000;
  };
  const out: { id: string; body: JsonObject }[] = [];
  for (const hostId of o.sessionHostIds) {
    for (let i = 1; i <= o.usersPerHost; i++) {
      const logOnAt = o.startAt + Math.floor(draw() * o.logOnSpreadMs);
      const logOffAt = logOnAt + o.minDurationMs + Math.floor(draw() * (o.maxDurationMs - o.minDurationMs));
      const user = `user${out.length + 1}`;
      out.push({
        id: `${hostId}/userSessions/${i}`,
        body: {
          properties: {
            objectId: createHash('sha256').update(`${o.seed}:${user}`).digest('hex').slice(0, 32).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'),
            userPrincipalName: `${user}@contoso.example`,
            applicationType: 'Desktop',
            activeDirectoryUserName: `CONTOSO\\${user}`,
          },
          [simulationKey]: { logOnAt, logOffAt } satisfies SessionSimulation,
        },
      });
    }
  }
  return out;
}
