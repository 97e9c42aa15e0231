/**
 * A job summary as data. Runtimes render it (GitHub job summary markdown, Azure DevOps uploaded summary,
 * CLI text), escaping every user-supplied string once, in one place.
 */
export interface Summary {
  title: string;
  /** Short status line under the title, e.g. "Published 1.4.2 to 3 regions". */
  status?: string;
  sections: SummarySection[];
}

export interface SummaryTable {
  kind: 'table';
  heading?: string;
  columns: string[];
  rows: (string | number)[][];
}

/** A link to open in a browser; `url` is always https (built by this product, never taken from input as is). */
export interface SummaryLink {
  label: string;
  url: string;
}

export type SummarySection =
  | SummaryTable
  | { kind: 'text'; heading?: string; text: string }
  | { kind: 'details'; summary: string; text: string }
  /**
   * A picture: Mermaid source (GitHub renders it in job summaries) and the same facts as a table for renderers
   * without Mermaid (Azure DevOps summaries, the CLI). No fallback when a table of the same summary already holds
   * the facts: those renderers then skip the picture. Build the source with src/core/summary/mermaid.ts.
   */
  | { kind: 'mermaid'; heading?: string; source: string; fallback?: SummaryTable }
  /** Links, e.g. to every resource the step touched in the Azure portal. */
  | { kind: 'links'; heading?: string; links: SummaryLink[] };
