import { xccdfXmlParser } from '../parse-xccdf.js';
import type { Severity } from '../finding.js';
import { readSeverity } from '../severity.js';
import { asArray, asObject, asString, type JsonObject } from '../report-input.js';

/** What a failed rule says about fixing it, from the rule in the results file's benchmark. */
export interface RemediationHint {
  ruleId: string;
  title: string;
  severity: Severity;
  /** CCE and other identifiers. */
  idents: string[];
  /** Control references (CIS, NIST 800-53, PCI-DSS...), "text (href)". */
  references: string[];
  /** The fix systems the rule ships, short names: shell, ansible, puppet, blueprint... */
  fixSystems: string[];
  /** First lines of the shell fix, when the rule has one. */
  shellFix?: string;
}

const FIX_SYSTEMS: Record<string, string> = {
  'urn:xccdf:fix:script:sh': 'shell',
  'urn:xccdf:fix:script:ansible': 'ansible',
  'urn:xccdf:fix:script:puppet': 'puppet',
  'urn:xccdf:fix:script:kubernetes': 'kubernetes',
  'urn:redhat:anaconda:pre': 'anaconda',
  'urn:redhat:osbuild:blueprint': 'blueprint',
  'urn:xccdf:fix:script:bootc': 'bootc',
};

const parser = xccdfXmlParser(new Set(['Rule', 'Group', 'TestResult', 'rule-result', 'title', 'fix', 'reference', 'ident']));

function text(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return (asString(first) ?? asString(asObject(first)?.['#text']) ?? '').trim();
}

function collectRules(node: unknown, into: Map<string, JsonObject>): void {
  for (const item of Array.isArray(node) ? node : [node]) {
    const obj = asObject(item);
    if (obj === undefined) continue;
    for (const rule of asArray(obj.Rule)) {
      const r = asObject(rule);
      const id = asString(r?.['@_id']);
      if (r !== undefined && id !== undefined) into.set(id, r);
    }
    if (obj.Group !== undefined) collectRules(obj.Group, into);
  }
}

/** An XCCDF severity word (unknown, info, low, medium, high), read as every report's severities are. */
function xccdfSeverity(word: unknown, where: string): Severity {
  return readSeverity(asString(word), { file: 'OpenSCAP results', path: where }, {});
}

/** The failed rules of the last TestResult (the run just made; a results file may carry earlier ones). */
function failedRuleIds(benchmark: JsonObject): { ids: string[]; severity: Map<string, Severity>; testResultId?: string } {
  const testResult = asObject(asArray(benchmark.TestResult).at(-1));
  const severity = new Map<string, Severity>();
  const ids: string[] = [];
  for (const rr of asArray(testResult?.['rule-result'])) {
    const r = asObject(rr);
    const id = asString(r?.['@_idref']);
    if (id === undefined || text(r?.result) !== 'fail') continue;
    ids.push(id);
    severity.set(id, xccdfSeverity(r?.['@_severity'], `rule-result ${id}`));
  }
  const testResultId = asString(testResult?.['@_id']);
  return { ids, severity, ...(testResultId ? { testResultId } : {}) };
}

/** Hints for every failed rule of an `oscap xccdf eval --results` file (an XCCDF Benchmark holding its TestResult). */
export function remediationHints(resultsXml: string): { hints: RemediationHint[]; testResultId?: string } {
  const doc = asObject(parser.parse(resultsXml) as unknown);
  const benchmark = asObject(doc?.Benchmark);
  if (benchmark === undefined) return { hints: [] };
  const rules = new Map<string, JsonObject>();
  collectRules(benchmark, rules);
  const failed = failedRuleIds(benchmark);
  const hints = failed.ids.map((ruleId): RemediationHint => {
    const rule = rules.get(ruleId);
    const fixes = asArray(rule?.fix).map((f) => asObject(f) ?? {});
    const shell = fixes.find((f) => f['@_system'] === 'urn:xccdf:fix:script:sh');
    const shellLines = shell === undefined ? [] : text(shell).split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const own = failed.severity.get(ruleId) ?? 'unknown';
    return {
      ruleId,
      title: text(rule?.title) || ruleId,
      severity: own !== 'unknown' ? own : xccdfSeverity(rule?.['@_severity'], `Rule ${ruleId}`),
      idents: asArray(rule?.ident).map((i) => text(i)).filter((i) => i !== ''),
      references: asArray(rule?.reference).map((r) => `${text(r)} (${asString(asObject(r)?.['@_href']) ?? ''})`),
      fixSystems: [...new Set(fixes.map((f) => FIX_SYSTEMS[String(f['@_system'])] ?? String(f['@_system'])))],
      ...(shellLines.length > 0 ? { shellFix: shellLines.slice(0, 3).join('\n') } : {}),
    };
  });
  return { hints, ...(failed.testResultId ? { testResultId: failed.testResultId } : {}) };
}
