/**
 * Mermaid xychart-beta sources (bar charts of a few series over named categories). Its quoted strings take no
 * entity codes, so labels are reduced to characters that cannot end the string or start a directive.
 */

function quoted(text: string): string {
  return `"${text.replace(/[^\p{L}\p{N} _.,+\-/%→x()]/gu, '').slice(0, 60)}"`;
}

function num(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '0';
}

/** Bars: one series per entry (e.g. previous, new), one bar per category; missing values draw as 0. */
export function barChart(title: string, yAxis: string, categories: readonly string[], series: readonly { name: string; values: readonly (number | undefined)[] }[]): string {
  const lines = ['xychart-beta', `  title ${quoted(title)}`, `  x-axis [${categories.map(quoted).join(', ')}]`, `  y-axis ${quoted(yAxis)}`];
  for (const s of series) lines.push(`  bar [${s.values.map((v) => num(v ?? 0)).join(', ')}]`);
  return lines.join('\n');
}
