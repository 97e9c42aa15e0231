/** pin-rollout's canary evidence inputs (max-regression, min-samples, insufficient-evidence) over image.yaml rollout.evidence. */
import { ConfigurationError, ErrorCodes } from '../errors.js';
import type { ImageConfig, RingConfig } from '../config/image-config.js';
import { parseDurationMs } from '../config/durations.js';
import type { Benchmark } from './canary-benchmark.js';
import type { EvidencePolicy } from './canary-evidence.js';

type Parsed = Readonly<Record<string, unknown>>;

const DEFAULT_MIN_SAMPLES = 3;

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The evidence policy, or undefined when neither max-regression nor rollout.evidence is set (gate off). */
export function resolveEvidencePolicy(parsed: Parsed, config: ImageConfig | undefined): EvidencePolicy | undefined {
  const file = config?.rollout?.evidence;
  const raw = text(parsed['max-regression']);
  let maxRegression = file?.maxRegression;
  if (raw !== undefined) {
    const n = Number(raw.replace(/x$/i, ''));
    if (!Number.isFinite(n) || n < 1 || n > 100) {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `Input 'max-regression': '${raw}' is not a factor between 1 and 100; give e.g. 1.2 to allow the canary 1.2x the previous version's median.`);
    }
    maxRegression = n;
  }
  const samplesRaw = parsed['min-samples'];
  let minSamples = file?.minSamples;
  if (samplesRaw !== undefined && samplesRaw !== '') {
    if (typeof samplesRaw !== 'number' || !Number.isInteger(samplesRaw) || samplesRaw < 1) {
      throw new ConfigurationError(ErrorCodes.inputInvalid, `Input 'min-samples': '${String(samplesRaw)}' is not a whole number of at least 1.`);
    }
    minSamples = samplesRaw;
  }
  const policyRaw = text(parsed['insufficient-evidence']);
  if (policyRaw !== undefined && policyRaw !== 'warn' && policyRaw !== 'fail') {
    throw new ConfigurationError(ErrorCodes.inputInvalid, `Input 'insufficient-evidence': '${policyRaw}' must be 'warn' (continue with a warning) or 'fail' (roll back).`);
  }
  const insufficient = (policyRaw as 'warn' | 'fail' | undefined) ?? file?.insufficientEvidence ?? 'warn';
  if (maxRegression === undefined) {
    if (minSamples !== undefined || policyRaw !== undefined) {
      throw new ConfigurationError(ErrorCodes.inputMissing, "Input 'max-regression' is required when 'min-samples' or 'insufficient-evidence' is set: it turns the canary evidence gate on (or set rollout.evidence.maxRegression in image.yaml).");
    }
    return undefined;
  }
  return { maxRegression, minSamples: minSamples ?? DEFAULT_MIN_SAMPLES, insufficient };
}

/** A ring's benchmark with defaults: 5 minutes timeout, tolerance 0.1 (10% worse at most). */
export function benchmarkOf(raw: RingConfig['benchmark'], where: string): Benchmark | undefined {
  if (!raw) return undefined;
  const timeoutMs = raw.timeout ? parseDurationMs(raw.timeout, `${where}.timeout`) : 300_000;
  const tolerance = raw.tolerance ?? 0.1;
  return 'url' in raw ? { kind: 'url', url: raw.url, timeoutMs, tolerance } : { kind: 'command', command: raw.command, timeoutMs, tolerance };
}
