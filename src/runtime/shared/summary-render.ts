import type { Summary, SummarySection } from '../../core/summary/summary.js';

/** Texts longer than this are folded into <details> so the job summary stays scannable. */
const FOLD_AFTER_CHARS = 300;

/** Escapes a user-supplied string for GitHub-flavoured markdown and inline HTML (tables included). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

/** Markdown for the GitHub job summary and the Azure DevOps uploaded summary. */
export function renderMarkdown(summary: Summary, failure?: string): string {
  const lines = [`## ${escapeMarkdown(summary.title)}`, ''];
  if (summary.status !== undefined) lines.push(escapeMarkdown(summary.status), '');
  if (failure !== undefined) lines.push(...foldedText(':x: **Failed**', failure), '');
  for (const section of summary.sections) lines.push(...markdownSection(section), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function markdownSection(section: SummarySection): string[] {
  const heading = 'heading' in section && section.heading !== undefined ? [`### ${escapeMarkdown(section.heading)}`, ''] : [];
  switch (section.kind) {
    case 'table': {
      const header = `| ${section.columns.map(escapeMarkdown).join(' | ')} |`;
      const rule = `| ${section.columns.map(() => '---').join(' | ')} |`;
      const rows = section.rows.map((row) => `| ${row.map((cell) => escapeMarkdown(String(cell))).join(' | ')} |`);
      return [...heading, header, rule, ...rows];
    }
    case 'text':
      return [...heading, ...foldedText(undefined, section.text)];
    case 'details':
      return details(section.summary, section.text);
  }
}

function foldedText(lead: string | undefined, text: string): string[] {
  const prefix = lead === undefined ? [] : [lead];
  if (text.length <= FOLD_AFTER_CHARS && !text.includes('\n')) return [...prefix, escapeMarkdown(text)];
  const firstLine = text.split('\n')[0] ?? '';
  return [...prefix, ...details(firstLine.slice(0, 120), text)];
}

function details(summary: string, text: string): string[] {
  // <pre> keeps the text verbatim; only HTML needs escaping inside it.
  const body = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return ['<details>', `<summary>${escapeMarkdown(summary)}</summary>`, '', `<pre>${body}</pre>`, '', '</details>'];
}

/** Plain text for the CLI (stderr): no markup, aligned table columns. */
export function renderText(summary: Summary, failure?: string): string {
  const lines = [summary.title];
  if (summary.status !== undefined) lines.push(summary.status);
  if (failure !== undefined) lines.push(`Failed: ${failure}`);
  for (const section of summary.sections) {
    lines.push('');
    if (section.kind === 'details') {
      lines.push(`${section.summary}:`, section.text);
      continue;
    }
    if (section.heading !== undefined) lines.push(`${section.heading}:`);
    if (section.kind === 'text') lines.push(section.text);
    else lines.push(...textTable(section.columns, section.rows.map((row) => row.map(String))));
  }
  return `${lines.join('\n')}\n`;
}

function textTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((col, i) => Math.max(col.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
