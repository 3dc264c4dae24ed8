/**
 * What a client sees when it talks to an address: the answer the packet path gives the tools
 * (busybox's wget, nc and ping, curl, iputils' ping, the DNS tools) to print as the real ones print.
 * Times are virtual ms after the client started.
 */
import type { App, HttpResponse, ServedCertificate } from './socket';

/** Why a connection failed, as the socket call reports it to the program. */
export type ConnectError =
  /** RST from the peer's kernel (nothing listens), or an ICMP port-unreachable (kube-proxy's REJECT) */
  | 'ECONNREFUSED'
  /** ICMP host-unreachable, or no ARP answer on a directly connected network */
  | 'EHOSTUNREACH'
  /** no route, or ICMP net-unreachable */
  | 'ENETUNREACH'
  /** nothing came back before the client gave up (a DROP, a dead node, a stopped process) */
  | 'ETIMEDOUT';

export type ConnectOutcome =
  | {
      kind: 'connected';
      /** the address the client connected from (its source after routing) and the port it was given */
      localIP: string;
      localPort: number;
      /** the server's address as the client sees it (before any DNAT) */
      remoteIP: string;
      remotePort: number;
      app: App;
      /** round trip of the handshake */
      rttMs: number;
      /** the pod (`ns/name`) or node that answered, for a trace's verdict */
      answeredBy: string;
      /** the program whose socket accepted (`nginx`, `kube-apiserver`) */
      program?: string;
    }
  | { kind: 'failed'; error: ConnectError; /** when the failure reached the client */ afterMs: number; /** ICMP sender, if an ICMP error came back */ icmpFrom?: string };

export type HttpOutcome =
  | {
      kind: 'response';
      connect: Extract<ConnectOutcome, { kind: 'connected' }>;
      response: HttpResponse;
      totalMs: number;
      /** over TLS: the certificate the server presented */
      certificate?: ServedCertificate;
      /** a proxy passed the request on: who answered at the other end of its second connection */
      upstream?: { answeredBy: string; to: string };
    }
  | Extract<ConnectOutcome, { kind: 'failed' }>
  /** the TLS handshake failed: the server does not speak TLS, or its certificate is not trusted */
  | { kind: 'tls-failed'; why: 'not-tls' | 'untrusted'; certificate?: ServedCertificate; afterMs: number };

/** What a TLS client asks for: the server name it sends (SNI), and whether it skips verification (curl -k). */
export interface TlsOptions {
  sni: string;
  insecure: boolean;
}

/** One echo request's fate. */
export type PingReply =
  | { kind: 'reply'; from: string; ttl: number; rttMs: number; bytes: number }
  | { kind: 'lost' }
  /** an ICMP error about the echo (`From 10.244.1.1 icmp_seq=1 Destination Host Unreachable`) */
  | { kind: 'error'; from: string; message: 'Destination Host Unreachable' | 'Destination Net Unreachable' | 'Destination Port Unreachable' };
