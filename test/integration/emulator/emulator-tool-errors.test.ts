/** `image-publish emulator` refuses what it cannot use with one line and exit 2: nothing starts, no bytes echoed. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveEmulator } from '../../../src/emulator/emulator-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-tool-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(options: Partial<Parameters<typeof serveEmulator>[0]>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await serveEmulator({ port: 0, quiet: true, out: (l) => out.push(l), err: (l) => err.push(l), ...options });
  return { code, out, err };
}

describe('image-publish emulator start-up errors', () => {
  it.each([
    ['empty', Buffer.alloc(0), 'is empty'],
    ['truncated', Buffer.from('{"resources":{"/subscriptions/x":{"id":"TRUNCATED-MARKER'), 'is not complete JSON (truncated'],
    ['binary', Buffer.concat([Buffer.from('BINARY-MARKER'), Buffer.from([0, 159, 146, 150, 0, 255])]), 'is binary'],
    ['other JSON', Buffer.from('["OTHER-MARKER"]'), "is JSON but not an emulator state"],
  ])('a %s state file is one line, exit 2, without its bytes', async (name, bytes, expected) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, bytes);
    const run = await serve({ stateFile: file });
    expect(run.code).toBe(2);
    expect(run.out).toEqual([]);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(`state file '${file}' ${expected}`);
    expect(run.err[0]).toContain('delete it to start with an empty Azure, or pass another --state-file');
    expect(run.err[0]).not.toMatch(/MARKER|\n\s+at /);
  });

  it('a port in use is one line, exit 2, naming the flag to change', async () => {
    const blocker = createServer();
    await new Promise<void>((ready) => blocker.listen(0, '127.0.0.1', () => ready()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = await serve({ port });
      expect(run.code).toBe(2);
      expect(run.err).toEqual([`error: port ${port} on 127.0.0.1 for the emulator is in use (another emulator still running?): stop that process, or pass --port <port> (--port 0 picks a free one).`]);
      const azurite = await serve({ azurite: { port, start: () => Promise.reject(new Error('must not start')) } });
      expect(azurite.code).toBe(2);
      expect(azurite.err[0]).toContain(`port ${port} on 127.0.0.1 for Azurite is in use`);
      expect(azurite.err[0]).toContain('--azurite-port');
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });
});
