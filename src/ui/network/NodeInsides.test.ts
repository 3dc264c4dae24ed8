// The panel's first render, as markup (react-dom/server: no DOM needed). Clicking, scrolling and
// keyboard moves are left to the browser tests.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { NodeInsides as NodeInsidesData, NodeInsidesTab } from '../../sim/network/view/types';
import { NodeInsides } from './NodeInsides';
import insides from './testdata/worker-1-insides.json';

const before = insides.before as NodeInsidesData;
const after = insides.after as NodeInsidesData;

function render(props: { insides: NodeInsidesData | undefined; previous?: NodeInsidesData; highlight?: { tab: NodeInsidesTab; line: string } }): string {
  return renderToStaticMarkup(createElement(NodeInsides, { node: 'worker-1', onClose: () => {}, ...props }));
}

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
const text = (html: string): string => unescape(html.replace(/<[^>]*>/g, ''));

/** The text of every element with the class, in document order. */
function all(html: string, cls: string, tag = 'div'): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag} class="[^"]*\\b${cls}\\b[^"]*"[^>]*>(.*?)</${tag}>(?=<${tag}|</div>)`, 'g');
  for (const m of html.matchAll(re)) out.push(text(m[1]!));
  return out;
}

describe('NodeInsides', () => {
  it('has one tab per command, the first selected and the only one in the tab order', () => {
    const html = render({ insides: after });
    const tabs = [...html.matchAll(/<button[^>]*role="tab"[^>]*>([^<]*)<\/button>/g)].map((m) => [m[1], /aria-selected="true"/.test(m[0]), /tabindex="0"/.test(m[0])]);
    expect(tabs).toEqual([
      ['ip addr', true, true],
      ['ip route', false, false],
      ['bridge fdb', false, false],
      ['iptables-save nat', false, false],
      ['iptables-save filter', false, false],
      ['ipvsadm -Ln', false, false],
      ['ipset list', false, false],
      ['conntrack -L', false, false],
    ]);
    expect(html).toContain('role="tablist" aria-label="worker-1 commands"');
    expect(text(/<div class="ni-prompt[^>]*>(.*?)<\/div>/.exec(html)![1]!)).toBe('root@worker-1:~# ip addr');
  });

  it('shows a command exactly as printed, with a traced line marked', () => {
    const route = after['ip route'].stdout.split('\n')[2]!;
    const html = render({ insides: after, highlight: { tab: 'ip route', line: route } });
    expect(text(/<pre class="ni-text">(.*?)<\/pre>/s.exec(html)![1]!)).toBe(after['ip route'].stdout);
    expect(/<span class="mark" aria-current="true">([^<]*)/.exec(html)![1]).toBe(`${route}\n`);
  });

  it("shows conntrack's summary after its entries, as the terminal does", () => {
    const html = render({ insides: after, highlight: { tab: 'conntrack -L', line: '' } });
    expect(text(/<pre class="ni-text">(.*?)<\/pre>/s.exec(html)![1]!)).toBe('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');
  });

  it('groups iptables-save by chain with labels, links and the rules changed since the previous dump', () => {
    const line = '-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.3.2:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-MBUO2PUEYFC4MHZR';
    const html = render({ insides: after, previous: before, highlight: { tab: 'iptables-save nat', line } });
    expect(text(/<div class="ni-prompt[^>]*>(.*?)<\/div>/.exec(html)![1]!)).toBe('root@worker-1:~# iptables-save -t nat');
    // the traced rule's chain is open; Service chains start closed, with their labels and changes in the heading
    const heads = [...html.matchAll(/<button type="button" class="ipt-toggle" aria-expanded="(true|false)">(.*?)<\/button>/g)].map((m) => `${m[1] === 'true' ? '▾' : '▸'} ${text(m[2]!).slice(1)}`);
    expect(heads).toContain('▾ KUBE-SVC-LOLE4ISW44XBNF3GService default/web5 rules3 changed, 1 added');
    expect(heads).toContain('▸ KUBE-SEP-74RNEJOQ4CH6BCPUendpoint 10.244.3.3:80 of default/web2 rules2 added');
    expect(heads).toContain('▾ KUBE-SERVICES6 rules');
    expect(heads[0]).toBe('▸ chain declarations271 added');
    expect(html).toContain(`data-change="changed" title="changed" aria-current="true">`);
    expect(all(html, 'changed')).toHaveLength(3);
    expect(all(html, 'added')).toEqual(['-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.3.3:80" -j KUBE-SEP-74RNEJOQ4CH6BCPU']);
    expect(html).toContain('<button type="button" class="ipt-link" title="Go to chain KUBE-SEP-MBUO2PUEYFC4MHZR">KUBE-SEP-MBUO2PUEYFC4MHZR</button>');
    expect(text(/<span class="ipt-legend[^>]*>(.*?)<\/span><\/div>/.exec(html)![1]!)).toBe('addedchangedsince the previous dump');
  });

  it('says it is reading until the insides arrive', () => {
    expect(text(/<p class="muted pad">(.*?)<\/p>/.exec(render({ insides: undefined }))![1]!)).toBe('Reading worker-1…');
  });
});
