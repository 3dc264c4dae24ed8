import { describe, expect, it } from 'vitest';
import { inline, markdown } from './markdown';

describe('lesson Markdown-lite', () => {
  it('reads paragraphs, code, bold, lists and fenced code', () => {
    expect(markdown('A Deployment keeps `spec.replicas` pods.\nScale **web** to 5.\n\n- one `a`\n- two\n  more\n\n```\nkubectl get pods\n  -o wide\n```\nafter')).toEqual([
      { t: 'p', c: [{ t: 'text', s: 'A Deployment keeps ' }, { t: 'code', s: 'spec.replicas' }, { t: 'text', s: ' pods. Scale ' }, { t: 'bold', c: [{ t: 'text', s: 'web' }] }, { t: 'text', s: ' to 5.' }] },
      { t: 'ul', items: [[{ t: 'text', s: 'one ' }, { t: 'code', s: 'a' }], [{ t: 'text', s: 'two more' }]] },
      { t: 'pre', s: 'kubectl get pods\n  -o wide' },
      { t: 'p', c: [{ t: 'text', s: 'after' }] },
    ]);
  });

  it('keeps markup inside code as text, and bold around code', () => {
    expect(inline('`**not bold**` and **see `x`**')).toEqual([
      { t: 'code', s: '**not bold**' },
      { t: 'text', s: ' and ' },
      { t: 'bold', c: [{ t: 'text', s: 'see ' }, { t: 'code', s: 'x' }] },
    ]);
  });

  it('never makes HTML: tags are text', () => {
    expect(markdown('<img src=x onerror=alert(1)> **<b>**')).toEqual([{ t: 'p', c: [{ t: 'text', s: '<img src=x onerror=alert(1)> ' }, { t: 'bold', c: [{ t: 'text', s: '<b>' }] }] }]);
  });
});
