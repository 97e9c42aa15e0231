import { z } from 'zod';
import { duration, httpsUrl } from './config-primitives.js';

/** image.yaml rollout.evidence: the canary evidence gate on the first ring (issue 20). */
export const canaryEvidenceConfig = z
  .strictObject({
    maxRegression: z.number().min(1).max(100).describe('The canary may take at most this many times the previous version\'s median (e.g. 1.2).'),
    minSamples: z.number().int().min(1).max(1000).optional().describe('Fewer samples than this on either side is "not enough data" (default 3).'),
    insufficientEvidence: z.enum(['warn', 'fail']).optional().describe('What "not enough data" does: warn and continue (default) or fail and roll back.'),
  })
  .describe('Compare the canary ring\'s first batch with the figures recorded when the previous version rolled out.');

const benchmarkTimeout = duration.optional();

/** rollout.rings[].benchmark: a workload benchmark printing JSON metrics, run on the previous and the new version. */
export const ringBenchmarkConfig = z
  .union([
    z.strictObject({ url: httpsUrl, timeout: benchmarkTimeout, tolerance: z.number().min(0).max(10).optional() }),
    z.strictObject({ command: z.array(z.string()).min(1).describe('Program and arguments, run without a shell.'), timeout: benchmarkTimeout, tolerance: z.number().min(0).max(10).optional() }),
  ])
  .describe('Prints JSON metrics [{"name","value","unit","better":"lower"|"higher"}]; each may be at most (1 + tolerance) times worse than on the previous version (default tolerance 0.1).');
