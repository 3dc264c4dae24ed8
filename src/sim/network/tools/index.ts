/**
 * The network tools a learner runs in a pod (`kubectl exec`) or on a node (the node shell), each
 * printing what the real one prints, driven by a `NetHost` (host.ts) that answers from the
 * dataplane. `runNetTool` picks the implementation the image has (catalog.ts) and returns undefined
 * for a program the image lacks, so the caller can answer with containerd's `executable file not
 * found in $PATH` (`execNotFound`).
 */
import { dig } from '../dns/dig';
import { nslookup } from '../dns/nslookup';
import type { NslookupEnv } from '../dns/nslookup';
import type { DigEnv } from '../dns/dig';
import type { ImageNetTools } from './catalog';
import type { NetHost, NetToolResult } from './host';
import { wget } from './wget';
import { nc } from './nc';
import { busyboxPing, iputilsPing } from './ping';
import type { PingRun } from './ping';
import { netstat } from './netstat';
import { route } from './route';
import { ifconfig } from './ifconfig';
import { busyboxIp } from './bbip';
import { hostname } from './hostname';
import { curl } from './curl';
import type { CurlRun } from './curl';
import { tcpdump } from './tcpdump';
import { iproute2Ip } from './iproute2';
import type { TcpdumpEnv } from './tcpdump';

export type { NetHost, NetToolResult, Resolution, ConnectOptions, PingOptions } from './host';
export { resolverFor, KERNEL_CONNECT_TIMEOUT_MS } from './host';
export { networkToolsOf, execNotFound } from './catalog';
export type { ImageNetTools, ToolVariant } from './catalog';
export { ALPINE_BUILD, BUSYBOX_IMAGE_BUILD } from './busybox';
export type { BusyboxBuild } from './busybox';
export { CURLIMAGES_CURL, DEBIAN_BOOKWORM_CURL, NETSHOOT_CURL, UBUNTU_2404_CURL } from './curl';
export type { CurlBuild, CurlRun } from './curl';
export type { PacketRecord, TcpSegment, UdpDatagram, IcmpMessage, DnsSummary, TcpdumpEnv } from './tcpdump';
export { formatPacket } from './tcpdump';
export type { PingRun } from './ping';
export { iproute2Ip, wget, nc, busyboxPing, iputilsPing, netstat, route, ifconfig, busyboxIp, hostname, curl, tcpdump };

/** Everything a run needs besides the host: ids and times drawn by the caller, and how it ends. */
export interface NetToolRun extends PingRun, CurlRun {
  /** first DNS transaction id (nslookup) / the query id (dig) */
  dnsId?: number;
  /** dig's client cookie, 16 hex digits */
  cookie?: string;
  /** tcpdump's view of the packets (required for tcpdump) */
  capture?: TcpdumpEnv;
}

/** busybox nslookup's environment from a NetHost. */
export function nslookupEnvOf(host: NetHost, banner: string, firstId: number): NslookupEnv {
  return {
    resolvConf: host.resolvConf,
    hostname: host.hostname,
    firstId,
    banner,
    exchange: (server, query, sentAtMs) => {
      const back = host.exchange({ ip: server.ip, port: server.port }, query, sentAtMs, 'udp');
      return back ? { reply: back.response.message, atMs: back.atMs } : undefined;
    },
  };
}

/** dig's environment from a NetHost. */
export function digEnvOf(host: NetHost, version: string, id: number, cookie: string): DigEnv {
  return { resolvConf: host.resolvConf, version, id, cookie, startWallMs: host.startWallMs, exchange: (server, query, sentAtMs, transport) => host.exchange(server, query, sentAtMs, transport) };
}

/**
 * Runs `program argv…` as the image's variant of it; undefined when the image has no such program
 * (or has one this model does not implement — `tools[program] === 'unmodelled'` tells which).
 */
export function runNetTool(program: string, argv: readonly string[], host: NetHost, image: ImageNetTools, run: NetToolRun = {}): NetToolResult | undefined {
  const variant = image.tools[program];
  const bb = image.busybox;
  const withTime = (r: { stdout: string; stderr: string; exitCode: number }): NetToolResult => ({ ...r, durationMs: 0 });
  switch (variant) {
    case 'busybox':
      if (!bb) return undefined;
      switch (program) {
        case 'wget':
          return wget(argv, host, bb);
        case 'nc':
          return nc(argv, host, bb);
        case 'ping':
          return busyboxPing(argv, host, bb, run);
        case 'ip':
          return busyboxIp(argv, host, bb);
        case 'route':
          return route(argv, host, bb);
        case 'netstat':
          return netstat(argv, host, bb);
        case 'ifconfig':
          return ifconfig(argv, host);
        case 'hostname':
          return hostname(argv, host);
        case 'nslookup':
          return withTime(nslookup(argv, nslookupEnvOf(host, bb.banner, run.dnsId ?? 1)));
      }
      return undefined;
    case 'hostname':
      return hostname(argv, host);
    case 'curl':
      return image.curl ? curl(argv, host, image.curl, run) : undefined;
    case 'iputils':
      return iputilsPing(argv, host, run);
    case 'bind':
      return program === 'dig' && image.bind ? withTime(dig(argv, digEnvOf(host, image.bind, run.dnsId ?? 1, run.cookie ?? '0000000000000000'))) : undefined;
    case 'iproute2':
      return program === 'ip' ? iproute2Ip(argv, host) : undefined;
    case 'tcpdump':
      return run.capture ? tcpdump(argv, run.capture) : undefined;
  }
  return undefined;
}
