/** Renders the inventory as markdown (the file output) and as a Summary (the job summary). */
import type { Summary, SummarySection } from '../summary/summary.js';
import type { Inventory, InventoryDefinition, InventoryVersion } from './inventory-types.js';

const COLUMNS = ['Version', 'Age (days)', 'End of life', 'Latest', 'Regions', 'Channels', 'Consumers', 'Signed', 'Stale'];

function row(v: InventoryVersion): string[] {
  return [
    v.name,
    v.ageDays === undefined ? '?' : String(v.ageDays),
    v.endOfLifeDate === undefined ? '-' : `${v.endOfLifeDate.slice(0, 10)}${v.endOfLife === 'past' ? ' (past)' : ''}`,
    v.servesLatest ? 'serves latest' : v.excludeFromLatest ? 'excluded' : '-',
    v.regions.join(', ') || '-',
    v.channels.join(', ') || '-',
    v.consumers.length === 0 ? '-' : v.consumers.map((id) => id.split('/').slice(-3).join('/')).join(', '),
    v.signed ? 'yes' : 'no',
    v.stale ? 'yes' : '-',
  ];
}

function heading(d: InventoryDefinition): string {
  const id = [d.identifier.publisher, d.identifier.offer, d.identifier.sku].filter(Boolean).join(':');
  const follow = d.latestConsumers.length > 0 ? `, ${d.latestConsumers.length} resource(s) follow latest` : '';
  return `${d.name}${id ? ` (${id})` : ''}: ${d.versions.length} version(s)${follow}`;
}

/** The job summary: totals, then one table per definition. */
export function inventorySummary(inv: Inventory): Summary {
  const t = inv.totals;
  const sections: SummarySection[] = inv.definitions.map((d) => ({ kind: 'table', heading: heading(d), columns: COLUMNS, rows: d.versions.map(row) }));
  return {
    title: `Image inventory: ${inv.gallery.name}`,
    status: `${t.definitions} definition(s), ${t.versions} version(s): ${t.stale} stale (older than ${inv.staleAfterDays} days), ${t.unsigned} unsigned, ${t.unused} unused`,
    sections,
  };
}

/** Escapes what would break a markdown table cell or inject markup. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ');
}

/** A self-contained markdown document of the inventory. */
export function inventoryMarkdown(inv: Inventory): string {
  const s = inventorySummary(inv);
  const lines = [`# ${cell(s.title)}`, '', `${cell(s.status ?? '')}`, '', `Generated ${inv.generatedAt}.`, ''];
  for (const section of s.sections) {
    if (section.kind !== 'table') continue;
    lines.push(`## ${cell(section.heading ?? '')}`, '');
    lines.push(`| ${section.columns.map(cell).join(' | ')} |`, `| ${section.columns.map(() => '---').join(' | ')} |`);
    for (const r of section.rows) lines.push(`| ${r.map((c) => cell(String(c))).join(' | ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}
