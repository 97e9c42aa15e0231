import { z } from 'zod';
import { duration, isoDate, percent } from './config-primitives.js';

/** Section used by scan: the gate applied to scanner findings and built-in image checks. */

const severity = z.enum(['critical', 'high', 'medium', 'low', 'unknown', 'info']);

const allowlistEntry = z.strictObject({
  id: z.string().min(1).describe('Vulnerability or rule id, e.g. CVE-2024-1234.'),
  package: z.string().optional().describe('Only suppress it for this package.'),
  reason: z.string().min(10, { message: 'say why the finding is accepted (at least 10 characters)' }),
  expires: isoDate.describe('After this date the entry stops suppressing and warns.'),
});

export const scanConfig = z
  .strictObject({
    reports: z.array(z.string()).optional().describe('Report files or globs (Trivy, Grype, SARIF, OpenSCAP, CycloneDX).'),
    failOn: z.enum(['critical', 'high', 'medium', 'low', 'unknown', 'info', 'none']).optional().describe('Lowest severity that fails the gate (default high).'),
    maxCounts: z
      .partialRecord(severity, z.number().int().min(0))
      .optional()
      .describe('Maximum findings per severity; more fails the gate.'),
    ignoreUnfixed: z.boolean().optional(),
    severityMap: z
      .record(z.string().min(1), severity)
      .optional()
      .describe('Severity words a scanner writes that image-publish does not know, mapped to a severity, e.g. {SEVERE: high}.'),
    endOfSupportSeverity: severity.optional().describe('Severity of the finding for an OS the scanner reports as out of support (default high).'),
    allowlist: z.array(allowlistEntry).optional(),
    openscap: z
      .strictObject({
        minPassRate: percent.optional(),
        requiredRules: z.array(z.string()).optional().describe('XCCDF rule ids that must pass.'),
      })
      .optional(),
    checks: z
      .strictObject({
        securityType: z.array(z.enum(['TrustedLaunch', 'ConfidentialVM'])).optional().describe('Accepted SecurityType values of the definition.'),
        osState: z.enum(['Generalized', 'Specialized']).optional(),
        requiredTags: z.boolean().optional().describe('Check the tags listed in requiredTags are present on the version.'),
        approvedPublishers: z.array(z.string()).optional(),
        approvedGalleries: z.array(z.string()).optional(),
        maxBaseImageAge: duration.optional(),
        ephemeralOsDiskSizes: z.array(z.string()).optional().describe('VM sizes that must be able to host the OS disk ephemerally.'),
        vhd: z.boolean().optional().describe('Check fixed format, 1 MiB alignment and footer checksum of VHD sources.'),
      })
      .optional(),
  })
  .describe('Scan policy.');
