import { describe, expect, it } from 'vitest';
import { HostLocalIpam, IpamExhaustedError } from './ipam';

describe('host-local IPAM', () => {
  it('skips the gateway, so the first pod gets .2 and the next .3', () => {
    const ipam = new HostLocalIpam('10.244.1.0/24');
    expect(ipam.gateway).toBe('10.244.1.1');
    expect(ipam.allocate('a')).toBe('10.244.1.2');
    expect(ipam.allocate('b')).toBe('10.244.1.3');
    expect(ipam.lastReserved()).toBe('10.244.1.3');
  });

  it('resumes after the last reserved address instead of reusing a freed one at once', () => {
    const ipam = new HostLocalIpam('10.244.1.0/24');
    ipam.allocate('a');
    ipam.allocate('b');
    expect(ipam.release('a')).toBe('10.244.1.2');
    expect(ipam.allocate('c')).toBe('10.244.1.4');
  });

  it('wraps around to the range start and reuses freed addresses then', () => {
    const ipam = new HostLocalIpam('10.0.0.0/29'); // .1 gateway, .2–.6 usable
    for (const id of ['a', 'b', 'c', 'd', 'e']) ipam.allocate(id);
    ipam.release('b');
    expect(ipam.allocate('f')).toBe('10.0.0.3');
    expect(() => ipam.allocate('g')).toThrow(IpamExhaustedError);
    expect(() => ipam.allocate('g')).toThrow('failed to allocate for range 0: no IP addresses available in range set: 10.0.0.1-10.0.0.6');
  });

  it('gives a container its own address back when it asks twice, and lists state files like the plugin', () => {
    const ipam = new HostLocalIpam('10.244.2.0/24', 'cbr0');
    expect(ipam.allocate('x')).toBe('10.244.2.2');
    expect(ipam.allocate('x')).toBe('10.244.2.2');
    expect(ipam.stateDir()).toBe('/var/lib/cni/networks/cbr0');
    expect(ipam.stateFiles()).toEqual(['10.244.2.2', 'last_reserved_ip.0', 'lock']);
    expect(ipam.available()).toBe(252);
  });

  it('takes a CIDR by its network address', () => {
    expect(new HostLocalIpam('10.244.1.77/24').subnet).toBe('10.244.1.0/24');
  });
});
