/**
 * CoreDNS's forward plugin (`forward . /etc/resolv.conf`) in kubetab's closed network.
 *
 * CoreDNS runs with dnsPolicy Default, so its upstream is the node's nameserver. The simulated
 * network has no Internet and no resolver behind that address, so no upstream ever answers. What
 * the pod then sees is what forward does with a dead upstream (plugin/forward/forward.go,
 * plugin/pkg/proxy): it keeps retrying within a 5 s deadline, each UDP attempt waiting up to its
 * 2 s read timeout, and then returns SERVFAIL, which the server writes back and the errors plugin
 * logs. With a silent upstream the attempts start at 0, 2 and 4 s, so the SERVFAIL leaves 6 s
 * after the query; if something at that address answers with ICMP port unreachable instead,
 * attempts fail at once and the SERVFAIL leaves at the 5 s deadline. Either way it arrives after
 * the clients' own per-try timeout (5 s for dig, glibc and busybox), so lookups of outside names
 * time out on the client.
 */
import type { DnsMessage } from '../../network/dns/message';

/** What the network does with a datagram to the upstream resolver. */
export type UpstreamBehaviour = 'silent' | 'refused';

export const FORWARD_DEADLINE_MS = 5000;
export const PROXY_READ_TIMEOUT_MS = 2000;

export interface ForwardFailure {
  rcode: 'SERVFAIL';
  /** How long after the query CoreDNS gives up. */
  afterMs: number;
  /** The Go error the last attempt returned, as the errors plugin prints it. */
  error: string;
}

/**
 * Forward's outcome for `query` when the upstream at `upstream` (ip:port) never answers.
 * `localAddr` is the CoreDNS pod's ip:port the proxy used for the last attempt.
 */
export function forwardToUnreachable(upstream: string, localAddr: string, behaviour: UpstreamBehaviour = 'silent'): ForwardFailure {
  if (behaviour === 'refused') {
    return { rcode: 'SERVFAIL', afterMs: FORWARD_DEADLINE_MS, error: `read udp ${localAddr}->${upstream}: read: connection refused` };
  }
  // Attempts start while the deadline has not passed: at 0, 2000 and 4000 ms; the last ends at 6000.
  let start = 0;
  while (start + PROXY_READ_TIMEOUT_MS < FORWARD_DEADLINE_MS) start += PROXY_READ_TIMEOUT_MS;
  return { rcode: 'SERVFAIL', afterMs: start + PROXY_READ_TIMEOUT_MS, error: `read udp ${localAddr}->${upstream}: i/o timeout` };
}

/** The errors plugin's line for a query a plugin failed: `[ERROR] plugin/errors: 2 name. A: err`. */
export function errorsPluginLine(query: DnsMessage, error: string): string {
  return `[ERROR] plugin/errors: 2 ${query.question.name.toLowerCase()} ${query.question.type}: ${error}`;
}
