import { describe, expect, it } from 'vitest';
import { compareServices, glibcMergeSort, ipvsadmList } from './ipvsadm';
import { IpvsTable } from './table';
import { SVC_F } from './types';

/** The three lines every full listing starts with. */
const HEAD =
  'IP Virtual Server version 1.2.1 (size=4096)\n' +
  'Prot LocalAddress:Port Scheduler Flags\n' +
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';

describe('ipvsadm -Ln', () => {
  it('sorts services by protocol number, then address, then port, and destinations by address and port', () => {
    const t = new IpvsTable();
    const udp = t.addService({ protocol: 'UDP', address: '10.96.0.10', port: 53, scheduler: 'rr' });
    const m = t.addService({ protocol: 'TCP', address: '10.96.0.10', port: 9153, scheduler: 'rr' });
    const d = t.addService({ protocol: 'TCP', address: '10.96.0.10', port: 53, scheduler: 'rr' });
    t.addService({ protocol: 'TCP', address: '10.96.0.9', port: 8080, scheduler: 'rr' });
    for (const s of [udp, m, d]) for (const ip of ['10.244.1.3', '10.244.0.12', '10.244.0.2']) t.addDest(s, { address: ip, port: s.port, weight: 1 });
    expect(ipvsadmList(t).stdout).toBe(
      HEAD +
        'TCP  10.96.0.9:8080 rr\n' +
        'TCP  10.96.0.10:53 rr\n' +
        '  -> 10.244.0.2:53                Masq    1      0          0         \n' +
        '  -> 10.244.0.12:53               Masq    1      0          0         \n' +
        '  -> 10.244.1.3:53                Masq    1      0          0         \n' +
        'TCP  10.96.0.10:9153 rr\n' +
        '  -> 10.244.0.2:9153              Masq    1      0          0         \n' +
        '  -> 10.244.0.12:9153             Masq    1      0          0         \n' +
        '  -> 10.244.1.3:9153              Masq    1      0          0         \n' +
        'UDP  10.96.0.10:53 rr\n' +
        '  -> 10.244.0.2:53                Masq    1      0          0         \n' +
        '  -> 10.244.0.12:53               Masq    1      0          0         \n' +
        '  -> 10.244.1.3:53                Masq    1      0          0         \n',
    );
  });

  it('compares addresses as a signed 32-bit difference, so 172.x and 192.168.x sort before 10.x', () => {
    // 10.10.110.190 - 172.17.0.1 wraps to a positive int: 10.x compares greater (as real dumps show)
    const t = new IpvsTable();
    for (const a of ['10.244.235.192', '10.96.0.1', '10.10.110.190', '172.17.0.1', '192.168.1.11']) {
      t.addService({ protocol: 'TCP', address: a, port: 30023, scheduler: 'rr' });
    }
    const lines = ipvsadmList(t).stdout.split('\n').slice(3, -1);
    expect(lines).toEqual([
      'TCP  172.17.0.1:30023 rr',
      'TCP  192.168.1.11:30023 rr',
      'TCP  10.10.110.190:30023 rr',
      'TCP  10.96.0.1:30023 rr',
      'TCP  10.244.235.192:30023 rr',
    ]);
  });

  it('merges like glibc qsort: halves of n/2 and the rest, left first on ties', () => {
    // A comparison that is not transitive (100.x < 192.x, 192.x < 10.x, 10.x < 100.x): the result
    // depends on the algorithm, so it is pinned here.
    const t = new IpvsTable();
    const svcs = ['10.0.0.1', '100.0.0.1', '192.0.0.1'].map((a) => t.addService({ protocol: 'TCP', address: a, port: 1, scheduler: 'rr' }));
    expect(glibcMergeSort(svcs, compareServices).map((s) => s.address)).toEqual(['10.0.0.1', '100.0.0.1', '192.0.0.1']);
    // [192, 100, 10]: the right half [100, 10] sorts to [10, 100]; merging [192] first compares
    // 192.x with 10.x, which it "precedes", and so stays first
    expect(glibcMergeSort([svcs[2]!, svcs[1]!, svcs[0]!], compareServices).map((s) => s.address)).toEqual(['192.0.0.1', '10.0.0.1', '100.0.0.1']);
  });

  it('shows persistence, scheduler flags and live connection counts in their columns', () => {
    const t = new IpvsTable();
    const p = t.addService({ protocol: 'TCP', address: '10.96.0.1', port: 443, scheduler: 'rr', flags: SVC_F.PERSISTENT, timeout: 10800 });
    t.addDest(p, { address: '192.168.1.10', port: 6443, weight: 1 });
    t.addService({ protocol: 'TCP', address: '10.96.0.2', port: 80, scheduler: 'mh', flags: SVC_F.SCHED2 });
    t.addService({ protocol: 'TCP', address: '10.96.0.3', port: 80, scheduler: 'sh', flags: SVC_F.SCHED1 | SVC_F.SCHED2 | SVC_F.PERSISTENT, timeout: 60, netmask: 0xffffff00 });
    for (let i = 0; i < 12; i++) t.inbound({ protocol: 'TCP', saddr: '10.244.2.9', sport: 40000 + i, daddr: '10.96.0.1', dport: 443 }, 0);
    expect(ipvsadmList(t).stdout).toBe(
      HEAD +
        'TCP  10.96.0.1:443 rr persistent 10800\n' +
        '  -> 192.168.1.10:6443            Masq    1      12         0         \n' +
        'TCP  10.96.0.2:80 mh (mh-port)\n' +
        'TCP  10.96.0.3:80 sh (sh-fallback,sh-port) persistent 60 mask 255.255.255.0\n',
    );
  });

  it('cuts the service name at 33 characters and the destination at 28', () => {
    const t = new IpvsTable();
    const s = t.addService({ protocol: 'SCTP', address: '255.255.255.254', port: 65535, scheduler: 'rr' });
    t.addDest(s, { address: '255.255.255.253', port: 65534, weight: 65535 });
    expect(ipvsadmList(t).stdout.split('\n').slice(3)).toEqual([
      'SCTP 255.255.255.254:65535 rr',
      '  -> 255.255.255.253:65534        Masq    65535  0          0         ',
      '',
    ]);
  });

  it('lists one service without the version line, and fails for one that does not exist', () => {
    const t = new IpvsTable();
    t.addService({ protocol: 'UDP', address: '10.96.0.10', port: 53, scheduler: 'lc' });
    expect(ipvsadmList(t, { service: { protocol: 'UDP', address: '10.96.0.10', port: 53 } })).toEqual({
      stdout: 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nUDP  10.96.0.10:53 lc\n',
      stderr: '',
      exitCode: 0,
    });
    expect(ipvsadmList(t, { service: { protocol: 'TCP', address: '10.96.0.10', port: 53 } })).toEqual({ stdout: '', stderr: 'No such service\n', exitCode: 1 });
  });
});

