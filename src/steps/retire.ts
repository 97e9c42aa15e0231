import { type RetireInputs, resolveRetireInputs } from '../core/retirement/retire-inputs.js';
import { type RetireResult, actionsOutput, retireVersions } from '../core/retirement/retire-versions.js';
import type { Summary } from '../core/summary/summary.js';
import { defineStep } from './step-spec.js';
import { galleryInputs } from './gallery-target-inputs.js';

export type { RetireInputs } from '../core/retirement/retire-inputs.js';

export type RetireOutputs = {
  deprecated: string;
  deleted: string;
  kept: string;
  changed: boolean;
};

/** Retire: usage-aware deprecation and deletion of old image versions (issue 10). */
export const retireStep = defineStep<RetireInputs, RetireOutputs>({
  name: 'retire',
  title: 'Retire image versions',
  description:
    'Deprecates (endOfLifeDate + excludeFromLatest) and deletes old versions of an image definition by policy: keeps the newest N and ' +
    'anything tagged keep, and never deletes a version that a channel pins, a scale set or VM uses, or the safety profile protects.',
  azdoTaskName: 'RetireImageVersions',
  azdoTaskId: '3be9c270-0be4-4a28-abc7-92f53616afc9',
  inputs: {
    ...galleryInputs,
    'image-definition': { ...galleryInputs['image-definition'], description: 'Image definition whose versions are retired.' },
    // No `default:` on inputs image.yaml can set (the runner would pass it explicitly and override the file).
    'keep-latest': { type: 'integer', description: 'Never retire the newest N versions (default 3).', configPath: 'retirement.keepLatest' },
    'deprecate-after': { type: 'string', description: "Deprecate versions published longer ago than this, e.g. '30d'.", configPath: 'retirement.deprecateAfter' },
    'delete-after': { type: 'string', description: "Delete unused versions published longer ago than this, e.g. '90d'.", configPath: 'retirement.deleteAfter' },
    'keep-tag': { type: 'string', description: "Versions with this tag are kept unless its value is 'false' (default 'keep').", configPath: 'retirement.keepTag' },
    subscriptions: {
      type: 'list',
      description: 'More subscriptions to search for scale sets and VMs using a version (the gallery subscription is always searched). The identity needs Reader there.',
      configPath: 'retirement.subscriptions',
    },
    plan: { type: 'boolean', description: 'List every action with its reason and change nothing.', default: 'false' },
  },
  outputs: {
    deprecated: { description: 'JSON array of {version, reason, codes} deprecated by this run (or planned).' },
    deleted: { description: 'JSON array of {version, reason, codes} deleted by this run (or planned).' },
    kept: { description: 'JSON array of {version, reason, codes} left alone, with why.' },
    changed: { description: 'true when this run deprecated or deleted anything (always false with plan: true).' },
  },
  resolve: resolveRetireInputs,
  async run(inputs, ctx) {
    const result = await retireVersions(inputs, ctx);
    const changed = result.applied && result.actions.some((a) => a.action !== 'keep');
    // Old versions that cannot be deleted are worth a look (who still uses them?), not a failure.
    const blocked = result.actions
      .filter((a) => a.reasons.some((r) => r.code === 'in-use' || r.code === 'blocked-before-end-of-life'))
      .map((a) => `${a.version} is due for retirement but kept from deletion: ${a.reasons.filter((r) => r.code === 'in-use' || r.code === 'blocked-before-end-of-life').map((r) => r.text).join('; ')}`);
    return {
      outputs: {
        deprecated: actionsOutput(result.actions, 'deprecate'),
        deleted: actionsOutput(result.actions, 'delete'),
        kept: actionsOutput(result.actions, 'keep'),
        changed,
      },
      summary: retireSummary(inputs, result),
      ...(blocked.length > 0 ? { warnings: blocked } : {}),
    };
  },
});

const verb = { deprecate: 'deprecate', delete: 'delete', keep: 'keep' } as const;
const done = { deprecate: 'deprecated', delete: 'deleted', keep: 'kept' } as const;

/** Job summary: one row per version with what happened and why. */
export function retireSummary(inputs: RetireInputs, result: RetireResult): Summary {
  const count = (k: 'deprecate' | 'delete') => result.actions.filter((a) => a.action === k).length;
  const { gallery, image } = inputs.target;
  return {
    title: `Retire image versions${inputs.plan ? ' (plan)' : ''}`,
    status: `${gallery}/${image}: ${count('delete')} ${inputs.plan ? 'to delete' : 'deleted'}, ${count('deprecate')} ${inputs.plan ? 'to deprecate' : 'deprecated'}, ${result.actions.length - count('delete') - count('deprecate')} kept`,
    sections: [
      {
        kind: 'table',
        columns: ['Version', inputs.plan ? 'Planned action' : 'Action', 'Reason'],
        rows: result.actions.map((a) => [a.version, inputs.plan ? verb[a.action] : done[a.action], a.reasons.map((r) => r.text).join('; ')]),
      },
    ],
  };
}
