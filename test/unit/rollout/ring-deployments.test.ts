/** Rings as deployments: the states a rollout reports, the best-effort port, the outputs, and one ring per run. */
import { describe, expect, it } from 'vitest';
import { ringDeploymentsOutput, ringDeploymentsSection } from '../../../src/core/rollout/ring-deployments-report.js';
import { RingDeployments, type DeploymentPort, type DeploymentStatusRequest } from '../../../src/core/rollout/ring-deployments.js';
import { selectRing } from '../../../src/core/rollout/single-ring.js';
import type { RolloutInputs } from '../../../src/core/rollout/rollout-types.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';

/** A port that keeps what it was asked, and fails the way the test says. */
function port(fail?: { on: 'create' | 'status'; status: number }): DeploymentPort & { calls: string[]; statuses: DeploymentStatusRequest[] } {
  let id = 0;
  const calls: string[] = [];
  const statuses: DeploymentStatusRequest[] = [];
  const refuse = (on: 'create' | 'status') => {
    if (fail?.on === on) throw Object.assign(new Error('Resource not accessible by integration'), { status: fail.status });
  };
  return {
    label: 'deployments of o/r', refusedHint: 'Grant deployments: write.', calls, statuses,
    create(request) {
      calls.push(`create ${request.environment}`);
      refuse('create');
      return Promise.resolve({ id: ++id });
    },
    setStatus(deploymentId, status) {
      calls.push(`status ${deploymentId} ${status.state}`);
      refuse('status');
      statuses.push(status);
      return Promise.resolve();
    },
  };
}

const run = { platform: 'github' as const, runUrl: 'https://github.com/o/r/actions/runs/1' };
const version = { version: '1.2.0', versionId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/1.2.0' };

describe('ring deployments', () => {
  it('reports in_progress then success per ring, and rolled-back rings inactive after a failing one', async () => {
    const p = port();
    const d = new RingDeployments(p, new RecordingLogger(), run, version);
    await d.started('canary', ['vmss-a']);
    await d.finished('success', 'live');
    await d.started('prod', ['vmss-b', 'pool-1']);
    await d.finished('failure', 'gate failed');
    await d.rolledBack();
    expect(p.calls).toEqual(['create canary', 'status 1 in_progress', 'status 1 success', 'create prod', 'status 2 in_progress', 'status 2 failure', 'status 1 inactive']);
    expect(p.statuses.every((s) => s.logUrl === run.runUrl)).toBe(true);
    expect(JSON.parse(ringDeploymentsOutput(d.records))).toEqual([
      { ring: 'canary', environment: 'canary', version: '1.2.0', state: 'inactive', targets: ['vmss-a'], deploymentId: 1 },
      { ring: 'prod', environment: 'prod', version: '1.2.0', state: 'failure', targets: ['vmss-b', 'pool-1'], deploymentId: 2 },
    ]);
  });

  it('marks the ring in progress error when the rollout stops on an error', async () => {
    const d = new RingDeployments(undefined, new RecordingLogger(), run, version);
    await d.started('canary', ['vmss-a']);
    await d.finished('error', 'stopped');
    expect(d.records.map((r) => r.state)).toEqual(['error']);
    expect(ringDeploymentsSection(d.records)[0]).toMatchObject({ kind: 'table', columns: ['Environment', 'Version', 'State', 'Targets'], rows: [['canary', '1.2.0', 'error', 'vmss-a']] });
  });

  it('warns once with the hint on a 403 and reports nothing more, while the records go on', async () => {
    const p = port({ on: 'create', status: 403 });
    const logger = new RecordingLogger();
    const d = new RingDeployments(p, logger, run, version);
    await d.started('canary', ['vmss-a']);
    await d.finished('success', 'live');
    await d.started('prod', ['vmss-b']);
    expect(p.calls).toEqual(['create canary']);
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toEqual([expect.stringMatching(/^deployments of o\/r: creating the deployment of ring canary failed \(HTTP 403\): Resource not accessible by integration\. .*the rollout goes on\. Grant deployments: write\.$/)]);
    expect(d.records.map((r) => [r.ring, r.state, r.deploymentId])).toEqual([['canary', 'success', undefined], ['prod', 'in_progress', undefined]]);
  });

  it('keeps a status description within the 140 characters GitHub takes', async () => {
    const p = port();
    const d = new RingDeployments(p, new RecordingLogger(), run, version);
    await d.started('canary', ['vmss-a']);
    await d.finished('failure', 'x'.repeat(300));
    expect(p.statuses.map((s) => s.description.length)).toEqual([expect.any(Number), 140]);
  });
});

describe('one ring per run (ring input)', () => {
  const ring = (name: string) => ({ name, scaleSets: [], batchPercent: 20, bakeTimeMs: 0, maxUnhealthyPercent: 0, upgrade: 'policy' as const });
  const inputs = {
    rings: [ring('canary'), ring('early'), ring('prod')], channel: 'prod', promoteLatest: true,
    evidence: { maxRegression: 1.2, minSamples: 3, insufficient: 'warn' },
  } as unknown as RolloutInputs;

  it('keeps the evidence gate with the first ring and the channel and latest with the last', () => {
    expect(selectRing(inputs, 'canary')).toMatchObject({ rings: [{ name: 'canary' }], promoteLatest: false, evidence: inputs.evidence });
    expect(selectRing(inputs, 'canary').channel).toBeUndefined();
    const middle = selectRing(inputs, 'early');
    expect([middle.channel, middle.evidence, middle.promoteLatest]).toEqual([undefined, undefined, false]);
    expect(selectRing(inputs, 'prod')).toMatchObject({ rings: [{ name: 'prod' }], channel: 'prod', promoteLatest: true, ringOffset: 2 });
    expect(selectRing(inputs, undefined)).toBe(inputs);
  });

  it('names the rings when the ring is not one of them', () => {
    expect(() => selectRing(inputs, 'staging')).toThrow("Input 'ring' is 'staging', which is not one of the rings: canary, early, prod.");
  });
});
