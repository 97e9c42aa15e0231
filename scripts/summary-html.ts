/**
 * Job summary markdown → a GitHub-like HTML page, for scripts/screenshots.ts.
 *
 * Why a hand-written converter and no markdown library: the summaries are produced by one renderer
 * (src/runtime/shared/summary-render.ts) and use a small, fixed subset — `##`/`###` headings, pipe tables,
 * `- [label](url)` lists, paragraphs with `**bold**`, `` `code` ``, links and backslash escapes, raw
 * `<details>`/`<pre>` blocks, and fenced code (```mermaid among them). No markdown library is in node_modules,
 * and a new dependency for a docs tool is not worth it. Raw HTML passes through, as GitHub's renderer lets these
 * tags through; the input is our own renderer's output, never user markdown.
 */

/** Escapes text placed into HTML (code blocks, Mermaid sources). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const EMOJI: Record<string, string> = { ':x:': '❌', ':white_check_mark:': '✅', ':warning:': '⚠️' };

/** Inline markdown: backslash escapes, code spans, links, bold, emoji shortcodes. */
export function inline(text: string): string {
  const held: string[] = [];
  const hold = (html: string): string => `\u0000${held.push(html) - 1}\u0000`;
  let out = text.replace(/\\([\\`*_{}[\]()#+!|~])/g, (_, c: string) => hold(c));
  out = out.replace(/`([^`]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  out = out.replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => hold(`<a href="${escapeHtml(url)}">${label}</a>`));
  out = out.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  out = out.replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code);
  // Held pieces may hold others (a link label with an escaped character): restore until none is left.
  while (out.includes('\u0000')) out = out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => held[Number(i)] ?? '');
  return out;
}

/** A table row's cells: split on pipes that are not escaped, without the outer pipes. */
function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

function table(rows: string[]): string {
  const [head = '', , ...body] = rows;
  const th = cells(head).map((c) => `<th>${inline(c)}</th>`).join('');
  const trs = body.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs}\n</tbody>\n</table>`;
}

/** Converts the summary subset of markdown to an HTML fragment. Mermaid fences become `<pre class="mermaid">`. */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const take = (test: (line: string) => boolean): string[] => {
    const block: string[] = [];
    while (i < lines.length && test(lines[i] ?? '')) block.push(lines[i++] ?? '');
    return block;
  };
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = /^```\s*(\w*)\s*$/.exec(line);
    if (fence) {
      i++;
      const code = take((l) => !l.startsWith('```'));
      i++; // the closing fence
      const cls = fence[1] === 'mermaid' ? 'mermaid' : `code${fence[1] ? ` language-${fence[1]}` : ''}`;
      out.push(`<pre class="${cls}">${escapeHtml(code.join('\n'))}</pre>`);
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(' ');
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`);
      i++;
    } else if (line.startsWith('|')) {
      out.push(table(take((l) => l.startsWith('|'))));
    } else if (/^[-*] /.test(line)) {
      const items = take((l) => /^[-*] /.test(l)).map((l) => `<li>${inline(l.slice(2))}</li>`);
      out.push(`<ul>\n${items.join('\n')}\n</ul>`);
    } else if (line.startsWith('<')) {
      // Raw HTML (details/summary/pre) up to the next blank line, as GitHub treats an HTML block.
      out.push(take((l) => l.trim() !== '').join('\n'));
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = take((l) => l.trim() !== '' && !/^(#{1,6} |\||[-*] |```|<)/.test(l));
      out.push(`<p>${para.map(inline).join('\n')}</p>`);
    }
  }
  return out.join('\n');
}

const STYLE = `
body { margin: 0; background: #fff; color: #1f2328; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
main { box-sizing: border-box; width: 100%; padding: 24px 32px; }
.box { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 24px 16px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d8dee4; padding-bottom: .3em; margin: 16px 0; }
h3 { font-size: 1.25em; margin: 24px 0 16px; }
a { color: #0969da; text-decoration: none; }
table { border-collapse: collapse; margin: 0 0 16px; display: block; overflow: auto; }
th, td { border: 1px solid #d0d7de; padding: 6px 13px; }
th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
code, pre { font: 12px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
code { background: rgba(175,184,193,.2); border-radius: 6px; padding: .2em .4em; }
pre.code, details pre { background: #f6f8fa; border-radius: 6px; padding: 16px; overflow: auto; }
pre.mermaid { background: none; text-align: center; margin: 0 0 16px; }
ul { padding-left: 2em; }
`;

/**
 * A whole page: the fragment in a GitHub-like job summary box. With `mermaidScript` (a file: URL to mermaid.min.js)
 * the Mermaid blocks are rendered as pictures; without, they stay as their source. When done, the page stores its
 * height in body[data-height] so the screenshot can be sized to it.
 */
export function summaryPage(markdown: string, title: string, mermaidScript: string | undefined): string {
  const measure = 'document.body.dataset.height = String(Math.ceil(document.documentElement.scrollHeight));';
  const scripts = mermaidScript === undefined
    ? `<script>${measure}</script>`
    : `<script src="${escapeHtml(mermaidScript)}"></script>
<script>
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
mermaid.run({ querySelector: 'pre.mermaid' }).catch((e) => { document.body.dataset.error = String(e); }).finally(() => { ${measure} });
</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><div class="box">
${markdownToHtml(markdown)}
</div></main>
${scripts}
</body></html>
`;
}
