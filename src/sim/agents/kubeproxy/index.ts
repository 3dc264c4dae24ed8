/**
 * kube-proxy, iptables mode: Service ports and endpoints as kube-proxy sees them, the rules it writes,
 * applying them to a node's netfilter state, and when it syncs.
 */
export * from './hash';
export * from './serviceport';
export * from './endpoints';
export * from './iptables';
export * from './proxier';
export * from './runner';
