/**
 * `ipvsadm -L -n` output, as ipvsadm.c (1.31) prints it.
 *
 * - Listing everything starts with `IP Virtual Server version 1.2.1 (size=4096)`; listing one
 *   service (`-t`/`-u`/`--sctp-service`) does not, and an unknown one fails with `No such service`.
 * - Services are sorted by fwmark, address family, protocol number (TCP 6 < UDP 17 < SCTP 132),
 *   address, port; destinations by address, port. The address comparison is libipvs's: the
 *   difference of the two host-order addresses taken as a signed 32-bit int, so addresses more than
 *   2^31 apart compare the "wrong" way round (192.168.x.x sorts before 10.x.x.x). The sort is
 *   glibc's qsort, a top-down merge sort, reproduced here so the order is the same even then.
 * - Columns are fixed printf widths; lines keep their trailing padding, as on a terminal.
 */
import { formatIPv4 } from '../ipv4';
import { IPPROTO, type Protocol } from './addr';
import { readRates } from './stats';
import { SVC_F, type IpvsDest, type IpvsService } from './types';
import type { IpvsTable } from './table';

export interface IpvsadmListOptions {
  stats?: boolean;
  rate?: boolean;
  /** list one service only */
  service?: { protocol: Protocol; address: string; port: number };
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** libipvs's address comparison: ntohl(a) - ntohl(b) stored in an int. */
function addrDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function compareServices(a: IpvsService, b: IpvsService): number {
  return IPPROTO[a.protocol] - IPPROTO[b.protocol] || addrDiff(a.addr, b.addr) || a.port - b.port;
}

export function compareDests(a: IpvsDest, b: IpvsDest): number {
  return addrDiff(a.addr, b.addr) || a.port - b.port;
}

/** glibc msort_with_tmp: split n into n/2 and the rest, sort both, merge taking the left on ties. */
export function glibcMergeSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const a = [...items];
  const sort = (lo: number, n: number): void => {
    if (n <= 1) return;
    const n1 = n >> 1;
    const n2 = n - n1;
    sort(lo, n1);
    sort(lo + n1, n2);
    const left = a.slice(lo, lo + n1);
    const right = a.slice(lo + n1, lo + n);
    let i = 0;
    let j = 0;
    let k = lo;
    while (i < left.length && j < right.length) a[k++] = cmp(left[i]!, right[j]!) <= 0 ? left[i++]! : right[j++]!;
    while (i < left.length) a[k++] = left[i++]!;
    while (j < right.length) a[k++] = right[j++]!;
  };
  sort(0, a.length);
  return a;
}

const padEnd = (s: string, w: number): string => s.padEnd(w);
const padStart = (s: string, w: number): string => s.padStart(w);

/** print_largenum without --exact: nine columns, then K/M/G/T with eight digits. */
function largenum(i: number): string {
  if (i < 100_000_000) return padStart(String(i), 9);
  if (i < 1_000_000_000) return padStart(String(Math.floor(i / 1000)), 8) + 'K';
  if (i < 100_000_000_000) return padStart(String(Math.floor(i / 1_000_000)), 8) + 'M';
  if (i < 100_000_000_000_000) return padStart(String(Math.floor(i / 1_000_000_000)), 8) + 'G';
  return padStart(String(Math.floor(i / 1_000_000_000_000)), 8) + 'T';
}

function schedFlags(svc: IpvsService): string {
  const f = svc.flags;
  const names: string[] = [];
  if (svc.scheduler === 'sh' || svc.scheduler === 'mh') {
    if (f & SVC_F.SCHED1) names.push(`${svc.scheduler}-fallback`);
    if (f & SVC_F.SCHED2) names.push(`${svc.scheduler}-port`);
  } else {
    if (f & SVC_F.SCHED1) names.push('flag-1');
    if (f & SVC_F.SCHED2) names.push('flag-2');
    if (f & SVC_F.SCHED3) names.push('flag-3');
  }
  return names.join(',');
}

function title(opts: IpvsadmListOptions): string {
  const head = padEnd('Prot LocalAddress:Port', 33);
  if (opts.stats) return `${head} ${['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'].map((c) => padStart(c, 8)).join(' ')}\n  -> RemoteAddress:Port\n`;
  if (opts.rate) return `${head} ${['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'].map((c) => padStart(c, 8)).join(' ')}\n  -> RemoteAddress:Port\n`;
  return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
}

function serviceEntry(svc: IpvsService, opts: IpvsadmListOptions): string {
  const name = `${padEnd(svc.protocol, 4)} ${svc.address}:${svc.port}`.slice(0, 33);
  let line: string;
  if (opts.stats) {
    const s = svc.stats;
    line = padEnd(name, 33) + [s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map(largenum).join('');
  } else if (opts.rate) {
    const r = readRates(svc.stats);
    line = padEnd(name, 33) + [r.cps, r.inpps, r.outpps, r.inbps, r.outbps].map(largenum).join('');
  } else {
    line = `${name} ${svc.scheduler}`;
    const flags = schedFlags(svc);
    if (flags) line += ` (${flags})`;
    if (svc.persistent) {
      line += ` persistent ${svc.timeout}`;
      if (svc.netmask >>> 0 !== 0xffffffff) line += ` mask ${formatIPv4(svc.netmask >>> 0)}`;
    }
    if (svc.flags & SVC_F.ONEPACKET) line += ' ops';
  }
  let out = `${line}\n`;
  for (const d of glibcMergeSort(svc.dests, compareDests)) {
    const dname = padEnd(`${d.address}:${d.port}`.slice(0, 28), 28);
    if (opts.stats) {
      const s = d.stats;
      out += `  -> ${dname}${[s.conns, s.inpkts, s.outpkts, s.inbytes, s.outbytes].map(largenum).join('')}\n`;
    } else if (opts.rate) {
      const r = readRates(d.stats);
      out += `  -> ${dname} ${padStart(String(r.cps), 8)} ${padStart(String(r.inpps), 8)} ${padStart(String(r.outpps), 8)}${largenum(r.inbps)}${largenum(r.outbps)}\n`;
    } else {
      out += `  -> ${dname} ${padEnd(d.forward, 7)} ${padEnd(String(d.weight), 6)} ${padEnd(String(d.activeConns), 10)} ${padEnd(String(d.inactConns), 10)}\n`;
    }
  }
  return out;
}

/** `ipvsadm -L -n [--stats|--rate] [-t|-u|--sctp-service VIP:port]`. */
export function ipvsadmList(table: IpvsTable, opts: IpvsadmListOptions = {}): CommandResult {
  if (opts.service) {
    const { protocol, address, port } = opts.service;
    const svc = table.getService(protocol, address, port);
    if (!svc) return { stdout: '', stderr: 'No such service\n', exitCode: 1 };
    return { stdout: title(opts) + serviceEntry(svc, opts), stderr: '', exitCode: 0 };
  }
  let out = `IP Virtual Server version ${table.version} (size=${table.connTableSize})\n${title(opts)}`;
  for (const svc of glibcMergeSort(table.services(), compareServices)) out += serviceEntry(svc, opts);
  return { stdout: out, stderr: '', exitCode: 0 };
}
