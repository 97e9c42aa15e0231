import { describe, expect, it } from 'vitest';
import { decideRetirement, hasKeepTag, latestVersion } from '../../../src/core/retirement/decide-retirement.js';
import type { RetirementPolicy, UsageFacts, VersionFacts } from '../../../src/core/retirement/retirement-types.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T12:00:00Z');
const def = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/img';

function version(name: string, over: Partial<VersionFacts> = {}): VersionFacts {
  return {
    name,
    id: `${def}/versions/${name}`,
    publishedAt: NOW - 400 * DAY,
    endOfLifeAt: undefined,
    excludeFromLatest: false,
    blockDeletionBeforeEndOfLife: false,
    provisioningState: 'Succeeded',
    tags: {},
    ...over,
  };
}

const noUsage: UsageFacts = { pins: {}, consumers: {}, latestConsumers: [] };
const policy: RetirementPolicy = { keepLatest: 1, deprecateAfterMs: 30 * DAY, deleteAfterMs: 90 * DAY, keepTag: 'keep' };

describe('decideRetirement: table', () => {
  it('keeps the newest N, deprecates middle-aged, deletes old unused versions', () => {
    const versions = [
      version('1.0.0', { publishedAt: NOW - 100 * DAY }),
      version('1.1.0', { publishedAt: NOW - 40 * DAY }),
      version('1.2.0', { publishedAt: NOW - 10 * DAY }),
      version('1.10.0', { publishedAt: NOW - 200 * DAY, excludeFromLatest: true }),
    ];
    const actions = decideRetirement(versions, noUsage, { ...policy, keepLatest: 1 }, NOW);
    expect(actions.map((a) => [a.version, a.action, a.reasons[0]!.code])).toEqual([
      ['1.10.0', 'keep', 'newest'], // 1.10.0 > 1.2.0 numerically
      ['1.2.0', 'keep', 'serves-latest'],
      ['1.1.0', 'deprecate', 'deprecate-after'],
      ['1.0.0', 'delete', 'delete-after'],
    ]);
    expect(actions[2]!.endOfLifeDate).toBe(new Date(NOW).toISOString());
  });

  it('deprecates instead of deleting a version that is in use, and says who uses it', () => {
    const versions = [version('2.0.0', { publishedAt: NOW }), version('1.0.0', { excludeFromLatest: true })];
    const usage: UsageFacts = { ...noUsage, consumers: { '1.0.0': ['/subscriptions/s/.../virtualMachineScaleSets/web'] } };
    const [, old] = decideRetirement(versions, usage, policy, NOW);
    expect(old!.action).toBe('deprecate');
    expect(old!.reasons.map((r) => r.code)).toEqual(['deprecate-after', 'in-use']);
    expect(old!.reasons[1]!.text).toContain('virtualMachineScaleSets/web');
  });

  it('keeps an already deprecated, in-use version and does not deprecate it twice (idempotent)', () => {
    const versions = [version('2.0.0', { publishedAt: NOW }), version('1.0.0', { excludeFromLatest: true, endOfLifeAt: NOW - DAY })];
    const usage: UsageFacts = { ...noUsage, consumers: { '1.0.0': ['vm1'] } };
    const [, old] = decideRetirement(versions, usage, policy, NOW);
    expect(old!.action).toBe('keep');
    expect(old!.reasons.map((r) => r.code)).toEqual(['already-deprecated', 'in-use']);
  });

  it('re-issues delete for a version left in Deleting by a crashed run', () => {
    const versions = [version('2.0.0', { publishedAt: NOW }), version('1.0.0', { provisioningState: 'Deleting', excludeFromLatest: true })];
    expect(decideRetirement(versions, noUsage, policy, NOW)[1]!.action).toBe('delete');
  });

  it('blockDeletionBeforeEndOfLife: blocked with a future or missing end of life, allowed after it', () => {
    const base = { blockDeletionBeforeEndOfLife: true, excludeFromLatest: false };
    const run = (eol: number | undefined) =>
      decideRetirement([version('2.0.0', { publishedAt: NOW }), version('1.0.0', { ...base, endOfLifeAt: eol })], noUsage, policy, NOW)[1]!;
    expect(run(undefined).action).toBe('deprecate');
    expect(run(undefined).endOfLifeDate).toBe(new Date(NOW).toISOString());
    expect(run(NOW + DAY).action).toBe('deprecate');
    // The promised end of life stays: deprecation only takes it out of latest.
    expect(run(NOW + DAY).endOfLifeDate).toBe(new Date(NOW + DAY).toISOString());
    expect(run(NOW + DAY).reasons.map((r) => r.code)).toContain('blocked-before-end-of-life');
    expect(run(NOW - DAY).action).toBe('delete');
  });

  it('never touches anything without thresholds; unknown age is kept', () => {
    const versions = [version('2.0.0'), version('1.0.0', { publishedAt: undefined, excludeFromLatest: true }), version('0.9.0', { excludeFromLatest: true })];
    const actions = decideRetirement(versions, noUsage, { keepLatest: 1, deprecateAfterMs: undefined, deleteAfterMs: undefined, keepTag: 'keep' }, NOW);
    expect(actions.map((a) => a.action)).toEqual(['keep', 'keep', 'keep']);
    expect(actions[1]!.reasons[0]!.code).toBe('age-unknown');
    expect(actions[2]!.reasons[0]!.code).toBe('too-young');
  });

  it('deleteAfter alone still deprecates a blocked version rather than leaving it in latest', () => {
    const versions = [version('2.0.0', { publishedAt: NOW }), version('1.0.0')];
    const usage: UsageFacts = { ...noUsage, consumers: { '1.0.0': ['vm'] } };
    const actions = decideRetirement(versions, usage, { ...policy, deprecateAfterMs: undefined }, NOW);
    expect(actions[1]!.action).toBe('deprecate');
  });

  it('keep tag: any value but false keeps; matched case-insensitively', () => {
    expect(hasKeepTag({ keep: 'true' }, 'keep')).toBe(true);
    expect(hasKeepTag({ Keep: '' }, 'keep')).toBe(true);
    expect(hasKeepTag({ keep: 'false' }, 'keep')).toBe(false);
    expect(hasKeepTag({ 'image-publish.keep': 'yes' }, 'keep')).toBe(false);
    expect(hasKeepTag({ 'image-publish.keep': 'yes' }, 'image-publish.keep')).toBe(true);
  });

  it('latest resolves to the highest succeeded version not excluded from latest', () => {
    expect(latestVersion([version('1.0.0'), version('1.2.0', { excludeFromLatest: true }), version('1.1.0', { provisioningState: 'Failed' })])).toBe('1.0.0');
    expect(latestVersion([version('1.0.0', { excludeFromLatest: true })])).toBeUndefined();
  });
});

