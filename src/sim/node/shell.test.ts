import { describe, expect, it } from 'vitest';
import { parseScript, runScript } from './shell';
import type { ShellHost } from './shell';

const host: ShellHost = {
  startWallMs: 0,
  hostname: 'client',
  readFile: () => undefined,
  external: (argv) => (argv[0] === 'lines' ? { kind: 'ok', status: 0, out: ['alpha', 'beta', 'Gamma', 'beta', 'delta'] } : { kind: 'ok', status: 127 }),
};

const run = (src: string) => {
  const r = runScript(parseScript(src), {}, host, { horizonMs: 60_000 });
  return { out: r.lines.map((l) => l.text), code: r.exit?.code };
};

describe('shell pipelines', () => {
  it('the right side reads what the left printed: head, tail, grep (-v -i -c), wc -l, sort -u, uniq, cat', () => {
    expect(run('lines | head -2')).toEqual({ out: ['alpha', 'beta'], code: 0 });
    expect(run('lines | tail -n 1')).toEqual({ out: ['delta'], code: 0 });
    expect(run('lines | grep -i gamma')).toEqual({ out: ['Gamma'], code: 0 });
    expect(run('lines | grep -v beta | grep -c a')).toEqual({ out: ['3'], code: 0 });
    expect(run('lines | wc -l')).toEqual({ out: ['5'], code: 0 });
    expect(run('lines | sort -u')).toEqual({ out: ['Gamma', 'alpha', 'beta', 'delta'], code: 0 });
    expect(run('lines | sort | uniq | head -1')).toEqual({ out: ['Gamma'], code: 0 });
    expect(run('echo hi | cat')).toEqual({ out: ['hi'], code: 0 });
  });

  it("a pipeline's status is its last command's: grep without a match fails, and && sees it", () => {
    expect(run('echo hi | grep nothing')).toEqual({ out: [], code: 1 });
    expect(run('echo hi | grep nothing && echo found || echo missing')).toEqual({ out: ['missing'], code: 0 });
  });

  it('tee writes the file and passes the lines on', () => {
    const r = runScript(parseScript('echo one | tee /tmp/x | wc -l'), {}, host, { horizonMs: 60_000 });
    expect(r.lines.map((l) => l.text)).toEqual(['1']);
    expect(r.files.get('/tmp/x')).toBe('one\n');
  });
});
