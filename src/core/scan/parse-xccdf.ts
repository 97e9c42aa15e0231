import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { ComplianceResult, Finding, ParsedReport, Severity } from './finding.js';
import { asArray, asObject, asString, reportInvalid, type JsonObject } from './report-input.js';
import type { ReportPath } from './report-shape.js';
import { readSeverity, type ParseOptions } from './severity.js';

// Elements that may repeat; forcing arrays keeps single and many alike.
const REPEATING = new Set(['Rule', 'Group', 'TestResult', 'rule-result', 'report', 'title']);

/**
 * The XML parser XCCDF files are read with: attributes as `@_name`, namespaces dropped, every value a string, and
 * the `repeating` elements always arrays. Shared with OpenSCAP's remediation hints, which read the same files.
 */
export function xccdfXmlParser(repeating: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => repeating.has(name),
  });
}

const parser = xccdfXmlParser(REPEATING);

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

/** The result values XCCDF 1.1/1.2 define (xccdf:resultEnumType); anything else is not a result we can count. */
export const XCCDF_RESULTS = ['pass', 'fail', 'error', 'unknown', 'notapplicable', 'notchecked', 'notselected', 'informational', 'fixed'] as const;

// The parts of an xccdf:rule-result the parser reads, after fast-xml-parser (attributes as @_name).
const ruleResultShape = z.looseObject({
  '@_idref': z.string().min(1),
  '@_severity': z.string().optional(),
  result: z.union([z.string(), z.looseObject({ '#text': z.string() })]),
});

/** XCCDF severities are unknown/info/low/medium/high (xccdf:severityEnumType). */
function xccdfSeverity(value: unknown, where: ReportPath, options: ParseOptions): Severity {
  return readSeverity(asString(value), where, options);
}

/** One rule-result, checked: a rule-result without a result, or with a value XCCDF does not define, is an error. */
function readRuleResult(value: unknown, where: ReportPath): { ruleId: string; result: string; severity?: string } {
  const parsed = ruleResultShape.safeParse(value);
  if (!parsed.success) {
    const idref = asString(asObject(value)?.['@_idref']);
    const issue = parsed.error.issues[0];
    const missing = issue?.path[0] === 'result' ? 'has no <result> element' : issue?.path[0] === '@_idref' ? 'has no idref attribute' : (issue?.message ?? 'does not match');
    throw reportInvalid(where.file, `<${where.path}>${idref === undefined ? '' : ` (idref="${idref}")`} ${missing}`);
  }
  const rr = parsed.data;
  const result = (typeof rr.result === 'string' ? rr.result : rr.result['#text']).trim();
  if (!(XCCDF_RESULTS as readonly string[]).includes(result)) {
    throw reportInvalid(where.file, `<${where.path}/result> (idref="${rr['@_idref']}") is "${result}", not an XCCDF result (${XCCDF_RESULTS.join(', ')})`);
  }
  return { ruleId: rr['@_idref'], result, severity: rr['@_severity'] };
}

/**
 * Parses OpenSCAP results: an XCCDF 1.1/1.2 Benchmark or TestResult, or an ARF report collection holding them.
 * Every rule-result is kept for pass-rate checks; `fail` results also become findings.
 */
export function parseXccdf(file: string, textContent: string, options: ParseOptions = {}): ParsedReport {
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
    if (id !== undefined) titles.set(id, { title: text(rule.title), severity: xccdfSeverity(rule['@_severity'], { file, path: `Rule id="${id}" severity` }, options) });
  });
  const compliance: ComplianceResult[] = [];
  let testResults = 0;
  walk(doc, 'TestResult', (testResult) => {
    const element = `TestResult[${testResults}]`;
    testResults += 1;
    asArray(testResult['rule-result']).forEach((value, i) => {
      const where = { file, path: `${element}/rule-result[${i}]` };
      const rr = readRuleResult(value, where);
      const rule = titles.get(rr.ruleId);
      const own = rr.severity === undefined ? undefined : xccdfSeverity(rr.severity, { file, path: `${where.path} severity` }, options);
      const severity = own !== undefined && own !== 'unknown' ? own : (rule?.severity ?? 'unknown');
      compliance.push({ ruleId: rr.ruleId, result: rr.result, severity, title: rule?.title, source: file });
    });
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
