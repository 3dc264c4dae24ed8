import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockLines, diffIptables, findLine, labelText, parseIptablesSave, ruleComment, serviceOfComment, startsOpen } from './iptablesText';
import type { IptBlock, IptDoc } from './iptablesText';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
// worker-1's nat table from kubetab itself: web at 3 replicas, then scaled to 4 and to 1.
const nat3 = read('./testdata/web-nat-3.txt');
const nat4 = read('./testdata/web-nat-4.txt');
const nat1 = read('./testdata/web-nat-1.txt');
// kube-proxy's upstream test dump: filter and nat, NodePorts, external IPs, a load balancer firewall.
const upstream = read('../../sim/agents/kubeproxy/testdata/overall-upstream.txt');

const SVC_WEB = 'KUBE-SVC-LOLE4ISW44XBNF3G';

function chain(doc: IptDoc, name: string, table = 'nat'): Extract<IptBlock, { kind: 'chain' }> {
  const b = doc.blocks.find((x) => x.kind === 'chain' && x.chain === name && x.table === table);
  if (!b || b.kind !== 'chain') throw new Error(`no chain ${name}`);
  return b;
}

describe('grouping', () => {
  it('keeps every line, verbatim and in order', () => {
    for (const text of [nat3, nat4, nat1, upstream]) {
      expect(blockLines(parseIptablesSave(text)).join('\n') + '\n').toBe(text);
    }
  });

  it('puts the header, the declarations, one block per chain and the trailer in that order', () => {
    const doc = parseIptablesSave(nat3);
    const shape = doc.blocks.map((b) => (b.kind === 'chain' ? b.chain : b.kind === 'declarations' ? `declarations(${b.lines.length})` : b.lines.map((l) => l.text.slice(0, 9)).join('|')));
    expect(shape).toEqual([
      '# Generat|*nat',
      'declarations(26)',
      'PREROUTING',
      'OUTPUT',
      'POSTROUTING',
      'FLANNEL-POSTRTG',
      'KUBE-MARK-MASQ',
      'KUBE-POSTROUTING',
      'KUBE-SEP-7QE66YRUUVCO6FRM',
      'KUBE-SEP-BWHGELGX6BITPZVO',
      'KUBE-SEP-CLAGU7VMF4VCXE4X',
      'KUBE-SEP-FIMWYXOJBPP32KI5',
      'KUBE-SEP-H7FN6LU3RSH6CC2T',
      'KUBE-SEP-HK254EL4IH3TTFBT',
      'KUBE-SEP-MBUO2PUEYFC4MHZR',
      'KUBE-SEP-MHDQ23KUGG7EGFMW',
      'KUBE-SEP-TCIZBYBD3WWXNWF5',
      'KUBE-SEP-Z6M7ZHWCTBNMPLD7',
      'KUBE-SERVICES',
      'KUBE-SVC-ERIFXISQEP7F7OF4',
      'KUBE-SVC-JD5MR3NA4I4DYORP',
      SVC_WEB,
      'KUBE-SVC-NPX46M4PTMTKRN6Y',
      'KUBE-SVC-TCOU7JCQXEZGVUNU',
      'COMMIT|# Complet',
    ]);
    expect(chain(doc, SVC_WEB).lines.map((l) => l.n)).toEqual([74, 75, 76, 77]);
  });

  it('keeps the tables of a full dump apart', () => {
    const doc = parseIptablesSave(upstream);
    expect(doc.blocks.filter((b) => b.kind === 'declarations').map((b) => (b.kind === 'declarations' ? b.table : ''))).toEqual(['filter', 'nat']);
    expect(chain(doc, 'KUBE-SERVICES', 'filter').id).toBe('filter/KUBE-SERVICES');
    expect(chain(doc, 'KUBE-SERVICES', 'nat').id).toBe('nat/KUBE-SERVICES');
  });

  it('opens the entry chains and leaves Service and endpoint chains and the declarations closed', () => {
    const doc = parseIptablesSave(nat3);
    expect(startsOpen(chain(doc, 'KUBE-SERVICES'))).toBe(true);
    expect(startsOpen(chain(doc, 'POSTROUTING'))).toBe(true);
    expect(startsOpen(chain(doc, SVC_WEB))).toBe(false);
    expect(startsOpen(chain(doc, 'KUBE-SEP-7QE66YRUUVCO6FRM'))).toBe(false);
    expect(startsOpen(doc.blocks[1]!)).toBe(false);
  });
});

