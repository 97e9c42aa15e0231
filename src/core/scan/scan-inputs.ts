import type { ImageConfig } from '../config/image-config.js';
import { inputList, inputString } from '../config/input-values.js';
import { ConfigurationError, ErrorCodes } from '../errors.js';
import { resolveGalleryTarget } from '../gallery/gallery-target-input.js';
import type { ImageChecks, ImageTarget } from './image-checks.js';
import type { ScanRequest } from './scan-run.js';
import { scanPolicySchema, type ScanPolicy } from './scan-policy.js';

/** What the scan step's resolve() hands run(): a scan request without the run's own folders and tool version. */
export type ScanInputs = Omit<ScanRequest, 'toolVersion' | 'workDir' | 'cwd'>;

type Parsed = Readonly<Record<string, unknown>>;

/** Policy field → the input that sets it, so a zod issue names what the user typed. */
const POLICY_INPUTS: Record<string, string> = {
  failOn: 'fail-on',
  maxCounts: 'max-counts',
  ignoreUnfixed: 'ignore-unfixed',
  allowlist: 'allowlist',
  severityMap: 'severity-map',
  endOfSupportSeverity: 'end-of-support-severity',
  openscap: 'openscap-min-pass-rate / openscap-required-rules',
};

/** image.yaml `scan:` merged with explicit inputs (inputs win), validated by the shared policy schema. */
export function resolveScanPolicy(parsed: Parsed, config: ImageConfig | undefined): ScanPolicy {
  // image.yaml was validated by its own schema (src/core/config/scan-config.ts), a subset of the policy schema.
  const merged: Record<string, unknown> = { ...(config?.scan ?? {}) };
  delete merged.reports;
  delete merged.checks;
  if (parsed['fail-on'] !== undefined) merged.failOn = parsed['fail-on'];
  if (parsed['max-counts'] !== undefined) merged.maxCounts = parsed['max-counts'];
  if (parsed['ignore-unfixed'] !== undefined) merged.ignoreUnfixed = parsed['ignore-unfixed'];
  if (parsed.allowlist !== undefined) merged.allowlist = parsed.allowlist;
  if (parsed['severity-map'] !== undefined) merged.severityMap = parsed['severity-map'];
  if (parsed['end-of-support-severity'] !== undefined) merged.endOfSupportSeverity = parsed['end-of-support-severity'];
  const openscap = typeof merged.openscap === 'object' && merged.openscap !== null ? { ...(merged.openscap as Record<string, unknown>) } : {};
  const rate = inputString(parsed['openscap-min-pass-rate']);
  if (rate !== undefined) openscap.minPassRate = Number(rate.replace(/%$/, ''));
  if (parsed['openscap-required-rules'] !== undefined) openscap.requiredRules = parsed['openscap-required-rules'];
  merged.openscap = openscap;
  const result = scanPolicySchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const where = POLICY_INPUTS[field] ?? field;
    throw new ConfigurationError(
      ErrorCodes.inputInvalid,
      `Scan policy ${where} (input or image.yaml scan.${issue?.path.join('.') ?? ''}) is invalid: ${issue?.message ?? 'unknown problem'}. See docs/steps/scan.md for the policy format.`,
    );
  }
  return result.data;
}

/** Built-in checks from image.yaml `scan.checks` (requiredTags: true means the top-level requiredTags list). */
function resolveChecks(config: ImageConfig | undefined): ImageChecks {
  const checks = config?.scan?.checks;
  return {
    securityType: checks?.securityType,
    osState: checks?.osState,
    requiredTags: checks?.requiredTags === true ? (config?.requiredTags ?? []) : undefined,
    approvedGalleries: checks?.approvedGalleries,
    approvedPublishers: checks?.approvedPublishers,
    maxBaseImageAge: checks?.maxBaseImageAge,
    ephemeralOsDiskSizes: checks?.ephemeralOsDiskSizes,
    vhd: checks?.vhd,
  };
}

function hasChecks(checks: ImageChecks): boolean {
  const { vhd: _localOnly, ...azureChecks } = checks;
  return Object.values(azureChecks).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0));
}

function resolveImageTarget(parsed: Parsed, config: ImageConfig | undefined): ImageTarget | undefined {
  const version = inputString(parsed['image-version']);
  if (version === undefined) return undefined;
  const target = resolveGalleryTarget(parsed, config, { when: 'with image-version (built-in image checks)' });
  return { resourceGroup: target.resourceGroup, gallery: target.gallery, definition: target.image, version };
}

/** Builds the scan request from the step's parsed inputs and image.yaml; throws ConfigurationError naming the input. */
export function resolveScanInputs(parsed: Parsed, config: ImageConfig | undefined): ScanInputs {
  const fromInput = inputList(parsed.reports);
  const reports = fromInput.length > 0 ? fromInput : (config?.scan?.reports ?? []);
  const target = inputString(parsed.path);
  const image = resolveImageTarget(parsed, config);
  const checks = resolveChecks(config);
  if (reports.length === 0 && target === undefined && image === undefined) {
    throw new ConfigurationError(
      ErrorCodes.inputMissing,
      'Input reports or path is required: pass scanner report files (reports), a rootfs/disk image to scan (path), or image-version for the built-in checks.',
    );
  }
  if (image !== undefined && !hasChecks(checks)) {
    throw new ConfigurationError(ErrorCodes.inputInvalid, 'Input image-version is set but image.yaml has no scan.checks: add the checks to run (see docs/steps/scan.md) or drop image-version.');
  }
  const openscap = parsed.openscap === true ? { content: inputString(parsed['scap-content']), profile: inputString(parsed['scap-profile']), tailoringFile: inputString(parsed['tailoring-file']) } : undefined;
  if (openscap !== undefined && target === undefined) {
    throw new ConfigurationError(ErrorCodes.inputMissing, 'Input openscap is true but path is empty: set path to the rootfs folder or the raw/VHD disk for OpenSCAP to scan.');
  }
  const scanner = parsed.scanner === 'trivy' || parsed.scanner === 'grype' || parsed.scanner === 'none' ? parsed.scanner : 'auto';
  return {
    reports,
    path: target,
    scanner,
    policy: resolveScanPolicy(parsed, config),
    sarifFile: inputString(parsed['sarif-file']),
    reportFile: inputString(parsed['report-file']),
    sarifCategory: inputString(parsed['sarif-category']),
    image,
    checks,
    ...(openscap ? { openscap: Object.fromEntries(Object.entries(openscap).filter(([, v]) => v !== undefined)) } : {}),
  };
}
