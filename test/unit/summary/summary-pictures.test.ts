import { describe, expect, it } from 'vitest';
import { knownClouds } from '../../../src/core/azure/clouds.js';
import { fanOut, flowchart, label, timeline } from '../../../src/core/summary/mermaid.js';
import { imageReferenceText, portalLinksSection, portalUrl, resourceText } from '../../../src/core/summary/resource-links.js';
import type { Summary } from '../../../src/core/summary/summary.js';
import { linkAdvisories, renderMarkdown, renderText } from '../../../src/runtime/shared/summary-render.js';

const versionId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/galleries/g1/images/def/versions/1.2.3';
const table = { kind: 'table' as const, columns: ['Region', 'State'], rows: [['westeurope', 'Completed']] };

describe('summary pictures', () => {
  it('renders Mermaid for GitHub and the table fallback for Azure DevOps and the CLI', () => {
    const summary: Summary = { title: 'T', sections: [{ kind: 'mermaid', heading: 'Pic', source: fanOut('g1/def/1.2.3', [{ name: 'westeurope', detail: 'Completed', state: 'Completed' }]), fallback: table }] };
    const github = renderMarkdown(summary);
    expect(github).toContain('```mermaid\nflowchart LR\n  src["g1/def/1.2.3"]\n  src --> r0["westeurope#58; Completed"]:::ok');
    const azdo = renderMarkdown(summary, undefined, { mermaid: false });
    expect(azdo).not.toContain('mermaid');
    expect(azdo).toContain('| westeurope | Completed |');
    expect(renderText(summary)).toContain('westeurope  Completed');
  });

  it('skips a picture without fallback where Mermaid is not rendered', () => {
    const summary: Summary = { title: 'T', sections: [{ kind: 'mermaid', source: 'flowchart LR', heading: 'Pic' }, table] };
    expect(renderMarkdown(summary, undefined, { mermaid: false })).not.toContain('Pic');
    expect(renderText(summary)).not.toContain('Pic');
  });

  it('keeps user text inside its label and the fence closed', () => {
    expect(label('a"] --> evil["x`')).toBe('"a#34;#93; --#62; evil#91;#34;x#96;"');
    const src = flowchart([{ name: 'bake```', detail: 'ok', state: 'ok' }]);
    expect(renderMarkdown({ title: 't', sections: [{ kind: 'mermaid', source: src }] }).match(/```/g)).toHaveLength(2);
    expect(timeline('t: x', [{ name: 'ring #1', entries: [{ period: 'vmss:a', events: ['2 batches; ok'] }] }])).toBe('timeline\n  title t x\n  section ring 1\n    vmss a : 2 batches ok');
  });

  it('links portal pages on each sovereign cloud and names versions as gallery/definition/version', () => {
    expect(portalUrl(knownClouds.AzureCloud, versionId)).toBe(`https://portal.azure.com/#resource${versionId}`);
    expect(portalUrl(knownClouds.AzureChinaCloud, versionId)?.startsWith('https://portal.azure.cn/#resource/subscriptions/')).toBe(true);
    expect(portalUrl(knownClouds.AzureUSGovernment, versionId)?.startsWith('https://portal.azure.us/')).toBe(true);
    expect(portalUrl({}, versionId)).toBeUndefined();
    const section = portalLinksSection(knownClouds.AzureCloud, [versionId, versionId, undefined]);
    expect(section).toEqual({ kind: 'links', heading: 'In the Azure portal', links: [{ label: 'g1/def/1.2.3', url: `https://portal.azure.com/#resource${versionId}` }] });
    expect(renderMarkdown({ title: 't', sections: [section!] })).toContain(`- [g1/def/1.2.3](https://portal.azure.com/#resource${versionId})`);
    expect(resourceText('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-a')).toBe('scale set vmss-a');
  });

  it('shows a previous image reference as text, never raw JSON', () => {
    expect(imageReferenceText(JSON.stringify({ id: versionId }))).toBe('g1/def/1.2.3');
    expect(imageReferenceText(JSON.stringify({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }))).toBe('Canonical:ubuntu-24_04-lts:server:latest');
    expect(imageReferenceText('')).toBe('–');
  });

  it('links CVE and GHSA ids to their advisories', () => {
    expect(linkAdvisories('CVE-2024-3094 and GHSA-jfh8-c2jp-5v3q')).toBe(
      '[CVE-2024-3094](https://nvd.nist.gov/vuln/detail/CVE-2024-3094) and [GHSA-jfh8-c2jp-5v3q](https://github.com/advisories/GHSA-jfh8-c2jp-5v3q)',
    );
    expect(renderMarkdown({ title: 't', sections: [{ kind: 'table', columns: ['Id'], rows: [['CVE-2023-44487']] }] })).toContain('[CVE-2023-44487](https://nvd.nist.gov/vuln/detail/CVE-2023-44487)');
  });
});
