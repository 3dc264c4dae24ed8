import { describe, expect, it } from 'vitest';
import { readRates } from './stats';
import { IpvsTable, type IpvsPacket, type IpvsVerdict } from './table';
import { SVC_F } from './types';

const VIP = '10.96.50.5';

function table(scheduler: 'rr' | 'lc' = 'rr', persistent = 0) {
  const t = new IpvsTable();
  const svc = t.addService({
    protocol: 'TCP', address: VIP, port: 80, scheduler,
    flags: persistent ? SVC_F.PERSISTENT : 0, timeout: persistent,
  });
  for (const ip of ['10.244.1.2', '10.244.2.3']) t.addDest(svc, { address: ip, port: 8080, weight: 1 });
  return { t, svc };
}

const syn = (saddr: string, sport: number, extra: Partial<IpvsPacket> = {}): IpvsPacket => ({ protocol: 'TCP', saddr, sport, daddr: VIP, dport: 80, ...extra });

function dest(v: IpvsVerdict): string {
  return v.kind === 'forward' ? `${v.conn.dest.address}:${v.conn.dest.port}` : v.kind;
}

function counts(svc: ReturnType<typeof table>['svc']): string[] {
  return svc.dests.map((d) => `${d.address} ${d.activeConns}/${d.inactConns}/${d.persistConns}`);
}

describe('connection accounting', () => {
  it('counts a TCP connection active from its SYN, inactive in TIME_WAIT, and forgets it two minutes after the last packet', () => {
    const { t, svc } = table();
    const v = t.inbound(syn('10.244.3.7', 41000), 0);
    if (v.kind !== 'forward') throw new Error(v.kind);
    expect(v.conn.state).toBe('SYN_RECV');
    expect(counts(svc)).toEqual(['10.244.2.3 1/0/0', '10.244.1.2 0/0/0']);
    t.reply(v.conn, 1, 60, { syn: true, ack: true });
    t.inbound(syn('10.244.3.7', 41000, { tcp: { ack: true } }), 2);
    expect(v.conn.state).toBe('ESTABLISHED');
    t.inbound(syn('10.244.3.7', 41000, { tcp: { fin: true, ack: true } }), 10_000);
    expect(v.conn.state).toBe('CLOSE_WAIT');
    t.reply(v.conn, 10_001, 60, { fin: true, ack: true });
    expect(v.conn.state).toBe('TIME_WAIT');
    expect(counts(svc)).toEqual(['10.244.2.3 0/1/0', '10.244.1.2 0/0/0']);
    t.expire(10_001 + 119_999);
    expect(t.connections()).toHaveLength(1);
    t.expire(10_001 + 120_000);
    expect(t.connections()).toHaveLength(0);
    expect(counts(svc)).toEqual(['10.244.2.3 0/0/0', '10.244.1.2 0/0/0']);
  });

  it('keeps a UDP entry inactive and drops it five minutes after its last packet', () => {
    const t = new IpvsTable();
    const svc = t.addService({ protocol: 'UDP', address: '10.96.0.10', port: 53, scheduler: 'rr' });
    t.addDest(svc, { address: '10.244.0.2', port: 53, weight: 1 });
    const q = { protocol: 'UDP', saddr: '10.244.3.7', sport: 5353, daddr: '10.96.0.10', dport: 53, bytes: 70 } as const;
    t.inbound(q, 0);
    t.inbound(q, 1000);
    expect(svc.dests[0]!.inactConns).toBe(1);
    expect(svc.stats).toMatchObject({ conns: 1, inpkts: 2, inbytes: 140 });
    t.expire(301_000 - 1);
    expect(svc.dests[0]!.inactConns).toBe(1);
    t.expire(301_000);
    expect(svc.dests[0]!.inactConns).toBe(0);
  });

  it('leaves traffic to addresses without a virtual service alone, and does not schedule a TCP flow that starts without SYN', () => {
    const { t } = table();
    expect(t.inbound({ protocol: 'TCP', saddr: '10.244.3.7', sport: 1, daddr: VIP, dport: 22 }, 0).kind).toBe('pass');
    expect(t.inbound(syn('10.244.3.7', 2, { tcp: { ack: true } }), 0).kind).toBe('pass');
  });

  it('drops the next packet of a connection whose real server was deleted (expire_nodest_conn)', () => {
    const { t, svc } = table();
    const first = t.inbound(syn('10.244.3.7', 41000), 0);
    t.deleteDest(svc, '10.244.2.3', 8080);
    expect(t.inbound(syn('10.244.3.7', 41000, { tcp: { ack: true } }), 1).kind).toBe('drop');
    expect(dest(first)).toBe('10.244.2.3:8080');
    expect(dest(t.inbound(syn('10.244.3.7', 41000), 2))).toBe('10.244.1.2:8080');
  });

  it('keeps serving existing connections of a quiesced (weight 0) server but sends it no new ones', () => {
    const { t, svc } = table();
    const first = t.inbound(syn('10.244.3.7', 41000), 0);
    t.editDest(svc, { address: '10.244.2.3', port: 8080, weight: 0 });
    expect(dest(t.inbound(syn('10.244.3.7', 41000, { tcp: { ack: true } }), 1))).toBe(dest(first));
    expect([2, 3].map((p) => dest(t.inbound(syn('10.244.3.7', p), 2)))).toEqual(['10.244.1.2:8080', '10.244.1.2:8080']);
  });
});

