import { createHash } from 'node:crypto';
import type { Finding, Severity } from './finding.js';
import { compareSeverity, scoreForSeverity } from './finding.js';

/** GitHub code scanning rejects runs with more results; the most severe are kept. */
export const GITHUB_MAX_RESULTS_PER_RUN = 25_000;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', unknown: 'note' };

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { 'security-severity': string; tags: string[] };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  properties: { tool: string; severity: Severity; package?: string; installedVersion?: string; fixedVersion?: string };
}

interface SarifRun {
  tool: { driver: { name: string; informationUri: string; version: string; rules: SarifRule[] } };
  automationDetails?: { id: string };
  results: SarifResult[];
}

export interface SarifOptions {
  toolVersion: string;
  /** automationDetails.id: GitHub's category, so scans of several images do not overwrite each other. */
  category?: string;
  maxResults?: number;
}

function message(f: Finding): string {
  const pkg = f.packageName === undefined ? '' : ` in ${f.packageName}${f.installedVersion ? ` ${f.installedVersion}` : ''}`;
  const fix = f.fixedVersion === undefined ? '' : ` (fixed in ${f.fixedVersion})`;
  return `${f.severity.toUpperCase()} ${f.id}${pkg}${fix}: ${f.title} [${f.tool}]`;
}

/** GitHub needs a file location; image findings point at the package path or the scanned target. */
function locationUri(f: Finding): string {
  const raw = f.location?.uri ?? f.target ?? f.source;
  return raw.replace(/\\/g, '/').replace(/^\/+/, '').replace(/ /g, '%20') || 'image';
}

function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update([f.kind, f.id, f.packageName ?? '', f.installedVersion ?? '', f.target ?? '', f.location?.uri ?? ''].join('\u0000'))
    .digest('hex');
}

/**
 * Builds one SARIF 2.1.0 run for the remaining findings that meets GitHub's upload rules: every rule has
 * properties.security-severity, every result partialFingerprints, at most 25,000 results (most severe kept).
 */
export function buildSarif(findings: readonly Finding[], options: SarifOptions): { log: SarifLog; truncated: number } {
  const max = options.maxResults ?? GITHUB_MAX_RESULTS_PER_RUN;
  const sorted = [...findings].sort((a, b) => compareSeverity(b.severity, a.severity));
  const kept = sorted.slice(0, max);
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const f of kept) {
    let index = ruleIndex.get(f.id);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(f.id, index);
      rules.push({
        id: f.id,
        name: f.id,
        shortDescription: { text: f.title.slice(0, 1000) },
        helpUri: f.url !== undefined && /^https?:\/\//.test(f.url) ? f.url : undefined,
        defaultConfiguration: { level: LEVEL[f.severity] },
        // Sorted most severe first, so the first finding of a rule sets the rule's (highest) severity.
        properties: { 'security-severity': scoreForSeverity(f.severity), tags: ['security', f.kind, f.severity] },
      });
    }
    results.push({
      ruleId: f.id,
      ruleIndex: index,
      level: LEVEL[f.severity],
      message: { text: message(f) },
      locations: [{ physicalLocation: { artifactLocation: { uri: locationUri(f) }, region: { startLine: f.location?.line ?? 1 } } }],
      partialFingerprints: { 'imagePublishFinding/v1': fingerprint(f) },
      properties: { tool: f.tool, severity: f.severity, package: f.packageName, installedVersion: f.installedVersion, fixedVersion: f.fixedVersion },
    });
  }
  const run: SarifRun = {
    tool: { driver: { name: 'image-publish scan', informationUri: 'https://github.com/image-publish/image-publish', version: options.toolVersion, rules } },
    results,
  };
  if (options.category !== undefined) run.automationDetails = { id: options.category };
  return {
    log: { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] },
    truncated: sorted.length - kept.length,
  };
}
