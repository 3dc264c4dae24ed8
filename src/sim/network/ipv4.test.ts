import { describe, expect, it } from 'vitest';
import {
  broadcastOf,
  cidr,
  formatCIDR,
  formatIPv4,
  maskOf,
  netContains,
  netsOverlap,
  nthIP,
  parseCIDR,
  parseIPv4,
  parseIPv4Prefix,
  parseIPv4Sloppy,
  requireIPv4,
  subnetAt,
  subnetCount,
  subnetIndexOf,
  subnetIndexRange,
} from './ipv4';

const ip = (s: string): number => parseIPv4(s)!;

describe('IPv4 addresses', () => {
  it('parses and formats dotted quads, the ends of the space included', () => {
    expect(parseIPv4('0.0.0.0')).toBe(0);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(formatIPv4(ip('10.244.1.2'))).toBe('10.244.1.2');
    expect(formatIPv4(0xffffffff)).toBe('255.255.255.255');
  });

  it('refuses what net.ParseIP refuses: leading zeros, big fields, missing or extra fields, signs and spaces', () => {
    for (const bad of ['010.1.1.1', '1.1.1.256', '1.1.1', '1.1.1.1.1', '1..1.1', '+1.1.1.1', ' 1.1.1.1', '1.1.1.1 ', '', '0x1.1.1.1', '1.1.1.1/24']) {
      expect(parseIPv4(bad), bad).toBeUndefined();
    }
  });

  it('reads leading zeros as decimal when sloppy, as the API server validates IPs in 1.31', () => {
    expect(formatIPv4(parseIPv4Sloppy('010.001.000.009')!)).toBe('10.1.0.9');
    expect(parseIPv4Sloppy('1.1.1.0256')).toBeUndefined();
  });

  it('requires an address where one must be, strict unless told to be sloppy', () => {
    expect(requireIPv4('10.96.0.10')).toBe(ip('10.96.0.10'));
    expect(() => requireIPv4('010.96.0.10')).toThrow('invalid IPv4 address "010.96.0.10"');
    expect(formatIPv4(requireIPv4('010.96.0.10', { sloppy: true }))).toBe('10.96.0.10');
    expect(() => requireIPv4('10.96.0', { sloppy: true })).toThrow('invalid IPv4 address "10.96.0"');
  });
});

describe('CIDR blocks', () => {
  it('parses like net.ParseCIDR: the address as written and the network it names', () => {
    const c = parseCIDR('10.244.1.5/16')!;
    expect(formatIPv4(c.ip)).toBe('10.244.1.5');
    expect(formatCIDR(c.net)).toBe('10.244.0.0/16');
    expect(formatCIDR(parseCIDR('10.1.2.3/0')!.net)).toBe('0.0.0.0/0');
    expect(formatCIDR(parseCIDR('10.1.2.3/32')!.net)).toBe('10.1.2.3/32');
    expect(formatCIDR(parseCIDR('10.96.0.0/012')!.net)).toBe('10.96.0.0/12');
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '010.0.0.0/8', '10.0.0.0/8/8']) expect(parseCIDR(bad), bad).toBeUndefined();
    expect(formatCIDR(parseCIDR('010.0.0.0/8', { sloppy: true })!.net)).toBe('10.0.0.0/8');
  });

  it('reads an address or a network as iptables -s does: a bare address is its /32', () => {
    expect(formatCIDR(parseIPv4Prefix('10.244.1.5/16')!)).toBe('10.244.0.0/16');
    expect(formatCIDR(parseIPv4Prefix('10.244.1.5')!)).toBe('10.244.1.5/32');
    expect(formatCIDR(parseIPv4Prefix('0.0.0.0/0')!)).toBe('0.0.0.0/0');
    for (const bad of ['10.244.1.5/33', '10.244.1.5/', '010.244.1.5', '010.0.0.0/8', '10.244.1']) expect(parseIPv4Prefix(bad), bad).toBeUndefined();
    expect(formatCIDR(parseIPv4Prefix('010.0.0.0/8', { sloppy: true })!)).toBe('10.0.0.0/8');
    expect(formatCIDR(parseIPv4Prefix('010.0.0.1', { sloppy: true })!)).toBe('10.0.0.1/32');
  });

  it('knows masks, sizes, broadcast addresses and the n-th address', () => {
    expect(maskOf(24)).toBe(0xffffff00);
    expect(maskOf(0)).toBe(0);
    expect(maskOf(32)).toBe(0xffffffff);
    const svc = cidr('10.96.0.0/12');
    expect(formatIPv4(broadcastOf(svc))).toBe('10.111.255.255');
    expect(formatIPv4(nthIP(svc, 1)!)).toBe('10.96.0.1');
    expect(formatIPv4(nthIP(svc, 10)!)).toBe('10.96.0.10');
    expect(nthIP(cidr('10.0.0.0/30'), 4)).toBeUndefined();
    expect(formatIPv4(broadcastOf(cidr('0.0.0.0/0')))).toBe('255.255.255.255');
  });

  it('tells containment and overlap', () => {
    const pods = cidr('10.244.0.0/16');
    expect(netContains(pods, ip('10.244.255.255'))).toBe(true);
    expect(netContains(pods, ip('10.245.0.0'))).toBe(false);
    expect(netsOverlap(pods, cidr('10.96.0.0/12'))).toBe(false);
    expect(netsOverlap(pods, cidr('10.0.0.0/8'))).toBe(true);
    expect(netsOverlap(cidr('10.244.3.0/24'), pods)).toBe(true);
  });

  it('splits a cluster CIDR into node blocks in address order', () => {
    const pods = cidr('10.244.0.0/16');
    expect(subnetCount(pods, 24)).toBe(256);
    expect(formatCIDR(subnetAt(pods, 24, 0))).toBe('10.244.0.0/24');
    expect(formatCIDR(subnetAt(pods, 24, 255))).toBe('10.244.255.0/24');
    expect(() => subnetAt(pods, 24, 256)).toThrow(RangeError);
    expect(subnetIndexOf(pods, 24, ip('10.244.7.9'))).toBe(7);
    expect(subnetIndexOf(pods, 24, ip('10.245.0.0'))).toBeUndefined();
    expect(formatCIDR(subnetAt(cidr('10.0.0.0/8'), 26, 5))).toBe('10.0.1.64/26');
  });

  it('gives the node blocks a service CIDR takes, as the range allocator marks them', () => {
    // 10.96.0.0/12 inside a 10.0.0.0/8 cluster CIDR: blocks 24576 to 28671 of /24.
    expect(subnetIndexRange(cidr('10.0.0.0/8'), 24, cidr('10.96.0.0/12'))).toEqual([0x6000, 0x6fff]);
    // A service CIDR smaller than one block takes the block it lies in.
    expect(subnetIndexRange(cidr('10.244.0.0/16'), 24, cidr('10.244.5.128/28'))).toEqual([5, 5]);
    // One as large as the cluster CIDR takes every block; one elsewhere takes none.
    expect(subnetIndexRange(cidr('10.244.0.0/16'), 24, cidr('10.0.0.0/8'))).toEqual([0, 255]);
    expect(subnetIndexRange(cidr('10.244.0.0/16'), 24, cidr('10.96.0.0/12'))).toBeUndefined();
  });
});
