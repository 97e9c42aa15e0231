import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ComplianceResult, Finding, ParsedReport, Severity } from './finding.js';
import { parseSeverity } from './finding.js';
import { asArray, asObject, asString, reportInvalid, type JsonObject } from './report-input.js';

// Elements that may repeat; forcing arrays keeps single and many alike.
const REPEATING = new Set(['Rule', 'Group', 'TestResult', 'rule-result', 'report', 'title']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATING.has(name),
});

function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return asString(first) ?? asString(asObject(first)?.['#text']);
}

/** Walks the parsed tree, calling `visit` for every element named `name`, wherever it is nested (ARF nests deeply). */
function walk(node: unknown, name: string, visit: (el: JsonObject) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, name, visit);
    return;
  }
  const obj = asObject(node);
  if (obj === undefined) return;
  for (const [key, value] of Object.entries(obj)) {
    if (key.startsWith('@_')) continue;
    if (key === name) for (const el of asArray(value)) visit(asObject(el) ?? {});
    walk(value, name, visit);
  }
}

/** XCCDF severities are unknown/info/low/medium/high; info is treated as low. */
function xccdfSeverity(value: unknown): Severity {
  return parseSeverity(value);
}

/**
 * Parses OpenSCAP results: an XCCDF 1.1/1.2 Benchmark or TestResult, or an ARF report collection holding them.
 * Every rule-result is kept for pass-rate checks; `fail` results also become findings.
 */
export function parseXccdf(file: string, textContent: string): ParsedReport {
  const valid = XMLValidator.validate(textContent);
  if (valid !== true) {
    throw reportInvalid(file, `invalid XML at line ${valid.err.line}, column ${valid.err.col} (${valid.err.msg})`);
  }
  const doc = parser.parse(textContent) as unknown;
  const root = Object.keys(asObject(doc) ?? {}).find((k) => !k.startsWith('?') && !k.startsWith('@_') && k !== '#text');
  if (root !== 'Benchmark' && root !== 'TestResult' && root !== 'asset-report-collection') {
    throw reportInvalid(file, `unknown XML format (root element <${root ?? ''}>; expected an XCCDF Benchmark/TestResult or an ARF asset-report-collection)`);
  }
  const isArf = root === 'asset-report-collection';
  const titles = new Map<string, { title?: string; severity: Severity }>();
  walk(doc, 'Rule', (rule) => {
    const id = asString(rule['@_id']);
    if (id !== undefined) titles.set(id, { title: text(rule.title), severity: xccdfSeverity(rule['@_severity']) });
  });
  const compliance: ComplianceResult[] = [];
  let testResults = 0;
  walk(doc, 'TestResult', (testResult) => {
    testResults += 1;
    for (const rr of asArray(testResult['rule-result'])) {
      const ruleResult = asObject(rr);
      const ruleId = asString(ruleResult?.['@_idref']);
      const result = text(ruleResult?.result);
      if (ruleResult === undefined || ruleId === undefined || result === undefined) continue;
      const rule = titles.get(ruleId);
      const own = xccdfSeverity(ruleResult['@_severity']);
      compliance.push({ ruleId, result, severity: own !== 'unknown' ? own : (rule?.severity ?? 'unknown'), title: rule?.title, source: file });
    }
  });
  if (testResults === 0) {
    throw reportInvalid(file, 'the XCCDF document has no TestResult (it is a benchmark, not scan results; run `oscap xccdf eval --results`)');
  }
  const findings: Finding[] = compliance
    .filter((c) => c.result === 'fail')
    .map((c) => ({
      id: c.ruleId,
      kind: 'compliance' as const,
      severity: c.severity,
      title: c.title ?? c.ruleId,
      tool: 'openscap',
      source: file,
      fixState: 'unknown' as const,
    }));
  return { file, format: isArf ? 'arf' : 'xccdf', tool: 'openscap', findings, compliance };
}
