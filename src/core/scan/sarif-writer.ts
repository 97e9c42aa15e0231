import * as crypto from 'node:crypto';
import type { Finding, Severity } from './finding.js';
import { scoreForSeverity, SEVERITIES } from './finding.js';
import { PROJECT_HOME } from '../project-home.js';

/** GitHub code scanning rejects runs with more results; the most severe are kept. */
export const GITHUB_MAX_RESULTS_PER_RUN = 25_000;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', unknown: 'note', info: 'note' };

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
  properties?: Record<string, unknown>;
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

// crypto.hash (Node >= 20.12) hashes in one call without a Hash object per finding; older Node 20 falls back.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

function fingerprint(f: Finding): string {
  return sha256Hex([f.kind, f.id, f.packageName ?? '', f.installedVersion ?? '', f.target ?? '', f.location?.uri ?? ''].join('\u0000'));
}

function ruleFor(f: Finding): SarifRule {
  return {
    id: f.id,
    name: f.id,
    shortDescription: { text: f.title.slice(0, 1000) },
    helpUri: f.url !== undefined && /^https?:\/\//.test(f.url) ? f.url : undefined,
    defaultConfiguration: { level: LEVEL[f.severity] },
    // Findings arrive most severe first, so the first finding of a rule sets the rule's (highest) severity.
    properties: { 'security-severity': scoreForSeverity(f.severity), tags: ['security', f.kind, f.severity] },
  };
}

function resultFor(f: Finding, index: number): SarifResult {
  return {
    ruleId: f.id,
    ruleIndex: index,
    level: LEVEL[f.severity],
    message: { text: message(f) },
    locations: [{ physicalLocation: { artifactLocation: { uri: locationUri(f) }, region: { startLine: f.location?.line ?? 1 } } }],
    partialFingerprints: { 'imagePublishFinding/v1': fingerprint(f) },
    properties: { tool: f.tool, severity: f.severity, package: f.packageName, installedVersion: f.installedVersion, fixedVersion: f.fixedVersion },
  };
}

/** How many findings SARIF holds and how many the GitHub cap left out. */
export interface SarifCount {
  results: number;
  leftOut: number;
}

/** The sentence stating the cap, for the SARIF run, the log, the summary and the JSON report. */
export function sarifCapNote(count: SarifCount, max = GITHUB_MAX_RESULTS_PER_RUN): string {
  return `SARIF holds the ${count.results} most severe findings; ${count.leftOut} lower-severity ones were left out (GitHub accepts at most ${max.toLocaleString('en-US')} results per run). The JSON report has all of them.`;
}

/**
 * One SARIF 2.1.0 run as JSON text, one result at a time, so no second copy of the findings is built. It meets
 * GitHub's upload rules: every rule has properties.security-severity, every result partialFingerprints, at most
 * 25,000 results, the most severe kept; the run's properties say how many were left out.
 */
export function* sarifText(findings: readonly Finding[], options: SarifOptions): Generator<string, SarifCount> {
  const max = options.maxResults ?? GITHUB_MAX_RESULTS_PER_RUN;
  // Rule id → index and the first finding of that id: pointers, not copies.
  const ruleIndex = new Map<string, number>();
  const ruleSource: Finding[] = [];
  yield `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"results":[`;
  let kept = 0;
  // One pass per severity, most severe first, instead of sorting a copy: the cap keeps the most severe.
  for (const severity of SEVERITIES) {
    for (const f of findings) {
      if (f.severity !== severity || kept >= max) continue;
      let index = ruleIndex.get(f.id);
      if (index === undefined) {
        index = ruleSource.length;
        ruleIndex.set(f.id, index);
        ruleSource.push(f);
      }
      yield (kept === 0 ? '' : ',') + JSON.stringify(resultFor(f, index));
      kept += 1;
    }
  }
  const count: SarifCount = { results: kept, leftOut: findings.length - kept };
  const driver = { name: 'image-publish scan', informationUri: PROJECT_HOME, version: options.toolVersion };
  yield `],"tool":{"driver":${JSON.stringify(driver).slice(0, -1)},"rules":[`;
  for (let i = 0; i < ruleSource.length; i++) yield (i === 0 ? '' : ',') + JSON.stringify(ruleFor(ruleSource[i] as Finding));
  yield ']}}';
  if (options.category !== undefined) yield `,"automationDetails":${JSON.stringify({ id: options.category })}`;
  if (count.leftOut > 0) yield `,"properties":${JSON.stringify({ 'image-publish/resultsLeftOut': count.leftOut, 'image-publish/note': sarifCapNote(count, max) })}`;
  yield '}]}';
  return count;
}

/** The SARIF log as an object (small inputs: tests, tools); the step streams `sarifText` to a file instead. */
export function buildSarif(findings: readonly Finding[], options: SarifOptions): { log: SarifLog; truncated: number } {
  const parts: string[] = [];
  const gen = sarifText(findings, options);
  let step = gen.next();
  while (step.done !== true) {
    parts.push(step.value);
    step = gen.next();
  }
  return { log: JSON.parse(parts.join('')) as SarifLog, truncated: step.value.leftOut };
}
