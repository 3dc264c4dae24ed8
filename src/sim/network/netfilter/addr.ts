/**
 * The little IPv4 arithmetic netfilter needs: addresses as unsigned 32-bit numbers, prefixes, and the
 * text forms iptables prints (`10.0.0.1/32` in iptables-save, `10.0.0.1` in `iptables -L`).
 *
 * Kept local so the netfilter model stands alone; once the shared IPv4/CIDR module exists this file
 * should re-export from it rather than duplicate it.
 */

/** An address with its prefix length, as a rule's `-s`/`-d` holds it. */
export interface Prefix {
  /** network address (host bits cleared), unsigned 32-bit */
  readonly addr: number;
  readonly len: number;
}

export function parseIp(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`);
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`);
    const v = Number(p);
    if (v > 255) throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`);
    n = n * 256 + v;
  }
  return n >>> 0;
}

export function isIp(ip: string): boolean {
  try {
    parseIp(ip);
    return true;
  } catch {
    return false;
  }
}

export function formatIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/**
 * `a.b.c.d[/n]` (a bare address is /32). Host bits are cleared, as the kernel stores the rule and as
 * Go's `net.ParseCIDR` reports the network, so `10.244.1.5/16` reads back as `10.244.0.0/16`.
 * Surrounding whitespace is ignored (kube-proxy trims loadBalancerSourceRanges the same way).
 */
export function parsePrefix(text: string): Prefix {
  const t = text.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  let len = 32;
  if (slash >= 0) {
    const l = t.slice(slash + 1);
    if (!/^\d{1,2}$/.test(l) || Number(l) > 32) throw new Error(`invalid CIDR address: ${text}`);
    len = Number(l);
  }
  return { addr: (ip & maskOf(len)) >>> 0, len };
}

export function prefixContains(p: Prefix, ip: number): boolean {
  return ((ip & maskOf(p.len)) >>> 0) === p.addr;
}

/** `10.244.0.0/16`, the iptables-save and Go `IPNet.String()` form (always with the length). */
export function formatPrefix(p: Prefix): string {
  return `${formatIp(p.addr)}/${p.len}`;
}
