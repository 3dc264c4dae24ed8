/**
 * What kube-proxy v1.31.0 writes to its log at start, as kubeadm runs it (verbosity 0: the DaemonSet
 * passes no -v, and config.conf leaves logging.verbosity at 0), so nothing at V(1) or above: no flags, no
 * "DetectLocalMode", no per-sync lines. Sources and texts are those a v1.31.0 binary prints.
 *
 * Left out, because their v1.31.0 source lines could not be pinned: the IPVS proxier's own lines
 * ("Using ipvs Proxier" from server_linux.go, "IPVS scheduler not specified, use rr by default" from
 * ipvs/proxier.go).
 */
import type { ConntrackSysctlWrite } from '../../network/conntrack/slot';

export type KlogSeverity = 'I' | 'W' | 'E';
export interface KlogEntry {
  severity: KlogSeverity;
  source: string;
  message: string;
}

export interface StartLogInput {
  /** the proxier in use */
  mode: 'iptables' | 'ipvs';
  /** config.conf left `mode` empty, so kube-proxy chose iptables itself and says so */
  modeDefaulted: boolean;
  nodeIP: string;
  /** the conntrack sysctls kube-proxy writes, in its order, with the value each had before */
  conntrack: readonly ConntrackSysctlWrite[];
  version: string;
}

const I = (source: string, message: string): KlogEntry => ({ severity: 'I', source, message });

/** The informers Run starts, in the order their controllers log, and the names their caches sync under. */
const INFORMERS = [
  { source: 'config.go:197', controller: 'service config controller', cache: 'service config' },
  { source: 'config.go:104', controller: 'endpoint slice config controller', cache: 'endpoint slice config' },
  { source: 'config.go:326', controller: 'node config controller', cache: 'node config' },
] as const;

/** The order the caches report synced: the node informer's list is the smallest. */
const SYNC_ORDER = ['node config', 'service config', 'endpoint slice config'] as const;

/** Everything up to the informers waiting for their caches. */
export function startLines(o: StartLogInput): KlogEntry[] {
  const out: KlogEntry[] = [];
  if (o.modeDefaulted) out.push(I('server_linux.go:66', '"Using iptables proxy"'));
  out.push(I('server.go:677', `"Successfully retrieved node IP(s)" IPs=["${o.nodeIP}"]`));
  for (const c of o.conntrack) {
    // setIntSysCtl writes (and logs) only a value that differs; SetMax says what it set either way.
    if (c.value !== c.before) out.push(I('conntrack.go:121', `"Set sysctl" entry="net/netfilter/${c.name}" value=${c.value}`));
    if (c.name === 'nf_conntrack_max') out.push(I('conntrack.go:60', `"Setting nf_conntrack_max" nfConntrackMax=${c.value}`));
  }
  out.push({
    severity: 'E',
    source: 'server.go:234',
    message: '"Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`"',
  });
  // The node has both iptables and ip6tables, so both families are supported.
  out.push(I('server.go:243', '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"'));
  if (o.mode === 'iptables') {
    out.push(I('server_linux.go:169', '"Using iptables Proxier"'));
    out.push(I('proxier.go:255', '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"'));
  }
  out.push(I('server.go:483', `"Version info" version="${o.version}"`));
  out.push(I('server.go:485', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'));
  for (const inf of INFORMERS) {
    out.push(I(inf.source, `"Starting ${inf.controller}"`));
    out.push(I('shared_informer.go:313', `Waiting for caches to sync for ${inf.cache}`));
  }
  return out;
}

/** WaitForNamedCacheSync's lines once the informers have listed. */
export function cachesSyncedLines(): KlogEntry[] {
  return SYNC_ORDER.map((name) => I('shared_informer.go:320', `Caches are synced for ${name}`));
}
