/**
 * What the IPVS and ipset models add to ../ipv4 (addresses as unsigned 32-bit numbers in host order):
 * the kernel's in-memory word for an address, and IP protocol numbers.
 */
import { requireIPv4 } from '../ipv4';

/**
 * An address the IPVS model must be given; throws otherwise. Leading zeros read as decimal
 * (netutils.ParseIPSloppy), as kube-proxy reads the addresses it programs.
 */
export function parseIpv4(ip: string): number {
  return requireIPv4(ip, { sloppy: true });
}

/** The address as the kernel holds it in memory (network byte order) read as a little-endian u32. */
export function ipv4AsLittleEndianWord(ip: number): number {
  return (((ip & 0xff) << 24) | (((ip >>> 8) & 0xff) << 16) | (((ip >>> 16) & 0xff) << 8) | (ip >>> 24)) >>> 0;
}

/** IP protocol numbers, as the kernel and ipvsadm's sort compare them. */
export const IPPROTO = { TCP: 6, UDP: 17, SCTP: 132 } as const;
export type Protocol = keyof typeof IPPROTO;
