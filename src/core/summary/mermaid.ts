/**
 * Mermaid sources for summary pictures. Every label goes through `label()`, so a user-supplied name can never
 * break out of its node or inject Mermaid directives (GitHub renders Mermaid in strict security mode anyway).
 */

/** A quoted Mermaid label: quotes, angle brackets and the other syntax characters become entity codes. */
export function label(text: string): string {
  const safe = text.replace(/[#"<>{}[\]();:|`\\]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
  return `"${safe}"`;
}

/** A node id Mermaid accepts, unique per index. */
function nodeId(prefix: string, index: number): string {
  return `${prefix}${index}`;
}

/** The class a state colours as: green done, red failed, amber running/other, grey skipped. */
export function stateClass(state: string): 'ok' | 'failed' | 'running' | 'skipped' {
  const s = state.toLowerCase();
  if (/fail|error|rolled-back|unhealthy|cancel/.test(s)) return 'failed';
  if (/skip|planned|not run/.test(s)) return 'skipped';
  if (/^(ok|succeeded|completed|pinned|already-pinned|restored|passed|healthy|done)$/.test(s)) return 'ok';
  return 'running';
}

const classDefs = [
  '  classDef ok fill:#dafbe1,stroke:#1a7f37,color:#0d3a1b',
  '  classDef failed fill:#ffebe9,stroke:#cf222e,color:#5c0a10',
  '  classDef running fill:#fff8c5,stroke:#9a6700,color:#3b2300',
  '  classDef skipped fill:#f6f8fa,stroke:#8c959f,color:#57606a',
];

/** Steps left to right, each with its status and duration: the lifecycle overview. */
export function flowchart(nodes: readonly { name: string; detail: string; state: string }[]): string {
  const lines = ['flowchart LR'];
  nodes.forEach((n, i) => lines.push(`  ${nodeId('s', i)}[${label(`${n.name}\n${n.detail}`).replace(/ {2,}/g, ' ')}]:::${stateClass(n.state)}`));
  for (let i = 1; i < nodes.length; i++) lines.push(`  ${nodeId('s', i - 1)} --> ${nodeId('s', i)}`);
  return [...lines, ...classDefs].join('\n');
}

/** One source fanning out to targets (a version replicated to regions), each with its state. */
export function fanOut(source: string, targets: readonly { name: string; detail: string; state: string }[]): string {
  const lines = ['flowchart LR', `  src[${label(source)}]`];
  targets.forEach((t, i) => lines.push(`  src --> ${nodeId('r', i)}[${label(`${t.name}: ${t.detail}`)}]:::${stateClass(t.state)}`));
  return [...lines, ...classDefs].join('\n');
}

/** A Mermaid timeline: one section per phase (ring), one entry per item (batch or scale set) with its events. */
export function timeline(title: string, sections: readonly { name: string; entries: readonly { period: string; events: readonly string[] }[] }[]): string {
  const plain = (text: string): string => text.replace(/[:#;`\r\n]/g, ' ').replace(/\s+/g, ' ').trim();
  const lines = ['timeline', `  title ${plain(title)}`];
  for (const section of sections) {
    lines.push(`  section ${plain(section.name)}`);
    for (const entry of section.entries) lines.push(`    ${plain(entry.period)} : ${entry.events.map(plain).join(' : ')}`);
  }
  return lines.join('\n');
}
