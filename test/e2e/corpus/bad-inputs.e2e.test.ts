import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { runAzdoTask, runCliProcess, runGithubAction } from '../../helpers/runner.js';
import { createTestStepContext } from '../../helpers/step-context.js';
import { type BadInputCase, badInputCases, corpusFiles } from './bad-input-cases.js';

// Every bad input, on each of the three runtimes as separate processes running the bundles (dist/), against one
// emulator for the file: the E_ code, the exit code, a message naming the input or file, and no ARM write.
const repoRoot = resolve(import.meta.dirname, '../../..');
const emulator = useEmulator({ timing: { lroDurationMs: 200, retryAfterSeconds: 0, replicationMsPerReplica: 50 } });
const files = corpusFiles();
// The subscription id is fixed per emulator; cases are built from a placeholder and filled in at run time.
const cases = badInputCases('SUB', files);
let firstLogEntry = 0;

beforeAll(async () => {
  await createTestStepContext(emulator.current).azure.resources().resourceGroups.createOrUpdate('rg-corpus', { location: 'westeurope' });
  firstLogEntry = emulator.current.requestLog.entries().length;
});

type Runtime = 'cli' | 'github' | 'azdo';

function withSubscription(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.replace('/subscriptions/SUB/', `/subscriptions/${emulator.current.subscriptionId}/`)]));
}

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Runs one case and returns the exit code and the error text the runtime shows the user. */
async function run(runtime: Runtime, c: BadInputCase): Promise<{ exitCode: number; error: string; all: string }> {
  const e = emulator.current;
  const inputs = withSubscription(c.inputs);
  const cloud = { 'arm-endpoint': e.armEndpoint, 'authority-host': e.authorityHost, 'arm-audience': e.armAudience, 'subscription-id': e.subscriptionId };
  const env = { AZURE_CLIENT_ID: e.defaultPrincipal.clientId, AZURE_TENANT_ID: e.tenantId, AZURE_CLIENT_SECRET: e.defaultPrincipal.clientSecret };
  if (runtime === 'cli') {
    const argv = [c.step, ...Object.entries({ ...cloud, ...inputs }).flatMap(([k, v]) => [`--${k}`, v])];
    const r = await runCliProcess(join(repoRoot, 'bin/image-publish.mjs'), argv, { env });
    return { exitCode: r.exitCode, error: /^error: (.*)$/m.exec(r.stderr)?.[1] ?? '', all: r.stdout + r.stderr };
  }
  if (runtime === 'github') {
    const r = await runGithubAction(c.step, { ...cloud, ...inputs }, { env });
    return { exitCode: r.exitCode, error: r.annotations.find((a) => a.level === 'error')?.message ?? '', all: r.log + r.stderr };
  }
  const azdoInputs = Object.fromEntries(Object.entries({ ...cloud, ...inputs }).filter(([k]) => k !== 'subscription-id').map(([k, v]) => [camel(k), v]));
  const r = await runAzdoTask(c.step, { azureSubscription: 'conn', ...azdoInputs }, {
    endpoints: {
      conn: {
        url: e.armEndpoint,
        scheme: 'ServicePrincipal',
        parameters: { serviceprincipalid: e.defaultPrincipal.clientId, serviceprincipalkey: e.defaultPrincipal.clientSecret, tenantid: e.tenantId, authenticationType: 'spnKey' },
        data: { subscriptionId: e.subscriptionId, environment: 'AzureStack', activeDirectoryAuthority: e.authorityHost },
      },
    },
  });
  return { exitCode: r.exitCode, error: r.result === 'Failed' ? (r.resultMessage ?? '') : '', all: r.log + r.stderr };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The input as any runtime spells it ('disk-path', '--disk-path', 'diskPath'), or the file path. */
function namePattern(c: BadInputCase): RegExp {
  if ('file' in c.names) return new RegExp(escape(c.names.file));
  const { input } = c.names;
  return new RegExp(`'(--)?(${escape(input)}|${escape(camel(input))})'`);
}

describe.concurrent.each<Runtime>(['cli', 'github', 'azdo'])('bad inputs on the %s runtime', (runtime) => {
  it.each(cases)('$name', async (c) => {
    const r = await run(runtime, c);
    expect(r.error, r.all).toMatch(new RegExp(`^${c.code}: `));
    expect(r.error).toMatch(namePattern(c));
    expect(r.exitCode, r.all).toBe(c.exit);
  }, 120_000);
});

describe('the corpus as a whole', () => {
  it(`has at least 150 distinct cases (${cases.length}, each on 3 runtimes) and changed nothing in Azure`, () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const writes = emulator.current.requestLog
      .entries()
      .slice(firstLogEntry)
      .filter((e) => e.route === 'arm' && ['PUT', 'PATCH', 'DELETE', 'POST'].includes(e.method.toUpperCase()))
      .map((e) => `${e.method} ${e.path}`);
    expect(writes).toEqual([]);
  });

  it('docs/troubleshooting.md explains every code the corpus produces', () => {
    const doc = readFileSync(join(repoRoot, 'docs/troubleshooting.md'), 'utf8');
    const codes = [...new Set(cases.map((c) => c.code))];
    expect(codes.filter((code) => !new RegExp(`\\b${code}\\b`).test(doc))).toEqual([]);
  });

  it('an unwritable inventory output-path fails before any ARM read', () => {
    const outputCases = cases.filter((c) => c.step === 'inventory' && c.inputs['output-path'] !== undefined).map((c) => c.inputs.gallery ?? '');
    expect(outputCases.length).toBeGreaterThan(0);
    const reads = emulator.current.requestLog.entries().filter((e) => outputCases.some((g) => e.path.includes(`/galleries/${g}`)));
    expect(reads.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });
});
