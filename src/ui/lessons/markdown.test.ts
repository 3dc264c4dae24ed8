import { describe, expect, it } from 'vitest';
import { inline, joinLines, markdown } from './markdown';

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

  it('joins a paragraph’s lines with a space, but none between Chinese characters or Chinese punctuation', () => {
    expect(markdown('Deployment 会一直保持\n`spec.replicas` 个 Pod 在运行，\n并在 Pod 失败时\n重建它们。\n把 **web**\n扩容到 5 个副本。')).toEqual([
      { t: 'p', c: [{ t: 'text', s: 'Deployment 会一直保持 ' }, { t: 'code', s: 'spec.replicas' }, { t: 'text', s: ' 个 Pod 在运行，并在 Pod 失败时重建它们。把 ' }, { t: 'bold', c: [{ t: 'text', s: 'web' }] }, { t: 'text', s: ' 扩容到 5 个副本。' }] },
    ]);
    expect(joinLines('运行', '“kubectl get”')).toBe('运行“kubectl get”');
    expect(joinLines('他说：“好”', '然后')).toBe('他说：“好”然后');
    expect(joinLines('把**副本**', '扩容')).toBe('把**副本**扩容');
    expect(joinLines('Pod 是', 'Kubernetes 的最小单位')).toBe('Pod 是 Kubernetes 的最小单位');
    expect(joinLines('the Pod', '“web”')).toBe('the Pod “web”');
    expect(joinLines('ポッドを', '作ります')).toBe('ポッドを作ります');
    expect(joinLines('파드를', '만듭니다')).toBe('파드를 만듭니다');
    expect(markdown('- 先查看\n  Pod 的状态，\n  再看事件\n  ……')).toEqual([{ t: 'ul', items: [[{ t: 'text', s: '先查看 Pod 的状态，再看事件……' }]] }]);
  });

  it('reads numbered lists, from the first item’s number; a number breaks into a paragraph only at 1', () => {
    expect(markdown('Steps:\n1. scale `web`\n2. watch\n   the pods\n\n3. third\n10. tenth\n- a bullet\n\nIt came out in\n2024. Then\n1. one')).toEqual([
      { t: 'p', c: [{ t: 'text', s: 'Steps:' }] },
      { t: 'ol', start: 1, items: [[{ t: 'text', s: 'scale ' }, { t: 'code', s: 'web' }], [{ t: 'text', s: 'watch the pods' }]] },
      { t: 'ol', start: 3, items: [[{ t: 'text', s: 'third' }], [{ t: 'text', s: 'tenth' }]] },
      { t: 'ul', items: [[{ t: 'text', s: 'a bullet' }]] },
      { t: 'p', c: [{ t: 'text', s: 'It came out in 2024. Then' }] },
      { t: 'ol', start: 1, items: [[{ t: 'text', s: 'one' }]] },
    ]);
    expect(markdown('1.5 GiB is not a list\n1.not either')).toEqual([{ t: 'p', c: [{ t: 'text', s: '1.5 GiB is not a list 1.not either' }] }]);
  });
});