// ------------------------------------------------------------------------------------------ every combination

type Pin = 'none' | 'channel' | 'previous';
type Eol = 'none' | 'past' | 'future';
type Age = 'young' | 'deprecate-age' | 'delete-age' | 'unknown';
interface Combo {
  pin: Pin;
  inUse: boolean;
  latestConsumer: boolean;
  block: boolean;
  eol: Eol;
  keepTag: 'none' | 'true' | 'false';
  withinNewest: boolean;
  servesLatest: boolean;
  age: Age;
  state: 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';
  thresholds: 'both' | 'delete-only' | 'deprecate-only';
}

function* combos(): Generator<Combo> {
  for (const pin of ['none', 'channel', 'previous'] as const)
    for (const inUse of [false, true])
      for (const latestConsumer of [false, true])
        for (const block of [false, true])
          for (const eol of ['none', 'past', 'future'] as const)
            for (const keepTag of ['none', 'true', 'false'] as const)
              for (const withinNewest of [false, true])
                for (const servesLatest of [false, true])
                  for (const age of ['young', 'deprecate-age', 'delete-age', 'unknown'] as const)
                    for (const state of ['Succeeded', 'Updating', 'Deleting', 'Failed'] as const)
                      for (const thresholds of ['both', 'delete-only', 'deprecate-only'] as const)
                        yield { pin, inUse, latestConsumer, block, eol, keepTag, withinNewest, servesLatest, age, state, thresholds };
}

const ages: Record<Age, number | undefined> = { young: NOW - 5 * DAY, 'deprecate-age': NOW - 45 * DAY, 'delete-age': NOW - 120 * DAY, unknown: undefined };
const eols: Record<Eol, number | undefined> = { none: undefined, past: NOW - DAY, future: NOW + DAY };

