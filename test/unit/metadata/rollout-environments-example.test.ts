// The Azure DevOps example that binds rings to environments: every ring of its image.yaml is one deployment job,
// in ring order, whose environment is named after the ring and whose PinRollout runs just that ring.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dir = resolve(import.meta.dirname, '../../../examples/azure-devops');

interface Step { task?: string; inputs?: Record<string, unknown> }
interface Job { deployment?: string; environment?: string; strategy?: { runOnce?: { deploy?: { steps?: Step[] } } } }
interface Stage { stage: string; dependsOn?: string | string[]; condition?: string; jobs: (Job & { steps?: Step[] })[] }

describe('examples/azure-devops/rollout-environments.yml', () => {
  const pipeline = parse(readFileSync(resolve(dir, 'rollout-environments.yml'), 'utf8')) as { stages: Stage[] };
  const image = parse(readFileSync(resolve(dir, 'image.yaml'), 'utf8')) as { rollout: { rings: { name: string }[] } };
  const rings = image.rollout.rings.map((r) => r.name);

  it('has one deployment job per ring, in order, bound to the environment named after it and running only that ring', () => {
    const deployments = pipeline.stages.flatMap((s) => s.jobs.filter((j) => j.deployment !== undefined).map((j) => ({ stage: s, job: j })));
    expect(deployments.map((d) => d.job.environment)).toEqual(rings);
    for (const [i, { stage, job }] of deployments.entries()) {
      const pin = job.strategy?.runOnce?.deploy?.steps?.find((s) => s.task === 'PinRollout@1');
      expect(pin?.inputs?.ring).toBe(rings[i]);
      if (i > 0) expect(stage.dependsOn).toBe(deployments[i - 1]?.stage.stage);
    }
  });

  it('restores every ring in a rollback stage when a ring failed', () => {
    const rollback = pipeline.stages.find((s) => s.condition === 'failed()');
    const pin = rollback?.jobs.flatMap((j) => j.steps ?? []).find((s) => s.task === 'PinRollout@1');
    expect(pin?.inputs).toMatchObject({ rollback: true });
    expect(pin?.inputs?.ring).toBeUndefined();
  });
});