describe('ipvsadm -Ln --stats and --rate', () => {
  function busy(): IpvsTable {
    const t = new IpvsTable();
    const s = t.addService({ protocol: 'TCP', address: '10.96.0.10', port: 53, scheduler: 'rr' });
    t.addDest(s, { address: '10.244.0.2', port: 53, weight: 1 });
    t.addDest(s, { address: '10.244.0.3', port: 53, weight: 1 });
    for (let i = 0; i < 6; i++) {
      const v = t.inbound({ protocol: 'TCP', saddr: '10.244.1.7', sport: 41000 + i, daddr: '10.96.0.10', dport: 53, bytes: 60 }, 100);
      if (v.kind === 'forward') t.reply(v.conn, 100, 1_000_000_000, { syn: true, ack: true });
    }
    return t;
  }

  it('prints counters in nine columns and switches to K, M, G past 100 million', () => {
    expect(ipvsadmList(busy(), { stats: true }).stdout).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n' +
        '  -> RemoteAddress:Port\n' +
        'TCP  10.96.0.10:53                       6        6        6      360    6000M\n' +
        '  -> 10.244.0.2:53                       3        3        3      180    3000M\n' +
        '  -> 10.244.0.3:53                       3        3        3      180    3000M\n',
    );
  });

  it('prints the estimated rates, connections and packets in plain columns for destinations', () => {
    const t = busy();
    t.runEstimators(2000);
    expect(ipvsadmList(t, { rate: true }).stdout).toBe(
      'IP Virtual Server version 1.2.1 (size=4096)\n' +
        'Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n' +
        '  -> RemoteAddress:Port\n' +
        // 6 conns: (6 << 9) / 4 = 768 → (768 + 511) >> 10 = 1; 360 bytes: (360 << 4) / 4 = 1440 → 45
        // 6e9 bytes out: (6e9 << 4) / 4 = 2.4e10 → (2.4e10 + 15) >> 5 = 750000000, under a billion: 750000K
        // a destination's 3 connections: (3 << 9) / 4 = 384 → (384 + 511) >> 10 = 0; 180 bytes → 720 → 22
        'TCP  10.96.0.10:53                       1        1        1       45  750000K\n' +
        '  -> 10.244.0.2:53                       0        0        0       22  375000K\n' +
        '  -> 10.244.0.3:53                       0        0        0       22  375000K\n',
    );
  });
});
