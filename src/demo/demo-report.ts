/** The demo's closing report: per step what it did, how long it took and what it created; then where the image is. */
import { formatDuration } from '../core/summary/lifecycle-overview.js';
import type { EmulatorHandle } from '../emulator/index.js';

export interface StepRecord {
  name: string;
  purpose: string;
  status: 'ok' | 'failed' | 'skipped';
  /** Why a step was skipped or failed, one line. */
  note?: string;
  wallMs: number;
  emulatedMs: number;
  outputs: Record<string, string>;
  created: { id: string; type: string; location?: string }[];
}

interface StoredResource {
  id: string;
  type: string;
  body: Record<string, unknown>;
}

/** Stored resources by lower-case id, from the emulator's state snapshot. */
export function resourceMap(emulator: EmulatorHandle): Map<string, StoredResource> {
  return new Map(Object.entries(emulator.state.snapshot() as Record<string, StoredResource>));
}

/** Resources present in `after` but not in `before`. */
export function createdBetween(before: Map<string, StoredResource>, after: Map<string, StoredResource>): StepRecord['created'] {
  return [...after]
    .filter(([key]) => !before.has(key))
    .map(([, r]) => ({ id: r.id, type: r.type, ...(typeof r.body.location === 'string' ? { location: r.body.location } : {}) }));
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Renders the closing report as plain text. */
export function renderReport(records: readonly StepRecord[], emulator: EmulatorHandle, versionId: string | undefined): string {
  const outputs = (step: string, name: string): string | undefined => records.find((r) => r.name === step)?.outputs[name] || undefined;
  const lines: string[] = ['', '=== image-publish demo: report ===', ''];
  lines.push(`${pad('step', 12)}${pad('result', 9)}${pad('wall', 9)}${pad('emulated', 11)}what`);
  for (const r of records) {
    const wall = r.status === 'skipped' ? '-' : formatDuration(r.wallMs);
    const emulated = r.status === 'skipped' ? '-' : formatDuration(r.emulatedMs);
    lines.push(`${pad(r.name, 12)}${pad(r.status, 9)}${pad(wall, 9)}${pad(emulated, 11)}${r.note ?? r.purpose}`);
  }
  const totalWall = records.reduce((s, r) => s + r.wallMs, 0);
  const totalEmulated = records.reduce((s, r) => s + r.emulatedMs, 0);
  lines.push(`${pad('total', 21)}${pad(formatDuration(totalWall), 9)}${formatDuration(totalEmulated)}`);
  lines.push(
    `(wall: the step's process, start to exit; emulated: Azure's clock, running x${emulator.clock.speed}, from the step's first to its last request)`,
  );

  lines.push('', 'Created in Azure (emulator):');
  for (const r of records) {
    for (const c of r.created) lines.push(`  [${r.name}] ${c.type}${c.location ? ` (${c.location})` : ''}\n      ${c.id}`);
  }
  if (records.every((r) => r.created.length === 0)) lines.push('  (nothing)');
  const vhd = outputs('bake', 'vhd-uri');
  if (vhd) lines.push(`  [bake] page blob (Azurite), ${outputs('bake', 'size') ?? '?'} bytes, sha256 ${outputs('bake', 'sha256') ?? '?'}\n      ${vhd}`);
  const files = [
    ['bake manifest', outputs('bake', 'manifest')],
    ['SARIF', outputs('scan', 'sarif-file')],
    ['DSSE envelope', outputs('sign', 'envelope-path')],
  ].filter((f): f is [string, string] => f[1] !== undefined);
  if (files.length > 0) lines.push('', 'Files (in the work folder; removed at exit unless --keep):', ...files.map(([what, path]) => `  ${pad(what, 15)}${path}`));

  const stored = versionId ? resourceMap(emulator).get(versionId.toLowerCase()) : undefined;
  if (stored) {
    lines.push('', `Image version ${versionId}`);
    const properties = (stored.body.properties ?? {}) as Record<string, unknown>;
    const profile = (properties.publishingProfile ?? {}) as { targetRegions?: { name?: string; regionalReplicaCount?: number }[]; excludeFromLatest?: boolean };
    const regions = (profile.targetRegions ?? []).map((t) => `${t.name ?? '?'} x${t.regionalReplicaCount ?? 1}`);
    lines.push(`  regions: ${regions.join(', ') || '(home region only)'}`);
    lines.push(`  excludeFromLatest: ${String(profile.excludeFromLatest ?? false)}`);
    for (const region of parseRegions(outputs('replicate', 'regions'))) {
      lines.push(`  replica in ${pad(region.region, 14)}${pad(region.state, 11)}${region.durationSeconds !== undefined ? `${region.durationSeconds} s emulated` : ''}`);
    }
    const definition = resourceMap(emulator).get(versionId?.replace(/\/versions\/[^/]+$/, '').toLowerCase() ?? '');
    for (const [tag, value] of Object.entries((definition?.body.tags ?? {}) as Record<string, string>)) {
      if (/^channel\.[^.]+$/.test(tag)) lines.push(`  ${tag} on the image definition: ${value}`);
    }
    const pinned = [...resourceMap(emulator).values()].filter((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachinescalesets');
    for (const vmss of pinned) {
      const image = imageReferenceId(vmss.body);
      lines.push(`  scale set ${vmss.id.split('/').pop() ?? ''} (${String(vmss.body.location ?? '?')}): ${image === versionId ? 'pinned to this version' : `on ${image ?? '(no image reference)'}`}`);
    }
  }
  return lines.join('\n');
}

/** properties.virtualMachineProfile.storageProfile.imageReference.id of a scale set body, if any. */
export function imageReferenceId(body: Record<string, unknown>): string | undefined {
  const properties = body.properties as { virtualMachineProfile?: { storageProfile?: { imageReference?: { id?: string } } } } | undefined;
  return properties?.virtualMachineProfile?.storageProfile?.imageReference?.id;
}

interface RegionRow {
  region: string;
  state: string;
  durationSeconds?: number;
}

/** replicate's `regions` output (a JSON array); empty when absent or not in the documented shape. */
function parseRegions(json: string | undefined): RegionRow[] {
  if (!json) return [];
  try {
    const rows = JSON.parse(json) as unknown;
    return Array.isArray(rows)
      ? rows.filter((r): r is RegionRow => typeof r === 'object' && r !== null && typeof (r as RegionRow).region === 'string').map((r) => ({ ...r, state: String(r.state) }))
      : [];
  } catch {
    return [];
  }
}
