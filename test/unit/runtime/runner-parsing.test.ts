import { describe, expect, it } from 'vitest';
import { parseGithubFileCommands } from '../../helpers/runner.js';

describe('runner harness: GITHUB_OUTPUT parsing', () => {
  it('reads name=value lines and name<<DELIM heredocs, as @actions/core writes them', () => {
    const text = ['a=1', 'multi<<ghadelimiter_123', 'line one', 'line=two', 'ghadelimiter_123', 'b=x=y', ''].join('\n');
    expect(parseGithubFileCommands(text)).toEqual({ a: '1', multi: 'line one\nline=two', b: 'x=y' });
  });

  it('keeps an empty heredoc value', () => {
    expect(parseGithubFileCommands('e<<EOF\nEOF\n')).toEqual({ e: '' });
  });
});