describe('links', () => {
  it('links each -j to a chain the table declares, at the exact characters of its name', () => {
    const doc = parseIptablesSave(nat3);
    const svc = chain(doc, 'KUBE-SERVICES').lines[1]!;
    expect(svc.text).toBe('-A KUBE-SERVICES -d 10.105.145.42/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G');
    expect(svc.target).toEqual({ name: SVC_WEB, goto: false, start: svc.text.length - SVC_WEB.length, end: svc.text.length });
    expect(svc.text.slice(svc.target!.start, svc.target!.end)).toBe(SVC_WEB);
    const targets = chain(doc, SVC_WEB).lines.map((l) => l.target?.name);
    expect(targets).toEqual(['KUBE-MARK-MASQ', 'KUBE-SEP-MHDQ23KUGG7EGFMW', 'KUBE-SEP-7QE66YRUUVCO6FRM', 'KUBE-SEP-MBUO2PUEYFC4MHZR']);
    // the nodeports jump names a chain with no rules: still a link, to its declaration
    const nodeports = chain(doc, 'KUBE-SERVICES').lines[5]!;
    expect(nodeports.target?.name).toBe('KUBE-NODEPORTS');
    expect(doc.chainBlock.has('nat/KUBE-NODEPORTS')).toBe(false);
    expect(doc.declaration.get('nat/KUBE-NODEPORTS')?.text).toBe(':KUBE-NODEPORTS - [0:0]');
    expect(doc.chainBlock.get(`nat/${SVC_WEB}`)).toBe(`nat/${SVC_WEB}`);
  });

  it('does not link targets that are not chains', () => {
    const doc = parseIptablesSave(nat3);
    const sep = chain(doc, 'KUBE-SEP-7QE66YRUUVCO6FRM').lines;
    expect(sep[0]!.target?.name).toBe('KUBE-MARK-MASQ');
    expect(sep[1]!.target).toBeUndefined(); // DNAT
    expect(chain(doc, 'KUBE-POSTROUTING').lines.map((l) => l.target)).toEqual([undefined, undefined, undefined]);
  });

  it('links -g (goto) and ignores -j inside a quoted comment', () => {
    const text = '*filter\n:INPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A INPUT -m comment --comment "not -j A here" -g B\nCOMMIT\n';
    const rule = parseIptablesSave(text).blocks.find((b) => b.kind === 'chain')!.lines[0]!;
    expect(rule.target).toEqual({ name: 'B', goto: true, start: rule.text.length - 1, end: rule.text.length });
  });
});

describe('labels', () => {
  it("names each Service chain's Service and each endpoint chain's address, from the rules' text", () => {
    const doc = parseIptablesSave(nat3);
    const label = (c: string): string => labelText(c, doc.labels.get(`nat/${c}`)!);
    expect(label(SVC_WEB)).toBe('Service default/web');
    expect(label('KUBE-SVC-ERIFXISQEP7F7OF4')).toBe('Service kube-system/kube-dns:dns-tcp');
    expect(label('KUBE-SEP-7QE66YRUUVCO6FRM')).toBe('endpoint 10.244.2.3:80 of default/web');
    expect(label('KUBE-SEP-FIMWYXOJBPP32KI5')).toBe('endpoint 192.168.1.10:6443 of default/kubernetes:https');
    expect(doc.labels.has('nat/KUBE-SERVICES')).toBe(false);
    expect(doc.labels.has('nat/KUBE-MARK-MASQ')).toBe(false);
  });

  it('labels external, firewall and local chains of NodePort and LoadBalancer Services', () => {
    const doc = parseIptablesSave(upstream);
    const label = (c: string): string => labelText(c, doc.labels.get(`nat/${c}`)!);
    expect(label('KUBE-EXT-GNZBNJ2PO5MGZ6GT')).toBe('Service ns2/svc2:p80, traffic from outside');
    expect(label('KUBE-FW-NUKIZ6OKUXPJNT4C')).toBe('Service ns5/svc5:p80, load balancer source ranges');
    // KUBE-EXT-4SW… has only an uncommented jump after its masquerade rule
    expect(label('KUBE-EXT-4SW47YFZTEDKD3PK')).toBe('Service ns4/svc4:p80, traffic from outside');
  });

  it('labels an endpoint chain without comments from the jump that leads to it', () => {
    const text = [
      '*nat',
      ':KUBE-SVC-AAAA - [0:0]',
      ':KUBE-SEP-BBBB - [0:0]',
      '-A KUBE-SVC-AAAA -m comment --comment "shop/cart:http -> 10.244.3.9:8080" -j KUBE-SEP-BBBB',
      '-A KUBE-SEP-BBBB -s 10.244.3.9/32 -j KUBE-MARK-MASQ',
      'COMMIT',
      '',
    ].join('\n');
    const doc = parseIptablesSave(text);
    expect(doc.labels.get('nat/KUBE-SEP-BBBB')).toEqual({ kind: 'endpoint', service: 'shop/cart:http', endpoint: '10.244.3.9:8080' });
    expect(labelText('KUBE-SEP-BBBB', doc.labels.get('nat/KUBE-SEP-BBBB')!)).toBe('endpoint 10.244.3.9:8080 of shop/cart:http');
  });

  it("reads kube-proxy's comment forms and nothing else", () => {
    expect(ruleComment('-A X -m comment --comment "a \\"b\\" c" -j Y')).toBe('a "b" c');
    expect(serviceOfComment('default/web -> 10.244.1.3:80')).toEqual({ service: 'default/web', endpoint: '10.244.1.3:80' });
    expect(serviceOfComment('kube-system/kube-dns:dns cluster IP')).toEqual({ service: 'kube-system/kube-dns:dns' });
    expect(serviceOfComment('default/web')).toEqual({ service: 'default/web' });
    expect(serviceOfComment('kubernetes service portals')).toBeUndefined();
    expect(serviceOfComment('flanneld masq')).toBeUndefined();
  });
});

