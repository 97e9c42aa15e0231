/**
 * The retire step's work: read versions, pins and consumers; decide (pure); then deprecate and delete, or in
 * plan mode only report. Every write is idempotent, so a re-run after a crash converges on the same state.
 */
import type { AzureContext } from '../azure/azure-context.js';
import type { Clock } from '../clock.js';
import { azureCall } from '../azure/azure-call.js';
import type { Logger } from '../logger.js';
import { waitForPoller } from '../wait/wait-for-poller.js';
import { definitionPins } from './channel-pins.js';
import { type ConsumerFinder, armConsumerFinder, consumersOfDefinition } from './consumer-finder.js';
import { decideRetirement } from './decide-retirement.js';
import { readDefinition } from './read-versions.js';
import type { RetireInputs } from './retire-inputs.js';
import type { Reason, RetirementAction, UsageFacts } from './retirement-types.js';
import { defined } from '../defined.js';

export interface RetireContext {
  azure: AzureContext;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
}

export interface RetireResult {
  actions: RetirementAction[];
  /** false in plan mode: nothing was changed. */
  applied: boolean;
  definitionId: string;
  usage: UsageFacts;
}

/** Runs retirement for one definition. `finder` defaults to ARM listing over the configured subscriptions. */
export async function retireVersions(inputs: RetireInputs, ctx: RetireContext, finder?: ConsumerFinder): Promise<RetireResult> {
  const { target } = inputs;
  const label = `${target.gallery}/${target.image}`;
  const { definition, versions } = await ctx.logger.group(`Versions of ${label}`, async () => {
    const read = await readDefinition(ctx.azure, target, ctx.signal);
    ctx.logger.info(`${read.versions.length} version(s) in ${label}`);
    return read;
  });
  const definitionId = definition.id ?? '';
  const usage = await ctx.logger.group('Usage (channel pins, scale sets, VMs)', async () => {
    const consumers = await (finder ?? armConsumerFinder(ctx.azure, inputs.subscriptions)).find(ctx.signal);
    const { byVersion, latest } = consumersOfDefinition(definitionId, consumers);
    const pins = definitionPins(definition.tags);
    for (const [version, names] of Object.entries(pins)) ctx.logger.info(`${version}: pinned by ${names.join(', ')}`);
    for (const [version, ids] of Object.entries(byVersion)) ctx.logger.info(`${version}: used by ${ids.length} resource(s)`);
    if (latest.length > 0) ctx.logger.info(`${latest.length} resource(s) follow 'latest' of ${label}`);
    return { pins, consumers: byVersion, latestConsumers: latest } satisfies UsageFacts;
  });

  const actions = decideRetirement(versions.map((v) => v.facts), usage, inputs.policy, ctx.clock.now());
  for (const a of actions) ctx.logger.info(`${inputs.plan ? '[plan] ' : ''}${a.version}: ${a.action} (${a.reasons.map((r) => r.text).join('; ')})`);
  if (inputs.plan) {
    ctx.logger.info('plan: true, nothing was changed.');
    return { actions, applied: false, definitionId, usage };
  }

  const wait = { logger: ctx.logger, clock: ctx.clock, signal: ctx.signal, timeoutMs: inputs.timeoutMs };
  const compute = ctx.azure.compute();
  const { resourceGroup, gallery, image } = target;
  await ctx.logger.group('Deprecations', async () => {
    for (const a of actions.filter((x) => x.action === 'deprecate')) {
      const endOfLifeDate = new Date(defined(a.endOfLifeDate, `end-of-life date of ${a.version}`));
      await azureCall(`deprecating image version ${label}/${a.version}`, () =>
        waitForPoller(
          compute.galleryImageVersions.update(resourceGroup, gallery, image, a.version, { publishingProfile: { endOfLifeDate, excludeFromLatest: true } }),
          { ...wait, label: `deprecating ${a.version}` },
        ),
      );
      ctx.logger.info(`Deprecated ${a.version}: endOfLifeDate ${a.endOfLifeDate}, excluded from latest`);
    }
  });

  const deletions = actions.filter((x) => x.action === 'delete');
  if (deletions.length > 0) await recheckPins(ctx, inputs, actions);
  await ctx.logger.group('Deletions', async () => {
    for (const a of actions.filter((x) => x.action === 'delete')) {
      await azureCall(`deleting image version ${label}/${a.version}`, () =>
        waitForPoller(compute.galleryImageVersions.delete(resourceGroup, gallery, image, a.version), { ...wait, label: `deleting ${a.version}` }),
      );
      ctx.logger.info(`Deleted ${a.version}`);
    }
  });
  return { actions, applied: true, definitionId, usage };
}

/**
 * A pin-rollout may have pinned a version since the decision was read; re-read the definition's pins just
 * before deleting and turn any newly pinned deletion into a keep.
 */
async function recheckPins(ctx: RetireContext, inputs: RetireInputs, actions: RetirementAction[]): Promise<void> {
  const { resourceGroup, gallery, image } = inputs.target;
  const fresh = await azureCall(`re-reading channel pins of ${gallery}/${image}`, () => ctx.azure.compute().galleryImages.get(resourceGroup, gallery, image));
  const pins = definitionPins(fresh.tags);
  for (const a of actions) {
    const names = pins[a.version];
    if (a.action !== 'delete' || !names) continue;
    const reason: Reason = { code: 'pinned', text: `pinned by channel ${names.join(', ')} (pinned while retire ran)` };
    ctx.logger.warn(`${a.version} was pinned by ${names.join(', ')} while retire ran; keeping it.`);
    a.action = 'keep';
    a.reasons = [reason];
  }
}

/** Output shape: `[{ version, reason, codes }]` for one action kind. */
export function actionsOutput(actions: readonly RetirementAction[], kind: RetirementAction['action']): string {
  return JSON.stringify(
    actions
      .filter((a) => a.action === kind)
      .map((a) => ({ version: a.version, reason: a.reasons.map((r) => r.text).join('; '), codes: a.reasons.map((r) => r.code) })),
  );
}
