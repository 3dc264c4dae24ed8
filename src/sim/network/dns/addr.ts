/**
 * Address text as Go's net.ParseIP accepts it (which decides what CoreDNS treats as an address and
 * what as a name), and the reverse-lookup names (RFC 1035 §3.5, RFC 3596 §2.5).
 */
import { parseIPv4 } from '../ipv4';

/** Dotted-quad IPv4 as net.ParseIP reads it: no leading zeros (Go rejects them since 1.17). */
export function isIPv4(s: string): boolean {
  return parseIPv4(s) !== undefined;
}

/**
 * Parses IPv6 text into 8 groups, or undefined. The embedded dotted-quad form (`::ffff:1.2.3.4`) is
 * not accepted: no name in the simulation produces it.
 */
function ipv6Groups(s: string): number[] | undefined {
  if (!s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  if (!head) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const back = parse(halves[1]!);
  if (!back) return undefined;
  const missing = 8 - head.length - back.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...back];
}

export function isIPv6(s: string): boolean {
  return ipv6Groups(s) !== undefined;
}

/** What net.ParseIP accepts. */
export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** IPv6 in RFC 5952 form (lowercase, longest zero run as `::`), as Go's IP.String prints it. */
export function canonicalIPv6(s: string): string | undefined {
  const g = ipv6Groups(s);
  if (!g) return undefined;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** `10.0.96.10.in-addr.arpa.` → `10.96.0.10`; a nibble `ip6.arpa.` name → its IPv6; else undefined. */
export function addressFromReverse(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.in-addr.arpa.')) {
    const parts = lower.slice(0, -'.in-addr.arpa.'.length).split('.');
    if (parts.length !== 4) return undefined;
    const ip = parts.reverse().join('.');
    return isIPv4(ip) ? ip : undefined;
  }
  if (lower.endsWith('.ip6.arpa.')) {
    const nibbles = lower.slice(0, -'.ip6.arpa.'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return undefined;
    const hex = nibbles.reverse().join('');
    const groups = hex.match(/.{4}/g)!.join(':');
    return canonicalIPv6(groups);
  }
  return undefined;
}

/** The PTR name for an address: `10.96.0.10` → `10.0.96.10.in-addr.arpa.`. */
export function reverseName(ip: string): string {
  if (isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
  const g = ipv6Groups(ip);
  if (!g) throw new Error(`not an IP address: ${ip}`);
  const hex = g.map((x) => x.toString(16).padStart(4, '0')).join('');
  return `${hex.split('').reverse().join('.')}.ip6.arpa.`;
}
