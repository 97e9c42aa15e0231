import { z } from 'zod';
import { entries } from './entries.js';

// The parts of SARIF 2.1.0 (OASIS sarif-v2.1.0 §3.14 run, §3.27 result, §3.49 reportingDescriptor) the parser reads.
const text = z.string().optional();
const level = z.enum(['none', 'note', 'warning', 'error']);
const propertyBag = z.record(z.string(), z.unknown());

const rule = z.looseObject({
  id: text,
  helpUri: text,
  shortDescription: z.looseObject({ text }).optional(),
  defaultConfiguration: z.looseObject({ level: level.optional() }).optional(),
  properties: propertyBag.optional(),
});

/** A run's results must be an array: SARIF uses null or absence for "the tool did not produce results". */
export const sarifDocument = z.looseObject({
  version: z.literal('2.1.0'),
  runs: z.array(
    z.looseObject({
      tool: z.looseObject({ driver: z.looseObject({ name: z.string(), rules: z.array(rule).optional() }) }),
      results: entries,
    }),
  ),
});

export type SarifRule = z.output<typeof rule>;

export const sarifResult = z.looseObject({
  ruleId: text,
  ruleIndex: z.number().int().min(-1).optional(),
  rule: z.looseObject({ id: text, index: z.number().int().min(-1).optional() }).optional(),
  kind: z.enum(['pass', 'open', 'informational', 'notApplicable', 'review', 'fail']).optional(),
  level: level.optional(),
  message: z.looseObject({ text }),
  locations: z
    .array(
      z.looseObject({
        physicalLocation: z
          .looseObject({
            artifactLocation: z.looseObject({ uri: text }).optional(),
            region: z.looseObject({ startLine: z.number().int().optional() }).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  properties: propertyBag.optional(),
  suppressions: z.array(z.looseObject({ status: z.enum(['accepted', 'underReview', 'rejected']).optional() })).optional(),
});
