import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import type { KObject } from '../types';
import { ServiceAllocator } from './serviceAllocator';
import { StatusError } from './types';
import type { FieldError } from './types';

const fail = (errs: FieldError[]): StatusError =>
  new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: errs.map((e) => e.detail).join(', '), reason: 'Invalid', code: 422 });

function svc(clusterIP?: string): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'ClusterIP', ...(clusterIP ? { clusterIP } : {}) } };
}

function ipOf(o: KObject): string {
  return (o.spec as { clusterIP: string }).clusterIP;
}

describe('ClusterIP allocation', () => {
  it('refuses the network and broadcast addresses and names the range', () => {
    const a = new ServiceAllocator(new Rng(1).stream('ip'), '10.96.0.0/12', [30000, 32767]);
    expect(() => a.allocate(svc('10.96.0.0'), fail)).toThrow('failed to allocate IP 10.96.0.0: the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12');
    expect(() => a.allocate(svc('10.111.255.255'), fail)).toThrow('The range of valid IPs is 10.96.0.0/12');
    const s = svc('10.111.255.254');
    a.allocate(s, fail);
    expect(ipOf(s)).toBe('10.111.255.254');
  });

  it('fills a /28 whole — upper addresses first, then the static band — and then reports the range full', () => {
    const a = new ServiceAllocator(new Rng(3).stream('ip'), '10.96.0.0/28', [30000, 32767]);
    const got: string[] = [];
    for (let i = 0; i < 14; i++) {
      const s = svc();
      a.allocate(s, fail);
      got.push(ipOf(s));
    }
    expect([...got].sort((x, y) => Number(x.split('.')[3]) - Number(y.split('.')[3]))).toEqual(Array.from({ length: 14 }, (_, i) => `10.96.0.${i + 1}`));
    expect(() => a.allocate(svc(), fail)).toThrow('Internal error occurred: failed to allocate a serviceIP: range is full');
  });

  it('hands out from the upper band of a large range until it is full', () => {
    const a = new ServiceAllocator(new Rng(5).stream('ip'), '10.96.0.0/24', [30000, 32767]);
    // /24: the lower 16 addresses are kept for hand-picked IPs.
    for (let i = 0; i < 200; i++) {
      const s = svc();
      a.allocate(s, fail);
      const last = Number(ipOf(s).split('.')[3]);
      expect(last >= 16 && last <= 254).toBe(true);
    }
  });
});
