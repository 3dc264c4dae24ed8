/**
 * IPv4 addresses and CIDR blocks: the one place kubetab does address arithmetic. Addresses are unsigned
 * 32-bit integers (`0` is 0.0.0.0, `0xffffffff` is 255.255.255.255); a network is its first address and
 * its prefix length.
 *
 * Two parsers, because Kubernetes 1.31 has two: Go's `net.ParseIP` (since Go 1.17) refuses a field with
 * a leading zero, while `k8s.io/utils/net.ParseIPSloppy` — what API validation, the service allocator and
 * kube-controller-manager's flags use — still reads `010.1.2.3` as 10.1.2.3.
 */

/** An IPv4 network: its first address (host bits zero) and prefix length. */
export interface IPv4Net {
  readonly ip: number;
  readonly prefix: number;
}

/** The largest value a field may reach before Go's dtoi gives up (`big`), so `00…001` stays bounded. */
const DTOI_BIG = 0xffffff;

/**
 * Reads four dot-separated decimal fields. A character loop rather than split and regexes: kube-proxy
 * and the IPVS model parse every endpoint address on each sync.
 */
function parseFields(s: string, sloppy: boolean): number | undefined {
  let n = 0;
  let field = 0;
  let digits = 0;
  let fields = 0;
  let leadingZero = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || ++fields > 4 || field > 255) return undefined;
      if (!sloppy && (digits > 3 || (leadingZero && digits > 1))) return undefined;
      n = n * 256 + field;
      field = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 0) leadingZero = c === 48;
      field = field * 10 + (c - 48);
      digits++;
      if (field >= DTOI_BIG) return undefined;
    } else {
      return undefined;
    }
  }
  return fields === 4 ? n : undefined;
}

/** Parses a dotted-quad address as Go's `net.ParseIP` does for IPv4; undefined if it is not one. */
export function parseIPv4(s: string): number | undefined {
  return parseFields(s, false);
}

/** Parses as `netutils.ParseIPSloppy` does: like parseIPv4, but fields may have leading zeros. */
export function parseIPv4Sloppy(s: string): number | undefined {
  return parseFields(s, true);
}

/** parseIPv4 (parseIPv4Sloppy with `sloppy`) for text that must hold an address; throws if it does not. */
export function requireIPv4(s: string, opts: { sloppy?: boolean } = {}): number {
  const ip = parseFields(s, !!opts.sloppy);
  if (ip === undefined) throw new Error(`invalid IPv4 address ${JSON.stringify(s)}`);
  return ip;
}

export function formatIPv4(ip: number): string {
  return `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** The netmask of a prefix length, as an unsigned integer (/24 → 0xffffff00). */
export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The network `ip` lies in at `prefix` bits (host bits cleared). */
export function networkOf(ip: number, prefix: number): IPv4Net {
  return { ip: (ip & maskOf(prefix)) >>> 0, prefix };
}

/**
 * Parses `a.b.c.d/n` as Go's `net.ParseCIDR` does: the address as written and the network it names
 * (`10.244.1.5/16` → 10.244.1.5 in 10.244.0.0/16). The prefix is decimal, 0–32. `sloppy` reads the
 * address with leading zeros allowed (`netutils.ParseCIDRSloppy`).
 */
export function parseCIDR(s: string, opts: { sloppy?: boolean } = {}): { ip: number; net: IPv4Net } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseFields(s.slice(0, slash), !!opts.sloppy);
  const bits = s.slice(slash + 1);
  // Go reads the prefix with dtoi: decimal digits, leading zeros allowed.
  if (ip === undefined || !/^[0-9]+$/.test(bits) || bits.length > 7) return undefined;
  const prefix = Number(bits);
  if (prefix > 32) return undefined;
  return { ip, net: networkOf(ip, prefix) };
}

/**
 * An address or a network, as iptables reads `-s`/`-d` and ipset a `net` member: `a.b.c.d/n` names
 * its network as parseCIDR does, a bare address is its own /32.
 */
export function parseIPv4Prefix(s: string, opts: { sloppy?: boolean } = {}): IPv4Net | undefined {
  if (s.includes('/')) return parseCIDR(s, opts)?.net;
  const ip = parseFields(s, !!opts.sloppy);
  return ip === undefined ? undefined : { ip, prefix: 32 };
}

/** A network from text known to be good (a constant); throws if it is not. */
export function cidr(s: string): IPv4Net {
  const c = parseCIDR(s);
  if (!c) throw new Error(`invalid CIDR address: ${s}`);
  return c.net;
}

export function formatCIDR(n: IPv4Net): string {
  return `${formatIPv4(n.ip)}/${n.prefix}`;
}

/** How many addresses the network spans, network and broadcast addresses included. */
export function netSize(n: IPv4Net): number {
  return 2 ** (32 - n.prefix);
}

/** The last address of the network: the broadcast address for prefixes shorter than /31. */
export function broadcastOf(n: IPv4Net): number {
  return n.ip + netSize(n) - 1;
}

export function netContains(n: IPv4Net, ip: number): boolean {
  return ip >= n.ip && ip <= broadcastOf(n);
}

/** Whether two networks share any address (one then contains the other). */
export function netsOverlap(a: IPv4Net, b: IPv4Net): boolean {
  return netContains(a, b.ip) || netContains(b, a.ip);
}

/** The `i`-th address of the network (0 is the network address), as netutils.GetIndexedIP; undefined past its end. */
export function nthIP(n: IPv4Net, i: number): number | undefined {
  if (!Number.isInteger(i) || i < 0 || i >= netSize(n)) return undefined;
  return n.ip + i;
}

/** How many blocks of `prefix` bits the network splits into. */
export function subnetCount(n: IPv4Net, prefix: number): number {
  return prefix < n.prefix ? 0 : 2 ** (prefix - n.prefix);
}

/** The `i`-th block of `prefix` bits inside the network, in address order. */
export function subnetAt(n: IPv4Net, prefix: number, i: number): IPv4Net {
  if (prefix < n.prefix || !Number.isInteger(i) || i < 0 || i >= subnetCount(n, prefix)) throw new RangeError(`no block ${i} of /${prefix} in ${formatCIDR(n)}`);
  return { ip: n.ip + i * 2 ** (32 - prefix), prefix };
}

/** Which block of `prefix` bits inside the network holds `ip`; undefined outside it. */
export function subnetIndexOf(n: IPv4Net, prefix: number, ip: number): number | undefined {
  if (prefix < n.prefix || !netContains(n, ip)) return undefined;
  return Math.floor((ip - n.ip) / 2 ** (32 - prefix));
}

/**
 * The first and last index of the blocks of `prefix` bits (inside `n`) that `other` touches — every
 * block when `other` is as large as `n` or larger; undefined when they do not overlap. How
 * kube-controller-manager's CIDR set marks a range (the service CIDR) as taken.
 */
export function subnetIndexRange(n: IPv4Net, prefix: number, other: IPv4Net): [number, number] | undefined {
  if (!netsOverlap(n, other)) return undefined;
  if (other.prefix <= n.prefix) return [0, subnetCount(n, prefix) - 1];
  return [subnetIndexOf(n, prefix, other.ip)!, subnetIndexOf(n, prefix, broadcastOf(other))!];
}

/** 127.0.0.0/8, which every namespace holds on lo. */
export function isLoopback(ip: number): boolean {
  return ip >>> 24 === 127;
}