/** The target is 1.0.0, below two newer versions; keepLatest 3 puts it among the newest. */
function scenario(c: Combo) {
  const target = version('1.0.0', {
    publishedAt: ages[c.age],
    endOfLifeAt: eols[c.eol],
    blockDeletionBeforeEndOfLife: c.block,
    provisioningState: c.state,
    // Serving latest needs it not excluded and every newer version excluded.
    excludeFromLatest: !c.servesLatest,
    tags: c.keepTag === 'none' ? { owner: 'x' } : { keep: c.keepTag },
  });
  const newer = [version('1.1.0', { publishedAt: NOW, excludeFromLatest: c.servesLatest }), version('2.0.0', { publishedAt: NOW, excludeFromLatest: c.servesLatest })];
  const usage: UsageFacts = {
    pins: c.pin === 'none' ? {} : { '1.0.0': [c.pin === 'channel' ? 'prod' : 'prod.previous'] },
    consumers: c.inUse ? { '1.0.0': ['/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachineScaleSets/web'] } : {},
    latestConsumers: c.latestConsumer ? ['/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm'] : [],
  };
  const pol: RetirementPolicy = {
    keepLatest: c.withinNewest ? 3 : 1,
    deprecateAfterMs: c.thresholds === 'delete-only' ? undefined : 30 * DAY,
    deleteAfterMs: c.thresholds === 'deprecate-only' ? undefined : 90 * DAY,
    keepTag: 'keep',
  };
  const action = decideRetirement([...newer, target], usage, pol, NOW).find((a) => a.version === '1.0.0')!;
  return { target, action, pol };
}

describe('decideRetirement: every combination', () => {
  const all = [...combos()];

  it(`covers ${all.length} combinations`, () => {
    expect(all.length).toBe(3 * 2 * 2 * 2 * 3 * 3 * 2 * 2 * 4 * 4 * 3);
  });

  it('never deletes what is pinned, in use, blocked, kept, newest, serving latest or busy; deletes everything else that is due', () => {
    let deletions = 0;
    for (const c of all) {
      const { action } = scenario(c);
      const busy = c.state === 'Updating';
      // A Failed version is never what latest resolves to.
      const servesLatest = c.servesLatest && c.state === 'Succeeded';
      const blocked = c.block && c.eol !== 'past';
      const protectedNow = c.pin !== 'none' || c.inUse || blocked || c.keepTag === 'true' || c.withinNewest || servesLatest || busy;
      const due = c.thresholds !== 'deprecate-only' && c.age === 'delete-age';
      const label = JSON.stringify(c);
      if (protectedNow) expect(action.action, label).not.toBe('delete');
      else expect(action.action === 'delete', label).toBe(due);
      if (action.action === 'delete') deletions++;
      expect(action.reasons.length, label).toBeGreaterThan(0);
    }
    expect(deletions).toBeGreaterThan(0);
  });

  it('never deprecates what is pinned, kept, newest, serving latest or busy, nor before its age', () => {
    for (const c of all) {
      const { action } = scenario(c);
      if (action.action !== 'deprecate') continue;
      const label = JSON.stringify(c);
      expect(c.pin, label).toBe('none');
      expect(c.keepTag, label).not.toBe('true');
      expect(c.withinNewest, label).toBe(false);
      expect(c.state, label).not.toBe('Updating');
      expect(c.servesLatest && c.state === 'Succeeded', label).toBe(false);
      expect(['deprecate-age', 'delete-age'].includes(c.age), label).toBe(true);
      if (c.age === 'deprecate-age') expect(c.thresholds, label).not.toBe('delete-only');
      // A future end of life protected by the safety profile is kept, never pulled forward.
      const keepsEol = c.block && c.eol === 'future';
      expect(action.endOfLifeDate, label).toBe(new Date(keepsEol ? NOW + DAY : NOW).toISOString());
    }
  });

  it('is idempotent: applying the decisions and deciding again yields no new deletions or deprecations', () => {
    for (const c of all) {
      const first = scenario(c);
      if (first.action.action !== 'deprecate') continue;
      const applied = { ...first.target, excludeFromLatest: true, endOfLifeAt: Date.parse(first.action.endOfLifeDate!) };
      const newer = [version('1.1.0', { publishedAt: NOW, excludeFromLatest: c.servesLatest }), version('2.0.0', { publishedAt: NOW, excludeFromLatest: c.servesLatest })];
      const usage: UsageFacts = { pins: {}, consumers: c.inUse ? { '1.0.0': ['x'] } : {}, latestConsumers: [] };
      const again = decideRetirement([...newer, applied], usage, first.pol, NOW).find((a) => a.version === '1.0.0')!;
      expect(again.action, JSON.stringify(c)).not.toBe('deprecate');
    }
  });
});
