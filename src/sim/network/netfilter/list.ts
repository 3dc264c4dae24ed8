/**
 * `iptables [-t TABLE] -L [CHAIN] [-n] [-v] [-x] [--line-numbers]` as iptables 1.8.9 (nf_tables)
 * prints it, column for column (xshared.c print_header / print_rule_details / print_fragment /
 * print_ifaces / print_ipv4_addresses, then each extension's print text):
 *
 *   Chain KUBE-SERVICES (2 references)
 *   num  target     prot opt source               destination
 *   1    KUBE-SVC-…  6    --  0.0.0.0/0            10.96.0.1            /* … *\/ tcp dpt:443
 *
 * 1.8.9 specifics: with -n the `prot` column is the protocol number (`0`, `6`, `17`), 1.8.9 having
 * started printing numbers there, and the column is `%-4s ` so long names no longer run into `opt`.
 * The header's last column keeps its padding (`destination         `), as the real tool prints it.
 * Without -n, 0.0.0.0/0 reads `anywhere` and ports use /etc/services names; other addresses stay
 * numeric (the simulation has no reverse DNS for them).
 */
import { formatCIDR, formatIPv4, networkOf } from '../ipv4';
import type { AddrMatch, ProtoName, Rule } from './rule';
import type { Chain, Netfilter, TableName } from './netfilter';
import { printExtras, targetName } from './text';

export interface ListOptions {
  table: TableName;
  /** list only this chain */
  chain?: string;
  /** -n */
  numeric?: boolean;
  /** -v */
  verbose?: boolean;
  /** -x: exact counters instead of K/M/G */
  exact?: boolean;
  /** --line-numbers */
  lineNumbers?: boolean;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const PROTO_NUMBERS: Record<ProtoName, number> = { icmp: 1, tcp: 6, udp: 17, sctp: 132 };

/** xtables_print_num: `%8llu ` exact, else `%5llu ` with K/M/G/T past 99999. */
function num(n: number, exact: boolean): string {
  if (exact) return `${String(n).padStart(8)} `;
  if (n <= 99999) return `${String(n).padStart(5)} `;
  let v = n;
  for (const unit of ['K', 'M', 'G', 'T']) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999 || unit === 'T') return `${String(v).padStart(4)}${unit} `;
  }
  return `${n} `;
}

/** xtables_print_num with FMT_NOTABLE (the policy line): no padding. */
function numBare(n: number, exact: boolean): string {
  if (exact || n <= 99999) return `${n} `;
  let v = n;
  for (const unit of ['K', 'M', 'G', 'T']) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999 || unit === 'T') return `${v}${unit} `;
  }
  return `${n} `;
}

function addr(a: AddrMatch | undefined, numeric: boolean): string {
  if (!a || a.net.prefix === 0) return numeric ? `${formatIPv4(a?.net.ip ?? 0)}/0` : 'anywhere';
  return a.net.prefix === 32 ? formatIPv4(a.net.ip) : formatCIDR(networkOf(a.net.ip, a.net.prefix));
}

function header(c: Chain, refs: number, o: Required<Omit<ListOptions, 'chain' | 'table'>>): string {
  let s = `Chain ${c.name}`;
  if (c.builtin) {
    s += ` (policy ${c.policy}`;
    if (o.verbose) s += ` ${numBare(c.policyPkts, o.exact)}packets, ${numBare(c.policyBytes, o.exact)}bytes`;
    s += ')\n';
  } else {
    s += ` (${refs} references)\n`;
  }
  if (o.lineNumbers) s += 'num  ';
  if (o.verbose) s += o.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  s += 'target    ';
  s += ' prot ';
  s += 'opt';
  if (o.verbose) s += ' in     out    ';
  s += ` ${'source'.padEnd(19)} `;
  s += ` ${'destination'.padEnd(19)} `;
  return `${s}\n`;
}

function ruleLine(c: Chain, i: number, r: Rule, o: Required<Omit<ListOptions, 'chain' | 'table'>>): string {
  let s = '';
  if (o.lineNumbers) s += `${String(i + 1).padEnd(4)} `;
  if (o.verbose) {
    const k = c.counters(i);
    s += num(k.pkts, o.exact) + num(k.bytes, o.exact);
  }
  s += `${targetName(r.target).padEnd(9)} `;
  s += r.proto?.invert ? '!' : ' ';
  const proto = r.proto ? (o.numeric ? String(PROTO_NUMBERS[r.proto.name]) : r.proto.name) : o.numeric ? '0' : 'all';
  s += `${proto.padEnd(4)} `;
  s += '-- ';
  if (o.verbose) {
    const anyName = o.numeric ? '*' : 'any';
    const iface = (m: Rule['in']): string => (m ? `${m.invert ? '!' : ''}${m.name}` : anyName);
    s += ` ${iface(r.in).padEnd(6)} ${iface(r.out).padEnd(6)} `;
  }
  s += `${r.src?.invert ? '!' : ' '}${addr(r.src, o.numeric).padEnd(19)} `;
  s += `${r.dst?.invert ? '!' : ' '}${addr(r.dst, o.numeric).padEnd(19)} `;
  if (r.target?.t === 'chain' && r.target.goto) s += '[goto] ';
  s += printExtras(r, o.numeric);
  return `${s}\n`;
}

export function iptablesList(nf: Netfilter, opts: ListOptions): CommandOutput {
  const o = {
    numeric: opts.numeric ?? false,
    verbose: opts.verbose ?? false,
    exact: opts.exact ?? false,
    lineNumbers: opts.lineNumbers ?? false,
  };
  const table = nf.peek(opts.table);
  let chains: Chain[];
  if (opts.chain !== undefined) {
    const c = table.chain(opts.chain);
    if (!c) return { stdout: '', stderr: 'iptables: No chain/target/match by that name.\n', exitCode: 1 };
    chains = [c];
  } else {
    chains = table.listed();
  }
  const blocks = chains.map((c) => {
    let s = header(c, c.builtin ? 0 : table.references(c.name), o);
    for (let i = 0; i < c.rules.length; i++) s += ruleLine(c, i, c.rules[i]!, o);
    return s;
  });
  return { stdout: blocks.join('\n'), stderr: '', exitCode: 0 };
}
