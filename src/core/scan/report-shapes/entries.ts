import { z } from 'zod';
import { JsonEntries, type Entries } from '../json-entries.js';

/**
 * A list of report entries: a JSON array, or the `JsonEntries` a large one is read as (json-entries.ts). Refuses
 * anything else with zod's own words for a non-array, so a malformed report reads the same whichever it is.
 */
export const entries = z.custom<Entries>((value) => Array.isArray(value) || value instanceof JsonEntries, {
  error: (issue) => `Invalid input: expected array, received ${issue.input === null ? 'null' : typeof issue.input}`,
});

/** For `list ?? noEntries`: an absent list. */
export const noEntries: Entries = [];
