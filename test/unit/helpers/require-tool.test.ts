import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireTool } from '../../helpers/require-tool.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('requireTool', () => {
  it('is true for a tool that runs', () => {
    expect(requireTool(process.execPath, ['--version'])).toBe(true);
  });

  it('on a developer machine, skips a missing tool and prints why', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(requireTool('image-publish-no-such-tool')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Skipping the tests that need image-publish-no-such-tool: .*ENOENT.*install-test-tools\.sh/));
  });

  it('under CI=true, fails instead of skipping', () => {
    vi.stubEnv('CI', 'true');
    expect(() => requireTool('image-publish-no-such-tool')).toThrow(/does not run \(ENOENT\).*Under CI=true a missing tool fails/);
  });

  it('treats a tool that exits non-zero as missing', () => {
    vi.stubEnv('CI', 'true');
    expect(() => requireTool(process.execPath, ['-e', 'process.exit(3)'])).toThrow(/exit 3/);
  });
});
