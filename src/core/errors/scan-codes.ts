import type { ErrorEntry } from './error-kinds.js';

/** Scan: codes, kinds and troubleshooting text (docs/troubleshooting.md is generated from these). */
export const scanCodes = {
  reportNotFound: {
    code: 'E_REPORT_NOT_FOUND',
    kind: 'user',
    meaning: 'A `reports` pattern matched no file.',
    fix:
      'Check the path and that the scanner step ran before scan.',
  },
  reportInvalid: {
    code: 'E_REPORT_INVALID',
    kind: 'user',
    meaning: 'A report file cannot be read as Trivy/Grype JSON, SARIF, CycloneDX or OpenSCAP XCCDF/ARF: invalid ' +
      'JSON/XML (line and column), an unknown format, or a value that does not have the shape the scanner ' +
      'writes.',
    fix:
      'The message names the file and where: a JSON path such as `$.Results[0].Vulnerabilities[2]: ' +
      'expected object, received null`, or an XML element such as `<TestResult[0]/rule-result[3]> ' +
      '(idref="…") has no <result> element`. The scan never reads such a report as "no findings". Re-run ' +
      'the scanner with machine-readable output and pass the complete, unedited file; if a tool wrote it ' +
      'that way, fix the step that produced or transformed it.',
  },
  severityUnmapped: {
    code: 'E_SEVERITY_UNMAPPED',
    kind: 'user',
    meaning: 'A report rates a finding with a severity word image-publish does not know (e.g. `SEVERE`).',
    fix:
      'The message names the file and the JSON path or XML element. Guessing would let the ' +
      'finding slip under `fail-on`, so the scan stops. If the word is legitimate for your scanner, map it ' +
      'with the `severity-map` input (`{"SEVERE": "high"}`, case-insensitive) or image.yaml ' +
      '`scan.severityMap`; otherwise fix the report.',
  },
  scannerMissing: {
    code: 'E_SCANNER_MISSING',
    kind: 'user',
    meaning: 'scan was asked to run a scanner that is not installed on the runner.',
    fix:
      'Install it (the message says how) or pass existing reports.',
  },
  scannerFailed: {
    code: 'E_SCANNER_FAILED',
    kind: 'service',
    meaning: 'The scanner exited with an error; the message has the command and its last line.',
    fix:
      'Run it locally with the same arguments.',
  },
  scapContentMissing: {
    code: 'E_SCAP_CONTENT_MISSING',
    kind: 'user',
    meaning: '`openscap: true` without `scap-content`, and no SCAP Security Guide data stream matching the ' +
      'image\'s `/etc/os-release` is installed (the message names the file looked for and those installed; ' +
      'Debian\'s `ssg-debian` ships Debian 10 and 11 content).',
    fix:
      'Install the matching content, or pass `scap-content` and `scap-profile`.',
  },
  scanPolicyFailed: {
    code: 'E_SCAN_POLICY_FAILED',
    kind: 'rejected',
    meaning: 'The image failed the scan policy (`fail-on`, `max-counts`, OpenSCAP pass rate or an OpenSCAP report ' +
      'in which no rule was evaluated, built-in image checks; an out-of-support OS is a finding of ' +
      '`end-of-support-severity`, default high).',
    fix:
      'Outputs, SARIF and the summary are still written. Fix or upgrade the packages, or add an allowlist ' +
      'entry with a reason and an expiry date.',
  },
} as const satisfies Record<string, ErrorEntry>;
