/**
 * The little IPv4 handling the IPVS and ipset models need: addresses are unsigned 32-bit numbers in
 * host order. Kept here rather than borrowed so this package stands alone; the shared IPv4 module
 * (network/ipv4.ts) is the place for anything more.
 */

/** A dotted quad as a number, or undefined when it is not one. Hot in large syncs, so no regexes. */
export function tryParseIpv4(ip: string): number | undefined {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
      if (part > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return (n * 256 + part) >>> 0;
}

export function parseIpv4(ip: string): number {
  const n = tryParseIpv4(ip);
  if (n === undefined) throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`);
  return n;
}

export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** `a.b.c.d/n` as its network address and prefix length. */
export function parseCidr(cidr: string): { network: number; prefix: number } {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  const prefix = Number(m?.[2] ?? 99);
  if (!m || prefix > 32) throw new Error(`invalid CIDR address: ${cidr}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (parseIpv4(m[1]!) & mask) >>> 0, prefix };
}

export function cidrContains(cidr: string, ip: number): boolean {
  const { network, prefix } = parseCidr(cidr);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((ip & mask) >>> 0) === network;
}

/** The address as the kernel holds it in memory (network byte order) read as a little-endian u32. */
export function ipv4AsLittleEndianWord(ip: number): number {
  return (((ip & 0xff) << 24) | (((ip >>> 8) & 0xff) << 16) | (((ip >>> 16) & 0xff) << 8) | (ip >>> 24)) >>> 0;
}

/** IP protocol numbers, as the kernel and ipvsadm's sort compare them. */
export const IPPROTO = { TCP: 6, UDP: 17, SCTP: 132 } as const;
export type Protocol = keyof typeof IPPROTO;
