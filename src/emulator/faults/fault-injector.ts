/**
 * Faults on demand: by rate (a share of matching requests) or by script (the next N matching requests), plus
 * operation-level faults (an LRO that ends Failed, a region whose replication fails). ARM routes only, unless a
 * rule says otherwise, so tokens and the admin API keep working while ARM misbehaves.
 */
import type { OperationFaults } from '../arm/handler-types.js';

export type FaultAction =
  | { kind: 'status'; status: number; code?: string; message?: string; retryAfterSeconds?: number }
  | { kind: 'reset' }
  | { kind: 'latency'; ms: number };

export interface FaultMatch {
  /** HTTP method, case-insensitive; any when absent. */
  method?: string;
  /** Regular expression (source text) tested against the URL path; any when absent. */
  path?: string;
  /** Which routes the rule may hit; default 'arm'. */
  scope?: 'arm' | 'identity' | 'all';
}

export interface FaultRules {
  rates: { rate: number; action: FaultAction; match: FaultMatch }[];
  scripts: { remaining: number; action: FaultAction; match: FaultMatch }[];
  operations: { remaining: number; match: FaultMatch; code: string; message: string }[];
  replication: { region: string; details: string; versionPath?: string; remaining: number }[];
}

export interface FaultInjector extends OperationFaults {
  /** Applies `action` to about `rate` (0..1) of matching requests; deterministic sequence per emulator. */
  setRate(rate: number, action: FaultAction, match?: FaultMatch): void;
  /** Applies `action` to the next `count` matching requests. */
  script(count: number, action: FaultAction, match?: FaultMatch): void;
  /** Makes the next `count` LROs started by matching requests end Failed with this error. */
  failOperations(options?: { count?: number; match?: FaultMatch; code?: string; message?: string }): void;
  /** Makes replication into `region` fail (for versions whose path matches `versionPath`), `count` times (default always). */
  failReplication(region: string, options?: { details?: string; versionPath?: string; count?: number }): void;
  clear(): void;
  rules(): FaultRules;
  /** Pipeline hook: the fault to apply to this request, if any. */
  pick(method: string, path: string, routeKind: 'arm' | 'identity'): FaultAction | undefined;
}

function matches(m: FaultMatch, method: string, path: string, kind: 'arm' | 'identity'): boolean {
  const scope = m.scope ?? 'arm';
  if (scope !== 'all' && scope !== kind) return false;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path && !new RegExp(m.path, 'i').test(path)) return false;
  return true;
}

/** Small deterministic PRNG (mulberry32) so rate-based fault runs are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFaultInjector(seed = 1): FaultInjector {
  let state: FaultRules = { rates: [], scripts: [], operations: [], replication: [] };
  const random = prng(seed);
  return {
    setRate(rate, action, match = {}) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate ${rate} must be between 0 and 1`);
      state.rates.push({ rate, action, match });
    },
    script(count, action, match = {}) {
      state.scripts.push({ remaining: count, action, match });
    },
    failOperations(options = {}) {
      state.operations.push({
        remaining: options.count ?? 1,
        match: options.match ?? {},
        code: options.code ?? 'InternalOperationError',
        message: options.message ?? 'The operation failed because of an injected fault.',
      });
    },
    failReplication(region, options = {}) {
      state.replication.push({
        region: region.replace(/\s+/g, '').toLowerCase(),
        details: options.details ?? `Replication to region '${region}' failed: the target storage account is unavailable (injected fault).`,
        ...(options.versionPath ? { versionPath: options.versionPath } : {}),
        remaining: options.count ?? Number.POSITIVE_INFINITY,
      });
    },
    clear() {
      state = { rates: [], scripts: [], operations: [], replication: [] };
    },
    rules: () => state,
    pick(method, path, kind) {
      const script = state.scripts.find((s) => s.remaining > 0 && matches(s.match, method, path, kind));
      if (script) {
        script.remaining--;
        return script.action;
      }
      for (const r of state.rates) {
        if (matches(r.match, method, path, kind) && random() < r.rate) return r.action;
      }
      return undefined;
    },
    takeOperationFailure(method, resourceId) {
      const rule = state.operations.find((o) => o.remaining > 0 && matches(o.match, method, resourceId, 'arm'));
      if (!rule) return undefined;
      rule.remaining--;
      return { code: rule.code, message: rule.message };
    },
    replicationFailure(versionId, region) {
      const rule = state.replication.find(
        (r) => r.remaining > 0 && r.region === region && (!r.versionPath || new RegExp(r.versionPath, 'i').test(versionId)),
      );
      if (!rule) return undefined;
      rule.remaining--;
      return rule.details;
    },
  };
}
