import { describe, expect, it } from 'vitest';
import { withHeartbeat } from '../../../src/demo/heartbeat.js';

describe('demo progress heartbeat', () => {
  it('prints the label, elapsed seconds and latest detail while the work runs, and stops after', async () => {
    const lines: string[] = [];
    let heard: () => void = () => undefined;
    const twoLines = new Promise<void>((resolve) => (heard = resolve));
    const result = await withHeartbeat('bake', async (progress) => {
      progress.detail('uploading 40%');
      await twoLines;
      return 'done';
    }, (line) => {
      lines.push(line);
      if (lines.length === 2) heard();
    }, 60);
    expect(result).toBe('done');
    expect(lines[0]).toMatch(/^ {4}bake: \d+ s \(uploading 40%\)$/);
    const count = lines.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(lines.length).toBe(count);
  });

  it('stays quiet while something else is printed (touch)', async () => {
    const lines: string[] = [];
    let stop = false;
    await withHeartbeat('scan', async (progress) => {
      for (let i = 0; i < 20 && !stop; i++) {
        progress.touch();
        await new Promise((r) => setTimeout(r, 10));
      }
    }, (line) => lines.push(line), 10_000);
    stop = true;
    expect(lines).toEqual([]);
  });
});
