import { z } from 'zod';
import { entries } from './entries.js';

// The parts of a CycloneDX 1.4–1.6 BOM/VEX (JSON) the parser reads (bom-1.6.schema.json: component, vulnerability).
const text = z.string().optional();

export const cyclonedxDocument = z.looseObject({
  bomFormat: z.literal('CycloneDX'),
  components: entries.optional(),
  vulnerabilities: entries.optional(),
});

export const cyclonedxComponent = z.looseObject({
  'bom-ref': text,
  name: z.string(),
  version: text,
  components: z.array(z.unknown()).optional(),
});

export const cyclonedxVulnerability = z.looseObject({
  id: z.string().min(1),
  description: text,
  recommendation: text,
  source: z.looseObject({ name: text, url: text }).optional(),
  ratings: z
    .array(z.looseObject({ severity: text, score: z.number().optional(), source: z.looseObject({ name: text }).optional() }))
    .optional(),
  analysis: z
    .looseObject({
      state: z.enum(['resolved', 'resolved_with_pedigree', 'exploitable', 'in_triage', 'false_positive', 'not_affected']).optional(),
    })
    .optional(),
  affects: z.array(z.looseObject({ ref: z.string().min(1) })).optional(),
});

export type CycloneDxVulnerability = z.output<typeof cyclonedxVulnerability>;
