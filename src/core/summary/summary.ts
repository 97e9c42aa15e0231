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

export type SummarySection =
  | { kind: 'table'; heading?: string; columns: string[]; rows: (string | number)[][] }
  | { kind: 'text'; heading?: string; text: string }
  | { kind: 'details'; summary: string; text: string };
