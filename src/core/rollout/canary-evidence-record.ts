/**
 * The evidence a version leaves when its canary passed, so the next version's canary compares against it. Kept as
 * a tag on the gallery image version (beside the signature tags; tags are not part of the signed manifest), split
 * over numbered keys when longer than ARM's 256 characters and capped so it never crowds out other tags.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import { azureCall, azureGetOrUndefined } from '../azure/azure-call.js';
import { parseResourceId } from '../azure/resource-id.js';
import { TAG_PREFIX } from '../tags/provenance-tags.js';
import { MAX_TAG_VALUE_LENGTH } from '../tags/tag-limits.js';
import type { FigureStats } from './canary-evidence.js';
import { getLong, putLong } from './rollout-tags.js';

export const EVIDENCE_TAG = `${TAG_PREFIX}canary.evidence`;
/** At most this many tags (of ARM's 50 per resource) carry the record. */
const MAX_RECORD_TAGS = 4;

export interface BenchmarkFigure {
  value: number;
  unit: string;
  better: 'lower' | 'higher';
  n: number;
}

export interface EvidenceRecord {
  /** ISO time of the canary that measured it. */
  at: string;
  platform: FigureStats;
  benchmarks: Record<string, BenchmarkFigure>;
}

type Wire = { v: 1; at: string; p: Record<string, [number, number]>; b?: Record<string, [number, string, 'l' | 'h', number]> };

export function encodeRecord(r: EvidenceRecord): string {
  const p: Wire['p'] = {};
  for (const [k, s] of Object.entries(r.platform)) p[k] = [Math.round(s.median), s.n];
  const b: NonNullable<Wire['b']> = {};
  for (const [k, f] of Object.entries(r.benchmarks)) b[k] = [f.value, f.unit, f.better === 'lower' ? 'l' : 'h', f.n];
  const wire: Wire = { v: 1, at: r.at, p, ...(Object.keys(b).length > 0 ? { b } : {}) };
  return JSON.stringify(wire);
}

/** Parses a record; undefined for anything that is not one (a hand-edited tag is no evidence). */
export function decodeRecord(text: string | undefined): EvidenceRecord | undefined {
  if (!text) return undefined;
  let w: Wire;
  try {
    w = JSON.parse(text) as Wire;
  } catch {
    return undefined;
  }
  if (!w || w.v !== 1 || typeof w.p !== 'object') return undefined;
  const platform: FigureStats = {};
  for (const k of ['toRunningMs', 'toHealthyMs'] as const) {
    const e = w.p[k];
    if (Array.isArray(e) && typeof e[0] === 'number' && typeof e[1] === 'number') platform[k] = { median: e[0], n: e[1] };
  }
  const benchmarks: Record<string, BenchmarkFigure> = {};
  for (const [k, e] of Object.entries(w.b ?? {})) {
    if (Array.isArray(e) && typeof e[0] === 'number') benchmarks[k] = { value: e[0], unit: String(e[1]), better: e[2] === 'h' ? 'higher' : 'lower', n: Number(e[3] ?? 1) };
  }
  return { at: String(w.at), platform, benchmarks };
}

function versionParts(versionId: string): { rg: string; gallery: string; image: string; version: string } | undefined {
  const p = parseResourceId(versionId);
  if (!p || p.type !== 'microsoft.compute/galleries/images/versions') return undefined;
  const [gallery, image, version] = p.names;
  if (!gallery || !image || !version) return undefined;
  return { rg: p.resourceGroup, gallery, image, version };
}

/** The record on a gallery version; undefined when the id is no version, the version is gone, or it has none. */
export async function readRecord(compute: ComputeManagementClient, versionId: string): Promise<EvidenceRecord | undefined> {
  const v = versionParts(versionId);
  if (!v) return undefined;
  const got = await azureGetOrUndefined(`reading the evidence of ${v.version}`, () => compute.galleryImageVersions.get(v.rg, v.gallery, v.image, v.version));
  return decodeRecord(getLong(got?.tags, EVIDENCE_TAG));
}

/** Writes the record on the version (PATCH of its tags, keeping the others); too long a record drops benchmarks. */
export async function writeRecord(compute: ComputeManagementClient, versionId: string, record: EvidenceRecord): Promise<void> {
  const v = versionParts(versionId);
  if (!v) return;
  let text = encodeRecord(record);
  if (text.length > MAX_RECORD_TAGS * MAX_TAG_VALUE_LENGTH) text = encodeRecord({ ...record, benchmarks: {} });
  const current = await azureCall(`reading ${v.version}`, () => compute.galleryImageVersions.get(v.rg, v.gallery, v.image, v.version));
  const tags = { ...(current.tags ?? {}) };
  putLong(tags, EVIDENCE_TAG, text);
  await azureCall(`recording the canary evidence on ${v.version}`, () => compute.galleryImageVersions.update(v.rg, v.gallery, v.image, v.version, { tags }));
}
