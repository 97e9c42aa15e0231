/** Matches a request to a route by method and path template; the most specific template (most literals) wins. */
import { routes, type Route } from './route-table.js';
import { defined } from '../defined.js';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface Compiled {
  route: Route;
  segments: { literal?: string; param?: string }[];
  literals: number;
}

const compiled: Compiled[] = routes.map((route) => {
  const segments = route.path.split('/').filter(Boolean).map((s) => {
    const m = /^\{(.+)\}$/.exec(s);
    return m ? { param: m[1] } : { literal: s.toLowerCase() };
  });
  return { route, segments, literals: segments.filter((s) => s.literal !== undefined).length };
});

function matchSegments(c: Compiled, parts: string[]): Record<string, string> | null {
  if (c.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = defined(c.segments[i], 'route segment');
    const part = defined(parts[i], 'path segment');
    if (seg.literal !== undefined) {
      if (seg.literal !== part.toLowerCase()) return null;
    } else if (seg.param) {
      params[seg.param] = part;
    }
  }
  return params;
}

/** Finds the route; `pathExists` tells a 405 (path known, method not) from a 404. */
export function matchRoute(method: string, pathname: string): { match?: RouteMatch; pathExists: boolean } {
  const parts = pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  let best: RouteMatch | undefined;
  let bestLiterals = -1;
  let pathExists = false;
  for (const c of compiled) {
    const params = matchSegments(c, parts);
    if (!params) continue;
    pathExists = true;
    if (c.route.method !== method) continue;
    if (c.literals > bestLiterals) {
      best = { route: c.route, params };
      bestLiterals = c.literals;
    }
  }
  return { match: best, pathExists };
}
