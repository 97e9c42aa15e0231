import { ErrorCodes, RejectedError } from '../core/errors.js';
import { SEVERITIES } from '../core/scan/finding.js';
import { PRODUCT_VERSION } from '../core/product-version.js';
import { runScan } from '../core/scan/scan-run.js';
import { type ScanInputs, resolveScanInputs } from '../core/scan/scan-inputs.js';
import { StepFailure } from './step-failure.js';
import { defineStep } from './step-spec.js';
import { galleryInputs } from './gallery-target-inputs.js';

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
  resolve: resolveScanInputs,
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