describe('persistence (ClientIP affinity)', () => {
  it('sends every connection of a client to the server its template names, whatever the scheduler would pick', () => {
    const { t, svc } = table('rr', 10800);
    const a = [1, 2, 3].map((p) => dest(t.inbound(syn('10.244.3.7', 40000 + p), p)));
    const b = [1, 2].map((p) => dest(t.inbound(syn('10.244.3.8', 40000 + p), 10 + p)));
    expect(a).toEqual(['10.244.2.3:8080', '10.244.2.3:8080', '10.244.2.3:8080']);
    expect(b).toEqual(['10.244.1.2:8080', '10.244.1.2:8080']);
    expect(counts(svc)).toEqual(['10.244.2.3 3/0/1', '10.244.1.2 2/0/1']);
  });

  it('forgets the client timeout seconds after its last new connection once its connections are gone', () => {
    const { t } = table('rr', 30);
    const v = t.inbound(syn('10.244.3.7', 40001), 0);
    if (v.kind !== 'forward') throw new Error(v.kind);
    t.inbound(syn('10.244.3.7', 40001, { tcp: { ack: true } }), 500); // ESTABLISHED
    t.inbound(syn('10.244.3.7', 40001, { tcp: { rst: true } }), 1000); // CLOSE: gone 10 s later
    t.tick(11_000);
    expect(t.connections()).toHaveLength(0);
    expect(t.templates()).toHaveLength(1);
    t.tick(30_000);
    expect(t.templates()).toHaveLength(0);
    t.inbound(syn('10.244.1.9', 1), 30_001); // another client takes the next rr slot
    expect(dest(t.inbound(syn('10.244.3.7', 40002), 30_002))).toBe('10.244.2.3:8080');
  });

  it('re-arms a template for 60 s at a time while it still has connections', () => {
    const { t } = table('rr', 30);
    t.inbound(syn('10.244.3.7', 40001, { tcp: { syn: true } }), 0); // SYN_RECV: lives 60 s
    t.tick(30_000);
    expect(t.templates().map((x) => x.expiresAt)).toEqual([90_000]);
    t.tick(90_000);
    expect(t.templates()).toHaveLength(0);
  });

  it('drops a template whose server was quiesced, so the client is scheduled again (expire_quiescent_template)', () => {
    const { t, svc } = table('rr', 10800);
    expect(dest(t.inbound(syn('10.244.3.7', 40001), 0))).toBe('10.244.2.3:8080');
    t.editDest(svc, { address: '10.244.2.3', port: 8080, weight: 0 });
    expect(dest(t.inbound(syn('10.244.3.7', 40002), 1))).toBe('10.244.1.2:8080');
  });
});

describe('rate estimator', () => {
  it('moves a quarter of the way to each 2-second rate and rounds on read', () => {
    const { t, svc } = table();
    for (let p = 0; p < 10; p++) t.inbound(syn('10.244.3.7', 50000 + p, { bytes: 60 }), 500);
    t.runEstimators(2000);
    // conns: rate = 10 << 9 = 5120; cps = 0 + (5120 - 0) / 4 = 1280; read (1280 + 511) >> 10 = 1
    // bytes: rate = 600 << 4 = 9600; bps = 2400; read (2400 + 15) >> 5 = 75
    expect(readRates(svc.stats)).toEqual({ cps: 1, inpps: 1, outpps: 0, inbps: 75, outbps: 0 });
    t.runEstimators(8000);
    // three idle ticks: 1280 → 960 → 720 → 540; (540 + 511) >> 10 = 1; bytes 2400 → 1800 → 1350 → 1013 (floor) → 32
    expect(readRates(svc.stats)).toEqual({ cps: 1, inpps: 1, outpps: 0, inbps: 32, outbps: 0 });
  });
});
