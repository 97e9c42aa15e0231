import { z } from 'zod';
import { entries } from './entries.js';

// The parts of Grype JSON (`-o json`, grype/presenter/models) the parser reads; current and pre-0.10 schema.
const text = z.string().optional();

export const grypeDocument = z.looseObject({
  matches: entries,
  source: z.looseObject({ target: z.unknown() }).optional(),
});

export const grypeMatch = z.looseObject({
  vulnerability: z.looseObject({
    id: z.string().min(1),
    severity: text,
    description: text,
    dataSource: text,
    urls: z.array(z.string()).nullish(),
    fixedInVersion: text,
    fix: z.looseObject({ versions: z.array(z.string()).nullish(), state: text }).optional(),
  }),
  artifact: z.looseObject({
    name: text,
    version: text,
    locations: z.array(z.looseObject({ path: text })).nullish(),
  }),
});
