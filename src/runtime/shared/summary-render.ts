import type { Summary, SummarySection, SummaryTable } from '../../core/summary/summary.js';

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

/** Where the markdown goes: GitHub renders Mermaid blocks; Azure DevOps summaries do not, so they get the table. */
export interface MarkdownOptions {
  mermaid: boolean;
}

/** Markdown for the GitHub job summary and the Azure DevOps uploaded summary. */
export function renderMarkdown(summary: Summary, failure?: string, options: MarkdownOptions = { mermaid: true }): string {
  const lines = [`## ${escapeMarkdown(summary.title)}`, ''];
  if (summary.status !== undefined) lines.push(escapeMarkdown(summary.status), '');
  if (failure !== undefined) lines.push(...foldedText(':x: **Failed**', failure), '');
  for (const section of summary.sections) {
    const rendered = markdownSection(section, options);
    if (rendered.length > 0) lines.push(...rendered, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function markdownSection(section: SummarySection, options: MarkdownOptions): string[] {
  const heading = 'heading' in section && section.heading !== undefined ? [`### ${escapeMarkdown(section.heading)}`, ''] : [];
  switch (section.kind) {
    case 'table':
      return [...heading, ...markdownTable(section)];
    case 'text':
      return [...heading, ...foldedText(undefined, section.text)];
    case 'details':
      return details(section.summary, section.text);
    case 'mermaid':
      // The fence cannot be closed from inside: mermaid.ts turns backticks in labels into entity codes.
      if (options.mermaid) return [...heading, '```mermaid', section.source.replace(/`/g, ''), '```'];
      return section.fallback === undefined ? [] : [...heading, ...markdownTable(section.fallback)];
    case 'links':
      return [...heading, ...section.links.filter((l) => isHttps(l.url)).map((l) => `- [${escapeMarkdown(l.label)}](${l.url.replace(/[()\s]/g, encodeURIComponent)})`)];
  }
}

function markdownTable(table: SummaryTable): string[] {
  const header = `| ${table.columns.map(escapeMarkdown).join(' | ')} |`;
  const rule = `| ${table.columns.map(() => '---').join(' | ')} |`;
  const rows = table.rows.map((row) => `| ${row.map((cell) => linkAdvisories(escapeMarkdown(String(cell)))).join(' | ')} |`);
  return [header, rule, ...rows];
}

/** CVE and GHSA ids become links to their advisories (NVD, GitHub Advisory Database); ids are matched after escaping. */
export function linkAdvisories(escaped: string): string {
  return escaped
    .replace(/\bCVE-\d{4}-\d{4,7}\b/g, (id) => `[${id}](https://nvd.nist.gov/vuln/detail/${id})`)
    .replace(/\bGHSA(?:-[23456789cfghjmpqrvwx]{4}){3}\b/g, (id) => `[${id}](https://github.com/advisories/${id})`);
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

function foldedText(lead: string | undefined, text: string): string[] {
  const prefix = lead === undefined ? [] : [lead];
  if (text.length <= FOLD_AFTER_CHARS && !text.includes('\n')) return [...prefix, linkAdvisories(escapeMarkdown(text))];
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
    if (section.kind === 'mermaid' && section.fallback === undefined) continue;
    lines.push('');
    if (section.kind === 'details') {
      lines.push(`${section.summary}:`, section.text);
      continue;
    }
    if (section.heading !== undefined) lines.push(`${section.heading}:`);
    if (section.kind === 'text') lines.push(section.text);
    else if (section.kind === 'links') lines.push(...section.links.map((l) => `  ${l.label}: ${l.url}`));
    else {
      const table = section.kind === 'mermaid' ? section.fallback : section;
      if (table !== undefined) lines.push(...textTable(table.columns, table.rows.map((row) => row.map(String))));
    }
  }
  return `${lines.join('\n')}\n`;
}

function textTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((col, i) => Math.max(col.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
