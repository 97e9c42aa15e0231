// Replicate benchmark: a 30-region replication against the emulator on a manual clock (emulated time, so the
// figures do not depend on the machine). For several poll intervals it prints ARM requests by kind, the poll
// cadence (gaps between status reads, emulated seconds) and progress lines, next to the minimum needed for the
// same progress reporting: one location list, one read, one update, and one status read per reporting interval
// until the slowest region is done. Prints a table; never fails.
// Run: npm run bench -- replicate
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { Clock } from '../src/core/clock.js';
import { silentLogger, type Logger } from '../src/core/logger.js';
import { replicateImage } from '../src/core/replication/replicate-image.js';
import { resolveReplicateInputs } from '../src/core/replication/replicate-inputs.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { createTestStepContext } from '../test/helpers/step-context.js';
import { defined } from '../src/core/defined.js';

const REPLICA_MS = 60_000;
const REGIONS = [
  'westeurope', 'northeurope', 'eastus', 'eastus2', 'westus2', 'westus3', 'centralus', 'southcentralus', 'uksouth', 'francecentral',
  'germanywestcentral', 'swedencentral', 'norwayeast', 'switzerlandnorth', 'japaneast', 'koreacentral', 'australiaeast', 'southeastasia', 'canadacentral', 'brazilsouth',
  'westus', 'northcentralus', 'westcentralus', 'ukwest', 'japanwest', 'southafricanorth', 'australiasoutheast', 'eastasia', 'canadaeast', 'centralindia',
];
const GV = '?api-version=2025-12-03';

function emulatedClock(e: EmulatorHandle): Clock {
  return {
    now: () => e.clock.now(),
    async sleep(ms) {
      e.clock.advance(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
}

async function arm(e: EmulatorHandle, method: string, path: string, body?: unknown): Promise<number> {
  const token = await createTestStepContext(e).azure.credential.getToken(`${e.armAudience}.default`);
  const res = await fetch(new URL(path.slice(1), e.armEndpoint), {
    method,
    headers: { authorization: `Bearer ${token?.token ?? ''}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await res.text();
  return res.status;
}

async function setup(e: EmulatorHandle, version: string): Promise<string> {
  const rg = `/subscriptions/${e.subscriptionId}/resourceGroups/bench`;
  const def = `${rg}/providers/Microsoft.Compute/galleries/benchgal/images/img`;
  if (version === '1.0.0') {
    await arm(e, 'PUT', `${rg}?api-version=2025-04-01`, { location: 'westeurope' });
    await arm(e, 'PUT', `${rg}/providers/Microsoft.Compute/galleries/benchgal${GV}`, { location: 'westeurope' });
    await arm(e, 'PUT', `${def}${GV}`, { location: 'westeurope', properties: { osType: 'Linux', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' } } });
    await arm(e, 'PUT', `${rg}/providers/Microsoft.Compute/snapshots/os?api-version=2026-03-02`, { location: 'westeurope', properties: { creationData: { createOption: 'Empty' } } });
  }
  await arm(e, 'PUT', `${def}/versions/${version}${GV}`, {
    location: 'westeurope',
    properties: { storageProfile: { osDiskImage: { source: { id: `${rg}/providers/Microsoft.Compute/snapshots/os` } } }, publishingProfile: { targetRegions: [{ name: 'westeurope' }] } },
  });
  e.clock.advance(REPLICA_MS + 1000);
  return `${def}/versions/${version}`;
}

interface Row {
  label: string;
  updates: number;
  statusReads: number;
  other: number;
  total: number;
  gaps: string;
  lines: number;
  emulatedSeconds: number;
}

function countingLogger(): Logger & { lines: number } {
  const l = { ...silentLogger, lines: 0 };
  l.info = () => void l.lines++;
  l.warn = () => void l.lines++;
  return l;
}

async function measure(e: EmulatorHandle, version: string, pollSeconds: number): Promise<Row[]> {
  const id = await setup(e, version);
  const from = e.requestLog.entries().length;
  const regions = REGIONS.map((name, i) => ({ name, replicas: (i % 3) + 1 }));
  const ctx = createTestStepContext(e, { clock: emulatedClock(e) });
  const logger = countingLogger();
  const inputs = resolveReplicateInputs({ 'image-version-id': id, regions: JSON.stringify(regions), 'progress-interval-seconds': pollSeconds }, undefined);
  const started = e.clock.now();
  await replicateImage(inputs, { ...ctx, logger });
  const entries = e.requestLog.entries().slice(from).filter((x) => x.route === 'arm');
  const updates = entries.filter((x) => x.method === 'PATCH').length;
  const versionGets = entries.filter((x) => x.method === 'GET' && x.path.endsWith(`/versions/${version}`));
  const polls = versionGets.slice(1);
  const gaps = polls.slice(1).map((p, i) => (p.emulatedTime - defined(polls[i], 'previous poll').emulatedTime) / 1000);
  const emulatedSeconds = (e.clock.now() - started) / 1000;
  const slowest = 3 * REPLICA_MS;
  // Minimum for the same reporting: list locations + read + update, then one read per interval until the slowest region is done.
  const minReads = Math.ceil(slowest / (pollSeconds * 1000));
  return [
    {
      label: `replicate, poll ${pollSeconds}s`,
      updates,
      statusReads: versionGets.length,
      other: entries.length - updates - versionGets.length,
      total: entries.length,
      gaps: gaps.length ? `${Math.min(...gaps)}/${Math.max(...gaps)}` : '-',
      lines: logger.lines,
      emulatedSeconds,
    },
    {
      label: `minimum, every ${pollSeconds}s`,
      updates: 1,
      statusReads: 1 + minReads,
      other: 1,
      total: 3 + minReads,
      gaps: `${pollSeconds}/${pollSeconds}`,
      lines: minReads + 1,
      emulatedSeconds: slowest / 1000,
    },
  ];
}

async function main(): Promise<void> {
  const e = await startEmulator({ clockSpeed: 0, timing: { lroDurationMs: 1000, retryAfterSeconds: 0, replicationMsPerReplica: REPLICA_MS } });
  setDefaultCACertificates([...getCACertificates('default'), e.caCertPem]);
  try {
    const rows: Row[] = [];
    let n = 0;
    for (const seconds of [5, 15, 30]) rows.push(...(await measure(e, `1.0.${n++}`, seconds)));
    console.log(`30 regions (29 new), replicas 1-3, ${REPLICA_MS / 1000}s emulated per replica: slowest region ${(3 * REPLICA_MS) / 1000}s.`);
    console.log('Requests are ARM requests seen by the emulator; gaps are min/max emulated seconds between status polls.\n');
    const header = ['run', 'updates', 'status reads', 'other', 'total', 'poll gaps s', 'log lines', 'emulated s', 'vs minimum'];
    const table = rows.map((r, i) => {
      const min = i % 2 === 0 ? defined(rows[i + 1], 'minimum run') : r;
      return [r.label, r.updates, r.statusReads, r.other, r.total, r.gaps, r.lines, r.emulatedSeconds, `${(r.total / min.total).toFixed(2)}x`].map(String);
    });
    const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => (row[c] ?? '').length)));
    const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ');
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of table) console.log(line(row));
  } finally {
    await e.close();
  }
}

await main();
