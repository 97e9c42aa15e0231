import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { bakeWithPacker } from '../../../src/core/bake/packer-engine.js';
import { RecordingLogger } from '../../helpers/recording-logger.js';
import { requireTool } from '../../helpers/require-tool.js';

// Debian's `packer`: skipped with a printed reason on a developer machine without it, a failure under CI=true.
const hasPacker = requireTool('packer', ['version']);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'packer-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// The null builder needs no cloud: it proves invocation (argv, no shell), streaming and artifact parsing.
describe.skipIf(!hasPacker)('packer engine with the null builder', () => {
  it('passes variables without a shell, streams UI lines and records the artifact', async () => {
    const template = join(dir, 'null.pkr.hcl');
    const marker = join(dir, 'marker.txt');
    await writeFile(
      template,
      [
        'variable "version" { type = string }',
        'variable "marker" { type = string }',
        'source "null" "example" { communicator = "none" }',
        'build {',
        '  sources = ["source.null.example"]',
        // The value reaches the script through an environment variable, so the template's own shell does not
        // re-evaluate it: whatever is in the file is exactly what our argv carried.
        '  provisioner "shell-local" {',
        '    environment_vars = ["V=${var.version}", "M=${var.marker}"]',
        '    inline = ["printf \\"baking %s\\\\n\\" \\"$V\\" > \\"$M\\"", "echo done, with comma"]',
        '  }',
        '}',
      ].join('\n'),
    );
    const logger = new RecordingLogger();
    const workDir = join(dir, 'work');
    const result = await bakeWithPacker(
      // $(...) would run in a shell; passed as argv it stays a literal string.
      { engine: 'packer', template, variables: { version: '1.2.3 $(id)', marker }, varFiles: [], only: [], packerPath: 'packer' },
      { logger, clock: systemClock, workDir },
    );
    expect(await readFile(marker, 'utf8')).toBe('baking 1.2.3 $(id)\n');
    expect(result.artifacts).toEqual([{ target: 'null.example', index: 0, builderId: expect.any(String), id: 'Null', string: expect.stringContaining('null builder'), files: [] }]);
    expect(result.manifest).toMatchObject({ schemaVersion: 1, engine: 'packer', artifacts: ['Null'] });
    expect(JSON.parse(await readFile(result.manifestPath, 'utf8'))).toMatchObject({ engine: 'packer', buildLog: result.buildLog });
    expect(logger.text()).toContain('done, with comma');
    expect(await readFile(result.buildLog, 'utf8')).toMatch(/null\.example,artifact,0,id,Null/);
    expect(logger.openGroups).toEqual([]);
  });

  it('fails with the exit code, the error line and the log path', async () => {
    const template = join(dir, 'broken.pkr.hcl');
    await writeFile(template, 'source "null" "x" { communicator = "none" }\nbuild {\n  sources = ["source.null.x"]\n  provisioner "shell-local" { inline = ["exit 3"] }\n}\n');
    const logger = new RecordingLogger();
    const error = await bakeWithPacker(
      { engine: 'packer', template, variables: {}, varFiles: [], only: [], packerPath: 'packer' },
      { logger, clock: systemClock, workDir: join(dir, 'work2') },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_TOOL_FAILED' });
    expect((error as Error).message).toMatch(/packer build .*broken\.pkr\.hcl failed with exit code 1: .+\. Full output: .*packer-build\.log/);
    expect(logger.openGroups).toEqual([]);
  });
});

describe('packer missing', () => {
  it('says how to install it', async () => {
    const error = await bakeWithPacker(
      { engine: 'packer', template: 'x.pkr.hcl', variables: {}, varFiles: [], only: [], packerPath: 'packer-not-installed-here' },
      { logger: new RecordingLogger(), clock: systemClock, workDir: join(dir, 'work3') },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_TOOL_MISSING' });
    expect((error as Error).message).toMatch(/apt-get install -y packer/);
  });
});
