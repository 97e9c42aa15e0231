import { z } from 'zod';
import { entries } from './entries.js';

// The parts of Trivy JSON (SchemaVersion 2, pkg/types/report.go) the parser reads. Unknown keys pass through;
// a key the parser reads with the wrong type is an error, never skipped.
const text = z.string().optional();

/** Top level: Results is an array of per-target results (absent when Trivy found nothing to scan). */
export const trivyDocument = z.looseObject({
  SchemaVersion: z.literal(2),
  ArtifactName: text,
  Metadata: z
    .looseObject({
      OS: z.looseObject({ Family: text, Name: text, EOSL: z.boolean().optional() }).optional(),
    })
    .optional(),
  Results: z
    .array(
      z.looseObject({
        Target: text,
        Vulnerabilities: entries.optional(),
        Misconfigurations: entries.optional(),
        Secrets: entries.optional(),
      }),
    )
    .optional(),
});

export const trivyVulnerability = z.looseObject({
  VulnerabilityID: z.string().min(1),
  PkgName: text,
  InstalledVersion: text,
  FixedVersion: text,
  Status: text,
  Severity: text,
  Title: text,
  PrimaryURL: text,
});

export const trivyMisconfiguration = z
  .looseObject({
    ID: text,
    AVDID: text,
    Status: z.string(),
    Severity: text,
    Title: text,
    Message: text,
    PrimaryURL: text,
    CauseMetadata: z.looseObject({ StartLine: z.number().optional() }).optional(),
  })
  .refine((m) => (m.ID ?? m.AVDID ?? '') !== '', { message: 'needs an ID or AVDID' });

export const trivySecret = z.looseObject({ RuleID: z.string().min(1), Severity: text, Title: text, StartLine: z.number().optional() });
