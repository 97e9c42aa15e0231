import { z } from 'zod';
import { SEVERITIES } from './finding.js';

const count = z.number().int().min(0);

/** An allowlist entry: suppresses a finding id (optionally only in one package) until `expires`, for a stated reason. */
export const allowlistEntrySchema = z.object({
  id: z.string().min(1).describe('Vulnerability or rule id, e.g. CVE-2024-1234.'),
  package: z.string().min(1).optional().describe('Only suppress the id in this package.'),
  reason: z.string().min(1).describe('Why this finding is accepted; shown in the summary.'),
  expires: z.iso.date().describe('YYYY-MM-DD (UTC). After this day the entry stops suppressing and warns.'),
});

/**
 * The `scan` section of image.yaml and the scan step's policy inputs. The config schema (src/core/config)
 * references this schema so image.yaml and the step validate the same way.
 */
export const scanPolicySchema = z.object({
  failOn: z.enum([...SEVERITIES, 'none']).default('high').describe('Fail when a finding of this severity or worse remains.'),
  maxCounts: z
    .object({ critical: count, high: count, medium: count, low: count, unknown: count, info: count })
    .partial()
    .default({})
    .describe('Maximum number of remaining findings per severity.'),
  ignoreUnfixed: z.boolean().default(false).describe('Suppress vulnerabilities that have no fixed version.'),
  severityMap: z
    .record(z.string().min(1), z.enum(SEVERITIES))
    .default({})
    .transform((map) => Object.fromEntries(Object.entries(map).map(([word, severity]) => [word.trim().toLowerCase(), severity])))
    .describe('Scanner severity words image-publish does not know, mapped to a severity, e.g. {"SEVERE": "high"}.'),
  endOfSupportSeverity: z
    .enum(SEVERITIES)
    .default('high')
    .describe('Severity of the finding for an operating system its scanner reports as out of support (Trivy EOSL).'),
  allowlist: z.array(allowlistEntrySchema).default([]),
  openscap: z
    .object({
      minPassRate: z.number().min(0).max(100).optional().describe('Minimum percentage of evaluated rules that pass.'),
      requiredRules: z.array(z.string().min(1)).default([]).describe('XCCDF rule ids that must be present and pass.'),
    })
    .default({ requiredRules: [] }),
});

export type ScanPolicy = z.output<typeof scanPolicySchema>;
export type ScanPolicyInput = z.input<typeof scanPolicySchema>;
export type AllowlistEntry = z.output<typeof allowlistEntrySchema>;
