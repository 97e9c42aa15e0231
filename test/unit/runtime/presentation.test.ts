import { describe, expect, it } from 'vitest';
import { AzureError, ConfigurationError, RejectedError } from '../../../src/core/errors.js';
import { failureExitCode, failureText } from '../../../src/runtime/shared/failure.js';
import { azdoRunInfo, githubRunInfo } from '../../../src/runtime/shared/run-info.js';
import { SecretScrubber } from '../../../src/runtime/shared/secret-scrubber.js';
import { escapeMarkdown, renderMarkdown, renderText } from '../../../src/runtime/shared/summary-render.js';
import type { Summary } from '../../../src/core/summary/summary.js';

describe('failure text and exit codes', () => {
  it('formats ImagePublishError as code, message and request id', () => {
    expect(failureText(new AzureError('E_AZURE_THROTTLED', 'Too many requests.', { requestId: 'r-1' }))).toBe(
      'E_AZURE_THROTTLED: Too many requests. (request id: r-1)',
    );
    expect(failureText(new ConfigurationError('E_INPUT_MISSING', 'Input x is required.'))).toBe('E_INPUT_MISSING: Input x is required.');
    expect(failureText(new RangeError('bad'))).toBe('unexpected error: bad');
    expect(failureText('plain')).toBe('unexpected error: plain');
  });

  it('gives 2 for user errors and 1 for everything else', () => {
    expect(failureExitCode(new ConfigurationError('E_CONFIG_INVALID', 'x'))).toBe(2);
    expect(failureExitCode(new AzureError('E_TIMEOUT', 'x'))).toBe(1);
    expect(failureExitCode(new RejectedError('E_SIGNATURE_INVALID', 'x'))).toBe(1);
    expect(failureExitCode(new Error('x'))).toBe(1);
  });

  it("takes the exit code from the code's registry kind, not from the class that carried it", () => {
    // A user-error code exits 2 whatever class carried it (before the registry, an AzureError here exited 1).
    expect(failureExitCode(new AzureError('E_VERSION_EXISTS', 'taken by another run'))).toBe(2);
    expect(failureExitCode(new ConfigurationError('E_AZURE_REQUEST_FAILED', 'x'))).toBe(1);
  });
});

describe('SecretScrubber', () => {
  it('replaces every registered secret, longest first, including single lines of multi-line secrets', () => {
    const scrubber = new SecretScrubber();
    scrubber.add('abc123');
    scrubber.add('abc123-longer');
    scrubber.add('-----BEGIN KEY-----\nMIIBkey\n-----END KEY-----');
    expect(scrubber.scrub('x abc123-longer y abc123 z')).toBe('x *** y *** z');
    expect(scrubber.scrub('line: MIIBkey')).toBe('line: ***');
  });

  it('ignores values too short to be secrets', () => {
    const scrubber = new SecretScrubber();
    scrubber.add('a');
    expect(scrubber.scrub('a cat')).toBe('a cat');
  });
});

describe('summary rendering', () => {
  const summary: Summary = {
    title: 'Publish <1.0.0>',
    status: 'Published | 2 regions',
    sections: [
      { kind: 'table', heading: 'Regions', columns: ['Region', 'Replicas'], rows: [['eastus', 1], ['west|us', 2]] },
      { kind: 'text', text: 'x'.repeat(400) },
      { kind: 'details', summary: 'Raw', text: '<script>' },
    ],
  };

  it('escapes user strings and folds long texts into <details>', () => {
    const md = renderMarkdown(summary);
    expect(md).toContain('## Publish &lt;1.0.0&gt;');
    expect(md).toContain('| west\\|us | 2 |');
    expect(md).toContain('<pre>&lt;script&gt;</pre>');
    expect(md.match(/<details>/g)).toHaveLength(2);
    expect(escapeMarkdown('*a*\nb')).toBe('\\*a\\*<br>b');
  });

  it('puts the failure under the title', () => {
    expect(renderMarkdown({ title: 'T', sections: [] }, 'E_X: bad')).toBe('## T\n\n:x: **Failed**\nE\\_X: bad\n');
  });

  it('renders aligned plain text for the CLI', () => {
    const text = renderText({ title: 'T', sections: [{ kind: 'table', columns: ['A', 'Long'], rows: [['xyz', 1]] }] });
    expect(text).toBe('T\n\nA    Long\n---  ----\nxyz  1\n');
  });
});

describe('run info', () => {
  it('reads the GitHub runner variables', () => {
    expect(
      githubRunInfo({
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'contoso/images',
        GITHUB_RUN_ID: '99',
        GITHUB_RUN_NUMBER: '7',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SHA: 'abc',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_ACTOR: 'octo',
        GITHUB_WORKFLOW_REF: 'contoso/images/.github/workflows/x.yml@refs/heads/main',
      }),
    ).toEqual({
      platform: 'github',
      repository: 'contoso/images',
      commit: 'abc',
      ref: 'refs/heads/main',
      runUrl: 'https://github.com/contoso/images/actions/runs/99',
      runId: '99',
      runNumber: 7,
      runAttempt: 2,
      actor: 'octo',
      workflowRef: 'contoso/images/.github/workflows/x.yml@refs/heads/main',
    });
  });

  it('reads the Azure DevOps predefined variables', () => {
    const info = azdoRunInfo({
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/org/',
      SYSTEM_TEAMPROJECT: 'My Project',
      BUILD_BUILDID: '123',
      BUILD_SOURCEVERSION: 'def',
      BUILD_SOURCEBRANCH: 'refs/heads/main',
      BUILD_REQUESTEDFOR: 'Jane',
      BUILD_REPOSITORY_NAME: 'repo',
    });
    expect(info).toMatchObject({ platform: 'azdo', commit: 'def', runNumber: 123, actor: 'Jane', repository: 'repo' });
    expect(info.runUrl).toBe('https://dev.azure.com/org/My%20Project/_build/results?buildId=123');
  });
});
