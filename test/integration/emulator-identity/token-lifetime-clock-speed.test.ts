import { describe, expect, it } from 'vitest';
import { emulatorCredential, useEmulator } from '../../helpers/emulator.js';

// The demo runs the emulator's clock x100. Clients count `expires_in` in real seconds, so a one-hour token must
// stay valid for 100 emulated hours there; otherwise a step running longer than 36 real seconds holds a token the
// client still believes fresh and ARM (the emulator) refuses it as expired.
const emu = useEmulator({ clockSpeed: 100 });

async function listGroups(token: string): Promise<number> {
  const e = emu.current;
  const res = await fetch(new URL(`subscriptions/${e.subscriptionId}/resourcegroups?api-version=2021-04-01`, e.armEndpoint), { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

describe('token lifetime under a faster emulated clock', () => {
  it('tells the client one hour, and honours the token for one hour of the client\'s time', async () => {
    const before = Date.now();
    const { token, expiresOnTimestamp } = await emulatorCredential(emu.current).getToken(`${emu.current.armAudience}.default`);
    // What the client is told: about an hour from now on its own (real) clock.
    expect(expiresOnTimestamp - before).toBeGreaterThan(3500_000);
    expect(expiresOnTimestamp - before).toBeLessThan(3700_000);
    // Two emulated hours (72 real seconds at x100): still valid, as the client expects.
    emu.current.clock.advance(2 * 3600_000);
    expect(await listGroups(token)).toBe(200);
    // Past 100 emulated hours (one real hour at x100): expired.
    emu.current.clock.advance(100 * 3600_000);
    expect(await listGroups(token)).toBe(401);
  });
});