describe('changes since the previous dump', () => {
  it('scaling web from 3 to 4 rewrites three probabilities and adds one endpoint', () => {
    const cur = parseIptablesSave(nat4);
    const diff = diffIptables(cur, parseIptablesSave(nat3));
    const lines = nat4.split('\n');
    const marked = [...diff.changes].sort((a, b) => a[0] - b[0]).map(([n, kind]) => `${kind} ${lines[n]}`);
    expect(marked).toEqual([
      'added :KUBE-SEP-74RNEJOQ4CH6BCPU - [0:0]',
      'added -A KUBE-SEP-74RNEJOQ4CH6BCPU -s 10.244.3.3/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ',
      'added -A KUBE-SEP-74RNEJOQ4CH6BCPU -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.3.3:80',
      'changed -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.3:80" -m statistic --mode random --probability 0.25000000000 -j KUBE-SEP-MHDQ23KUGG7EGFMW',
      'changed -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.3:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-7QE66YRUUVCO6FRM',
      'changed -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.3.2:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-MBUO2PUEYFC4MHZR',
      'added -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.3.3:80" -j KUBE-SEP-74RNEJOQ4CH6BCPU',
    ]);
    expect(diff.removed.size).toBe(0);
    expect(diff.removedChains).toEqual([]);
  });

  it('scaling web from 3 to 1 counts the rules and chains that went', () => {
    const diff = diffIptables(parseIptablesSave(nat1), parseIptablesSave(nat3));
    const lines = nat1.split('\n');
    expect([...diff.changes].map(([n, kind]) => `${kind} ${lines[n]}`)).toEqual([
      'changed -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.3:80" -j KUBE-SEP-MHDQ23KUGG7EGFMW',
    ]);
    expect([...diff.removed.keys()]).toEqual([`nat/${SVC_WEB}`, 'nat/KUBE-SEP-7QE66YRUUVCO6FRM', 'nat/KUBE-SEP-MBUO2PUEYFC4MHZR']);
    expect(diff.removed.get(`nat/${SVC_WEB}`)).toHaveLength(2);
    expect(diff.removedChains).toEqual(['nat/KUBE-SEP-7QE66YRUUVCO6FRM', 'nat/KUBE-SEP-MBUO2PUEYFC4MHZR']);
  });

  it('the same rules with a new timestamp are no change', () => {
    const diff = diffIptables(parseIptablesSave(nat3), parseIptablesSave(nat3.replace(/10:00:30/g, '09:59:00')));
    expect(diff.changes.size).toBe(0);
    expect(diff.removed.size).toBe(0);
  });
});

describe('a line from a packet trace', () => {
  it('is found in its chain', () => {
    const doc = parseIptablesSave(nat4);
    const line = '-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.3:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-7QE66YRUUVCO6FRM';
    expect(findLine(doc, line)).toEqual({ blockId: `nat/${SVC_WEB}`, n: nat4.split('\n').indexOf(line) });
    expect(findLine(doc, '-A NOPE -j ACCEPT')).toBeUndefined();
  });
});
