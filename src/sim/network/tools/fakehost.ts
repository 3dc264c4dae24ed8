/**
 * A NetHost for tests: a pod `client` (10.244.1.2 on eth0) with a fixed table of who answers where.
 * `peers` maps `ip:port` to an HTTP responder or a failure; `pings` maps an IP to its replies.
 */
import type { NetHost } from './host';
import type { ConnectError, PingReply } from '../traffic/outcome';
import type { HttpResponse, Listener } from '../traffic/socket';
import type { NetnsView } from '../../node/machine';

export type Peer = { kind: 'http'; response: HttpResponse; rttMs?: number } | { kind: 'tcp'; rttMs?: number } | { kind: 'fail'; error: ConnectError; afterMs?: number; icmpFrom?: string };

export interface FakeOptions {
  names?: Record<string, string[]>;
  peers?: Record<string, Peer>;
  pings?: Record<string, (seq: number) => PingReply>;
  listeners?: Listener[];
  view?: NetnsView;
  /** ms a lookup of an unknown name takes (a resolver that got NXDOMAIN quickly) */
  lookupMs?: number;
}

export const POD_VIEW: NetnsView = {
  netns: 'cni-1',
  links: [
    { index: 1, name: 'lo', type: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, state: 'UNKNOWN' },
    { index: 2, name: 'eth0', type: 'veth', mac: 'aa:1b:2c:3d:4e:5f', mtu: 1450, state: 'UP', peer: { netns: '', index: 7 } },
  ],
  addresses: [
    { dev: 'lo', ip: '127.0.0.1', prefix: 8, scope: 'host' },
    { dev: 'eth0', ip: '10.244.1.2', prefix: 24, broadcast: '10.244.1.255', scope: 'global' },
  ],
  routes: [
    { dst: 'default', via: '10.244.1.1', dev: 'eth0' },
    { dst: '10.244.0.0/16', via: '10.244.1.1', dev: 'eth0' },
    { dst: '10.244.1.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '10.244.1.2' },
  ],
  neighbours: [],
  fdb: [],
};

export function fakeHost(o: FakeOptions = {}): NetHost {
  const names = o.names ?? {};
  return {
    hostname: 'client',
    resolvConf: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    startWallMs: Date.UTC(2024, 8, 2, 10, 0, 1, 123),
    view: o.view ?? POD_VIEW,
    listeners: o.listeners ?? [],
    resolve: (name) => {
      const a = names[name];
      return a ? { addresses: a, elapsedMs: 2 } : { addresses: [], error: 'EAI_NONAME', elapsedMs: o.lookupMs ?? 3 };
    },
    connect: (ip, port, opts) => {
      const p = o.peers?.[`${ip}:${port}`] ?? { kind: 'fail', error: 'ECONNREFUSED', afterMs: 1 };
      if (p.kind === 'fail') return { kind: 'failed', error: p.error, afterMs: p.error === 'ETIMEDOUT' ? opts.timeoutMs : p.afterMs ?? 1, ...(p.icmpFrom ? { icmpFrom: p.icmpFrom } : {}) };
      return { kind: 'connected', localIP: '10.244.1.2', localPort: 41234, remoteIP: ip, remotePort: port, app: p.kind === 'http' ? { kind: 'http', serve: () => p.response } : { kind: 'tcp' }, rttMs: p.rttMs ?? 1, answeredBy: 'default/web' };
    },
    http(ip, port, req, opts) {
      const c = this.connect(ip, port, opts);
      if (c.kind === 'failed') return c;
      if (c.app.kind !== 'http') return { kind: 'failed', error: 'ECONNREFUSED', afterMs: c.rttMs };
      const response = c.app.serve({ ...req, clientIP: c.localIP, localIP: ip, localPort: port });
      return { kind: 'response', connect: c, response, totalMs: 2 * c.rttMs };
    },
    ping: (ip, seq) => o.pings?.[ip]?.(seq) ?? { kind: 'lost' },
    exchange: () => undefined,
  };
}

/** nginx 1.27.1's welcome page response, as a test peer. */
export function nginxPeer(body: string): Peer {
  return {
    kind: 'http',
    response: {
      status: 200,
      reason: 'OK',
      headers: [
        ['Server', 'nginx/1.27.1'],
        ['Date', 'Mon, 02 Sep 2024 10:00:01 GMT'],
        ['Content-Type', 'text/html'],
        ['Content-Length', String(body.length)],
        ['Last-Modified', 'Mon, 12 Aug 2024 14:21:01 GMT'],
        ['Connection', 'close'],
        ['ETag', '"66ba1a4d-267"'],
        ['Accept-Ranges', 'bytes'],
      ],
      body,
    },
  };
}
