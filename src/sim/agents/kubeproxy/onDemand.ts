/**
 * kube-proxy's IPVS proxier (the desired IPVS state, its sync onto a machine, the iptables rules that
 * remain in IPVS mode), gathered in one chunk: only a cluster whose kube-proxy runs in IPVS mode needs
 * it, so the default (iptables) cluster boots and paints without it.
 */
export { buildIpvsState } from './ipvs';
export { IpvsProxierSync } from './ipvsSync';
export { ipvsNodeOf, nodeAddresses } from './ipvsNode';
