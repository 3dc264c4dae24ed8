import { describe, expect, it } from 'vitest';
import { FollowStream } from './follow';
import { followThrough } from './pipeline';

describe('a follow through a filter with state across lines', () => {
  it('grep -n re-reads its input to number the lines, and numbers them as one input', () => {
    const inner = new FollowStream();
    const r = followThrough({ stdout: 'a\n', stderr: '', exitCode: 0 }, inner, [{ name: 'grep', args: ['-n', 'a'] }]);
    expect(r.stdout).toBe('1:a\n');
    inner.write('b\na\n');
    expect(r.follow!.poll().stdout).toBe('3:a\n');
  });
});
