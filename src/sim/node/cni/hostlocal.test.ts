import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { cidr } from '../../network/ipv4';
import { Machine } from '../machine';
import { HostLocalIpam } from './hostlocal';

function machine(): Machine {
  return new Machine({ name: 'worker-1', ip: '192.168.1.11', lan: cidr('192.168.1.0/24'), gateway: '192.168.1.1', stream: new Rng(1).stream('machine/worker-1') });
}

describe('host-local IPAM', () => {
  it('skips the gateway, so the first pod gets .2 and the next .3', () => {
    const ipam = new HostLocalIpam(machine(), '10.244.1.0/24');
    expect(ipam.gateway).toBe('10.244.1.1');
    expect(ipam.allocate('a')).toBe('10.244.1.2');
    expect(ipam.allocate('b')).toBe('10.244.1.3');
  });

  it('resumes after the last reserved address instead of reusing a freed one at once', () => {
    const ipam = new HostLocalIpam(machine(), '10.244.1.0/24');
    ipam.allocate('a');
    ipam.allocate('b');
    expect(ipam.release('a')).toBe('10.244.1.2');
    expect(ipam.allocate('c')).toBe('10.244.1.4');
  });

  it('wraps around to the range start and reuses freed addresses then; refuses when full', () => {
    const ipam = new HostLocalIpam(machine(), '10.0.0.0/29'); // .1 gateway, .2–.6 usable
    for (const id of ['a', 'b', 'c', 'd', 'e']) ipam.allocate(id);
    ipam.release('b');
    expect(ipam.allocate('f')).toBe('10.0.0.3');
    expect(() => ipam.allocate('g')).toThrow('failed to allocate for range 0: no IP addresses available in range set: 10.0.0.1-10.0.0.6');
  });

  it('keeps its state as the plugin does: a file per address with the container and interface, the last reservation, a lock', () => {
    const m = machine();
    const ipam = new HostLocalIpam(m, '10.244.2.0/24', 'cbr0');
    expect(ipam.allocate('x')).toBe('10.244.2.2');
    expect(() => ipam.allocate('x')).toThrow('10.244.2.2 has been allocated to x, duplicate allocation is not allowed');
    expect(m.list('/var/lib/cni/networks/cbr0')).toEqual(['10.244.2.2', 'last_reserved_ip.0', 'lock']);
    expect(m.readFile('/var/lib/cni/networks/cbr0/10.244.2.2')).toBe('x\r\neth0');
    expect(m.readFile('/var/lib/cni/networks/cbr0/last_reserved_ip.0')).toBe('10.244.2.2');
    // A new allocator over the same files (the next plugin run) carries on where the last left off.
    expect(new HostLocalIpam(m, '10.244.2.0/24', 'cbr0').allocate('y')).toBe('10.244.2.3');
    expect(ipam.release('x')).toBe('10.244.2.2');
    expect(ipam.release('x')).toBeUndefined();
  });

  it('takes a CIDR by its network address', () => {
    expect(new HostLocalIpam(machine(), '10.244.1.77/24').subnet).toEqual(cidr('10.244.1.0/24'));
  });
});
