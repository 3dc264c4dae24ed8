import { describe, expect, it } from 'vitest';
import { slice, svc } from '../../network/dns/testfixtures';
import { SoaSerial } from './serial';

const T0 = Date.UTC(2024, 8, 2, 10, 0, 0);

describe('SOA serial', () => {
  it('is the Unix second of the last add or delete', () => {
    const s = new SoaSerial();
    s.added(T0 + 1500);
    expect(s.value).toBe(T0 / 1000 + 1);
    s.deleted(T0 + 61_999);
    expect(s.value).toBe(T0 / 1000 + 61);
  });

  it('moves on a Service update only when its ExternalName or ports change', () => {
    const s = new SoaSerial();
    s.added(T0);
    const a = svc({ name: 'web', clusterIP: '10.96.12.34', ports: [{ name: 'http', port: 80 }] });
    const relabelled = { ...a, metadata: { ...a.metadata, labels: { tier: 'front' }, resourceVersion: '9' } };
    s.serviceUpdated(a, relabelled, T0 + 10_000);
    expect(s.value).toBe(T0 / 1000);
    s.serviceUpdated(a, svc({ name: 'web', clusterIP: '10.96.12.34', ports: [{ name: 'http', port: 8080 }] }), T0 + 20_000);
    expect(s.value).toBe(T0 / 1000 + 20);
  });

  it('moves on an EndpointSlice update only when ready addresses, hostnames or ports change', () => {
    const s = new SoaSerial();
    s.added(T0);
    const ready = slice('web', [{ ip: '10.244.1.5' }, { ip: '10.244.2.7', ready: false }], { ports: [{ name: 'http', port: 8080 }] });
    const stillNotReady = slice('web', [{ ip: '10.244.1.5', pod: 'web-1' }, { ip: '10.244.2.7', ready: false }], { ports: [{ name: 'http', port: 8080 }] });
    s.sliceUpdated(ready, stillNotReady, T0 + 5_000);
    expect(s.value).toBe(T0 / 1000);
    const nowReady = slice('web', [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }], { ports: [{ name: 'http', port: 8080 }] });
    s.sliceUpdated(ready, nowReady, T0 + 7_000);
    expect(s.value).toBe(T0 / 1000 + 7);
  });
});
