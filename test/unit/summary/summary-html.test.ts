import { describe, expect, it } from 'vitest';
import { fanOut } from '../../../src/core/summary/mermaid.js';
import type { Summary } from '../../../src/core/summary/summary.js';
import { renderMarkdown } from '../../../src/runtime/shared/summary-render.js';
import { markdownToHtml, summaryPage } from '../../../scripts/summary-html.js';

// A summary shaped like publish's, rendered by the runtime's own markdown renderer: what screenshots.ts converts.
const fixture: Summary = {
  title: 'Publish image version',
  status: 'Published demo_gallery/ubuntu-demo 1.0.0',
  sections: [
    { kind: 'table', columns: ['Property', 'Value'], rows: [['Gallery', 'demo_gallery (rg-demo-images)'], ['Finding', 'CVE-2023-44487']] },
    { kind: 'mermaid', heading: 'Published', source: fanOut('demo_gallery/ubuntu-demo/1.0.0', [{ name: 'westeurope', detail: 'Succeeded', state: 'Succeeded' }]) },
    { kind: 'links', heading: 'In the Azure portal', links: [{ label: 'demo_gallery', url: 'https://portal.azure.com/#resource/subscriptions/s/galleries/demo_gallery' }] },
  ],
};

describe('summary markdown → HTML (scripts/summary-html.ts)', () => {
  const html = markdownToHtml(renderMarkdown(fixture));

  it('renders headings and the table with its header and unescaped cells', () => {
    expect(html).toContain('<h2>Publish image version</h2>');
    expect(html).toContain('<h3>Published</h3>');
    expect(html).toContain('<thead><tr><th>Property</th><th>Value</th></tr></thead>');
    expect(html).toContain('<tr><td>Gallery</td><td>demo_gallery (rg-demo-images)</td></tr>');
    expect(html).toContain('<p>Published demo_gallery/ubuntu-demo 1.0.0</p>');
  });

  it('renders links, in list items and in table cells', () => {
    expect(html).toContain('<li><a href="https://portal.azure.com/#resource/subscriptions/s/galleries/demo_gallery">demo_gallery</a></li>');
    expect(html).toContain('<td><a href="https://nvd.nist.gov/vuln/detail/CVE-2023-44487">CVE-2023-44487</a></td>');
  });

  it('turns a mermaid fence into one pre.mermaid container holding the source, HTML-escaped', () => {
    const containers = html.match(/<pre class="mermaid">([\s\S]*?)<\/pre>/g) ?? [];
    expect(containers).toHaveLength(1);
    expect(containers[0]).toContain('flowchart LR');
    expect(containers[0]).toContain('src --&gt; r0[');
    expect(html).not.toContain('```');
  });

  it('loads mermaid into the page only when given, and always reports the page height', () => {
    const withMermaid = summaryPage('```mermaid\nflowchart LR\n```\n', 't', 'file:///x/mermaid.min.js');
    expect(withMermaid).toContain('<script src="file:///x/mermaid.min.js"></script>');
    expect(withMermaid).toContain("mermaid.run({ querySelector: 'pre.mermaid' })");
    const without = summaryPage('# t\n', 't', undefined);
    expect(without).not.toContain('mermaid.run');
    expect(without).toContain('dataset.height');
  });
});
