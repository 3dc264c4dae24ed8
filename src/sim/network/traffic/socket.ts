/**
 * What answers a packet once it reaches a namespace: the sockets processes there listen on. The
 * container runtime knows them (a container's process binds its ports when it starts, and they close
 * when it stops), so the kubelet gives each machine a `SocketSource`; the packet path asks it at the
 * moment of delivery. A listener's `app` says how the process answers — an HTTP server's response, a
 * DNS server's reply, a plain TCP accept.
 */
import type { DnsMessage } from '../dns/message';
import type { PackedResponse } from '../dns/wire';

export type L4 = 'tcp' | 'udp';

export interface HttpRequest {
  method: string;
  /** the request target: `/`, `/healthz?x=1` */
  path: string;
  /** the Host header the client sends */
  host: string;
  headers: readonly (readonly [string, string])[];
  /** the request body (a POST's), if any */
  body?: string;
  /** the address the server sees the connection from (after any SNAT) */
  clientIP: string;
  /** the server's own address and port the connection reached */
  localIP: string;
  localPort: number;
}

export interface HttpResponse {
  status: number;
  reason: string;
  /** in the order the server writes them */
  headers: readonly (readonly [string, string])[];
  body: string;
}

/** A DNS server's answer to one query, and how long after it arrived the reply leaves. */
export interface DnsServed {
  response: PackedResponse;
  delayMs: number;
}

/**
 * What a reverse proxy (ingress-nginx) does with one request: answer it itself (its 404 page, a
 * redirect), or send it on over a second connection it opens from its own namespace, whose answer it
 * then relays. `note` says which rule decided, for the trace.
 */
export type ProxyDecision =
  | { kind: 'respond'; note: string; response: HttpResponse }
  | {
      kind: 'forward';
      note: string;
      to: { ip: string; port: number };
      request: Omit<HttpRequest, 'clientIP' | 'localIP' | 'localPort'>;
      /** the response the client gets, from what the upstream connection gave */
      finish(upstream: { response: HttpResponse } | { error: 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ENETUNREACH' | 'ETIMEDOUT' }): HttpResponse;
    };

/** The certificate a TLS server presents, as curl -v describes it. */
export interface ServedCertificate {
  subject: string;
  issuer: string;
  /** where the server took it from: `the Secret default/web-tls`, `the controller's fake certificate` */
  source: string;
  selfSigned: boolean;
}

export type App =
  | { kind: 'http'; serve(req: HttpRequest): HttpResponse }
  /** an HTTP reverse proxy; `tls` when the port speaks HTTPS (the certificate it presents for a server name) */
  | { kind: 'proxy'; route(req: HttpRequest, conn: { tls: boolean; /** only asking what it would do: no log line, no state change */ quiet: boolean }): ProxyDecision; tls?: { certificate(sni: string): ServedCertificate } }
  /** accepts connections and speaks its own protocol (redis, postgres, …); nothing to show beyond the handshake */
  | { kind: 'tcp' }
  | { kind: 'grpc' }
  | {
      kind: 'dns';
      serve(query: DnsMessage, nowMs: number, transport: L4, client: { ip: string; port: number }): DnsServed | undefined;
      /** the answer `serve` would give now, changing nothing: no cache entry, no log line, no random draw */
      peek(query: DnsMessage, nowMs: number, transport: L4, client: { ip: string; port: number }): DnsServed | undefined;
    };

export interface Listener {
  proto: L4;
  port: number;
  /** the address bound: `0.0.0.0` for any */
  addr: string;
  app: App;
  /** the process, as netstat -p prints it: `1/nginx` */
  pid: number;
  program: string;
}

/** A component that listens on sockets of its own (a system agent such as CoreDNS): what it listens on now. */
export interface ServesSockets {
  listeners(): readonly Listener[];
}

/** Who listens in a machine's namespaces. */
export interface SocketSource {
  /** the listeners of the namespace named `netns` (`''` for the host's) */
  listeners(netns: string): readonly Listener[];
  /** the pod (`namespace/name`) whose sandbox holds the namespace, for traces */
  podOf?(netns: string): string | undefined;
}

/** The listener that takes a packet for `ip:port`: one bound to that address, else one bound to any. */
export function listenerFor(ls: readonly Listener[], proto: L4, ip: string, port: number): Listener | undefined {
  let any: Listener | undefined;
  for (const l of ls) {
    if (l.proto !== proto || l.port !== port) continue;
    if (l.addr === ip) return l;
    if (l.addr === '0.0.0.0') any ??= l;
  }
  return any;
}
