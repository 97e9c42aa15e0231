import type { ImageConfig } from '../core/config/image-config.js';
import { ConfigurationError, ErrorCodes, RejectedError } from '../core/errors.js';
import { SEVERITIES } from '../core/scan/finding.js';
import type { ImageChecks, ImageTarget } from '../core/scan/image-checks.js';
import type { ScannerName } from '../core/scan/run-scanner.js';
import { PRODUCT_VERSION } from '../core/product-version.js';
import { runScan, type ScanRequest } from '../core/scan/scan-run.js';
import { scanPolicySchema, type ScanPolicy } from '../core/scan/scan-policy.js';
import { StepFailure } from './step-failure.js';
import { defineStep, type ParsedInputs } from './step-spec.js';
import { inputString } from '../core/config/input-values.js';
import { galleryInputs } from './gallery-target-inputs.js';
import { resolveGalleryTarget } from '../core/gallery/gallery-target-input.js';

/** What resolve() hands run(): a scan request without the run's own folders and tool version. */
export type ScanInputs = Omit<ScanRequest, 'toolVersion' | 'workDir' | 'cwd'>;

export type ScanOutputs = {
  passed: boolean;
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  info: number;
  counts: string;
  'sarif-file': string;
  'report-file': string;
};


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
export function resolveScanPolicy(parsed: ParsedInputs, config: ImageConfig | undefined): ScanPolicy {
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

function resolveImageTarget(parsed: ParsedInputs, config: ImageConfig | undefined): ImageTarget | undefined {
  const version = inputString(parsed['image-version']);
  if (version === undefined) return undefined;
  const target = resolveGalleryTarget(parsed, config, { when: 'with image-version (built-in image checks)' });
  return { resourceGroup: target.resourceGroup, gallery: target.gallery, definition: target.image, version };
}

export const scanStep = defineStep<ScanInputs, ScanOutputs>({
  name: 'scan',
  title: 'Scan image',
  description: 'Gate an image on scanner findings (Trivy, Grype, SARIF, OpenSCAP, CycloneDX VEX) with a policy; writes SARIF and a job summary.',
  azdoTaskName: 'ScanImage',
  azdoTaskId: '5f0c2a43-8d1e-4b7a-9c36-2e9b7d4a61f7',
  azure: 'optional',
  inputs: {
    reports: { type: 'list', configPath: 'scan.reports', description: 'Scanner report files or globs, one per line (Trivy/Grype JSON, SARIF, CycloneDX, OpenSCAP XCCDF/ARF). The format is detected.' },
    path: { type: 'path', description: 'Rootfs folder or disk image to scan with trivy or grype when installed on the runner.' },
    scanner: { type: 'enum', options: ['auto', 'trivy', 'grype', 'none'], default: 'auto', description: 'Scanner to run on path: auto tries trivy, then grype; none only runs the local VHD checks on path.' },
    'fail-on': { type: 'enum', options: [...SEVERITIES, 'none'], configPath: 'scan.failOn', description: 'Fail when a finding of this severity or worse remains (default high; none never fails on severity).' },
    'max-counts': { type: 'json', configPath: 'scan.maxCounts', description: 'Maximum findings per severity, e.g. {"medium": 10, "low": 50}.' },
    'ignore-unfixed': { type: 'boolean', configPath: 'scan.ignoreUnfixed', description: 'Ignore vulnerabilities that have no fixed version yet.' },
    allowlist: { type: 'json', configPath: 'scan.allowlist', description: 'Accepted findings: [{"id": "CVE-…", "package": "…", "reason": "…", "expires": "YYYY-MM-DD"}]. Expired entries warn and stop suppressing.' },
    'severity-map': { type: 'json', configPath: 'scan.severityMap', description: 'Severity words a scanner writes that image-publish does not know, mapped to a severity, e.g. {"SEVERE": "high"}. An unmapped unknown word fails the step (E_SEVERITY_UNMAPPED).' },
    'end-of-support-severity': { type: 'enum', options: [...SEVERITIES], configPath: 'scan.endOfSupportSeverity', description: 'Severity of the finding raised when the scanner reports the OS as out of support (Trivy EOSL); default high.' },
    'openscap-min-pass-rate': { type: 'string', configPath: 'scan.openscap.minPassRate', description: 'Minimum percentage (0–100) of evaluated OpenSCAP rules that must pass; a report in which no rule was evaluated fails it.' },
    'openscap-required-rules': { type: 'list', configPath: 'scan.openscap.requiredRules', description: 'XCCDF rule ids that must be evaluated and pass, one per line.' },
    openscap: { type: 'boolean', default: 'false', description: 'Run OpenSCAP (oscap xccdf eval) on path offline and gate on its XCCDF results; a disk is read with debugfs, without mounting.' },
    'scap-content': { type: 'path', description: 'SCAP data stream for openscap (default: the installed SCAP Security Guide content matching the image /etc/os-release).' },
    'scap-profile': { type: 'string', description: 'XCCDF profile id for openscap (default: the tailoring file profile, else xccdf_org.ssgproject.content_profile_standard).' },
    'tailoring-file': { type: 'path', description: 'XCCDF tailoring file for openscap (oscap --tailoring-file): deselect rules or change values.' },
    'sarif-file': { type: 'path', description: 'Where to write the SARIF 2.1.0 file (default: image-scan.sarif in the step work folder).' },
    'report-file': { type: 'path', description: 'Where to write the JSON report (default: image-scan.json in the step work folder).' },
    'sarif-category': { type: 'string', description: 'SARIF automationDetails.id (GitHub code scanning category), e.g. the image name.' },
    'image-version': { type: 'string', description: 'Published image version to run the built-in checks of image.yaml scan.checks on (SecurityType, osState, tags, source, ephemeral OS disk fit).' },
    // Read by the built-in checks only.
    ...galleryInputs,
  },
  outputs: {
    passed: { description: 'true when the policy passed.' },
    critical: { description: 'Remaining critical findings.' },
    high: { description: 'Remaining high findings.' },
    medium: { description: 'Remaining medium findings.' },
    low: { description: 'Remaining low findings.' },
    unknown: { description: 'Remaining findings of unknown severity.' },
    info: { description: 'Remaining informational findings (severity none/info).' },
    counts: { description: 'JSON object of remaining findings per severity.' },
    'sarif-file': { description: 'Path of the SARIF 2.1.0 file (upload with github/codeql-action/upload-sarif).' },
    'report-file': { description: 'Path of the JSON report with every finding and the policy verdict.' },
  },
  resolve(parsed, config) {
    const fromInput = Array.isArray(parsed.reports) ? parsed.reports.filter((r): r is string => typeof r === 'string') : [];
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
  },
  async run(inputs, ctx) {
    const result = await runScan(
      { ...inputs, toolVersion: PRODUCT_VERSION, workDir: ctx.workDir, cwd: process.cwd() },
      { azure: ctx.azure, logger: ctx.logger, signal: ctx.signal, now: ctx.clock.now() },
    );
    const outputs: ScanOutputs = {
      passed: result.passed,
      ...result.counts,
      counts: JSON.stringify(result.counts),
      'sarif-file': result.sarifFile,
      'report-file': result.reportFile,
    };
    if (!result.passed) {
      const error = new RejectedError(
        ErrorCodes.scanPolicyFailed,
        `Image scan failed the policy: ${result.failures.join(' ')} Fix or upgrade the packages, or add allowlist entries with a reason and expiry. Details: ${result.reportFile}`,
      );
      throw new StepFailure(error, outputs, result.summary);
    }
    return { outputs, summary: result.summary, warnings: result.warnings };
  },
});
