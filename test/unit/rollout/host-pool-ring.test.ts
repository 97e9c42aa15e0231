/** Rings with AVD host pools: the shape image.yaml and the `rings` input accept, defaults and errors. */
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { resolveRings } from '../../../src/core/rollout/rollout-inputs.js';

const pool = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-avd/providers/Microsoft.DesktopVirtualization/hostPools/hp-kw';

describe('host pools in rings', () => {
  it('resolves ids and names with the documented defaults', () => {
    const [ring] = resolveRings({ rings: [{ name: 'vdi', hostPools: [pool, { name: 'hp-dev', resourceGroup: 'rg-avd' }] }] }, undefined);
    expect(ring?.scaleSets).toEqual([]);
    expect(ring?.hostPools).toEqual([
      { subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-avd', name: 'hp-kw' },
      { subscriptionId: '', resourceGroup: 'rg-avd', name: 'hp-dev' },
    ]);
    expect(ring?.hostPoolPolicy).toEqual({ maxUnavailablePercent: 20, gracePeriodMs: 30 * 60_000, force: false });
  });

  it('names the input when a ring lists neither scale sets nor host pools, or a host pool id is wrong', () => {
    expect(() => resolveRings({ rings: [{ name: 'empty' }] }, undefined)).toThrow(/Input 'rings': 0: a ring lists at least one of scaleSets or hostPools/);
    const vmss = pool.replace('Microsoft.DesktopVirtualization/hostPools', 'Microsoft.Compute/virtualMachineScaleSets');
    const err = (() => { try { resolveRings({ rings: [{ name: 'vdi', hostPools: [vmss] }] }, undefined); } catch (e) { return e; } return undefined; })();
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).message).toBe(`rings[0].hostPools[0]: '${vmss}' is not a host pool id (/subscriptions/.../providers/Microsoft.DesktopVirtualization/hostPools/<name>).`);
  });
});
