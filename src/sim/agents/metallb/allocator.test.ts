import { describe, expect, it } from 'vitest';
import { formatIPv4, requireIPv4 } from '../../network/ipv4';
import { parseAddressRange } from '../../network/settings';
import type { AddressRange } from '../../network/settings';
import { AllocationError, Allocator } from './allocator';
import type { Claim } from './allocator';

const range = (text: string) => parseAddressRange(text) as AddressRange;
const pool = (text: string, avoidBuggyIPs = false) => ({ name: 'default', ranges: [range(text)], avoidBuggyIPs, autoAssign: true });
const http: Claim = { ports: ['TCP/80'], sharingKey: '', backendKey: '' };
const ip = (a: Allocator, svc: string, claim: Claim = http) => formatIPv4(a.allocate(svc, claim));

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AllocationError) return e.message;
    throw e;
  }
  return '(no error)';
}

describe("MetalLB's allocator", () => {
  it('hands out the lowest free address of a CIDR, network and broadcast included, then fails as MetalLB does', () => {
    const a = new Allocator([pool('192.168.1.252/30')]);
    expect(['a', 'b', 'c', 'd'].map((s) => ip(a, s))).toEqual(['192.168.1.252', '192.168.1.253', '192.168.1.254', '192.168.1.255']);
    expect(error(() => a.allocate('e', http))).toBe('no available IPs');
    expect(error(() => a.allocateFromPool('e', 'default', http))).toBe('no available IPs in pool "default" for ipv4 IPFamily');
    expect(error(() => a.allocateFromPool('e', 'other', http))).toBe('unknown pool "other"');
  });

  it('skips .0 and .255 only when the pool avoids buggy IPs', () => {
    const a = new Allocator([pool('10.0.0.255-10.0.1.1', true)]);
    expect(ip(a, 'a')).toBe('10.0.1.1');
    expect(error(() => a.allocate('b', http))).toBe('no available IPs');
    expect(error(() => a.assign('c', requireIPv4('10.0.1.0'), http))).toBe('["10.0.1.0"] is not allowed in config');
    const plain = new Allocator([pool('10.0.0.255-10.0.1.1')]);
    expect([ip(plain, 'a'), ip(plain, 'b'), ip(plain, 'c')]).toEqual(['10.0.0.255', '10.0.1.0', '10.0.1.1']);
  });

  it('gives a freed address to the next Service, and a Service keeps its own on a second call', () => {
    const a = new Allocator([pool('192.168.1.240-192.168.1.241')]);
    expect([ip(a, 'a'), ip(a, 'b'), ip(a, 'a')]).toEqual(['192.168.1.240', '192.168.1.241', '192.168.1.240']);
    expect(a.unassign('a')).toBe(true);
    expect(a.unassign('a')).toBe(false);
    expect(ip(a, 'c')).toBe('192.168.1.240');
  });

  it('refuses a requested address outside the pools, or held by a Service that does not share', () => {
    const a = new Allocator([pool('192.168.1.240/28')]);
    expect(error(() => a.assign('x', requireIPv4('192.168.9.9'), http))).toBe('["192.168.9.9"] is not allowed in config');
    a.assign('default/a', requireIPv4('192.168.1.245'), http);
    expect(error(() => a.assign('default/b', requireIPv4('192.168.1.245'), http))).toBe('can\'t change sharing key for "default/b", address also in use by default/a');
  });

  it('lets Services with one sharing key share an address on different ports, never on the same one', () => {
    const a = new Allocator([pool('192.168.1.240/28')]);
    const shared = (port: string): Claim => ({ ports: [port], sharingKey: 'dns', backendKey: '' });
    a.assign('default/udp', requireIPv4('192.168.1.250'), shared('UDP/53'));
    a.assign('default/tcp', requireIPv4('192.168.1.250'), shared('TCP/53'));
    expect(error(() => a.assign('default/again', requireIPv4('192.168.1.250'), shared('TCP/53')))).toBe('port TCP/53 is already in use on "192.168.1.250"');
    expect(error(() => a.assign('default/other', requireIPv4('192.168.1.250'), { ports: ['TCP/80'], sharingKey: 'web', backendKey: '' }))).toBe('can\'t change sharing key for "default/other", address also in use by default/udp,default/tcp');
    // A sharing Service allocated from a pool joins an address whose keys match and whose port is free.
    const one = new Allocator([pool('192.168.1.250-192.168.1.250')]);
    one.assign('default/udp', requireIPv4('192.168.1.250'), shared('UDP/53'));
    expect(formatIPv4(one.allocate('default/tcp', shared('TCP/53')))).toBe('192.168.1.250');
    expect(error(() => one.allocate('default/web', http))).toBe('no available IPs');
  });
});
