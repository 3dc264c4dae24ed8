/**
 * Service defaulting: SetDefaults_Service (pkg/apis/core/v1) plus what the Service REST storage fills in
 * on create in a single-stack IPv4 cluster (ipFamilies, ipFamilyPolicy). ClusterIP and nodePort
 * allocation are the API server's job, not defaulting.
 */
import type { KObject } from '../../types';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defaultService(obj: KObject, ipFamily: 'IPv4' | 'IPv6' = 'IPv4'): void {
  const s = ((obj as Obj).spec ??= {}) as Obj;
  s.sessionAffinity ||= 'None';
  s.type ||= 'ClusterIP';
  for (const p of s.ports ?? []) {
    p.protocol ||= 'TCP';
    // targetPort defaults to the port itself.
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ||= 'Cluster';
  if (s.type !== 'ExternalName') s.internalTrafficPolicy ||= 'Cluster';
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
  if (s.sessionAffinity === 'ClientIP') {
    s.sessionAffinityConfig ??= {};
    s.sessionAffinityConfig.clientIP ??= {};
    s.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  if (s.type !== 'ExternalName') {
    // Headless services without a selector default to RequireDualStack, limited to the families the
    // cluster has (one, here).
    const headlessNoSelector = s.clusterIP === 'None' && (!s.selector || Object.keys(s.selector).length === 0);
    s.ipFamilyPolicy ||= headlessNoSelector ? 'RequireDualStack' : 'SingleStack';
    if (!s.ipFamilies || s.ipFamilies.length === 0) s.ipFamilies = [ipFamily];
    if (s.clusterIP && !s.clusterIPs) s.clusterIPs = [s.clusterIP];
  }
  const lb = (((obj as Obj).status ??= {}).loadBalancer ??= {});
  // LoadBalancerIPMode (beta, on by default since 1.30): an ingress IP a LoadBalancer's controller
  // writes without a mode is a VIP the nodes' proxies program.
  if (s.type === 'LoadBalancer') {
    for (const ing of lb.ingress ?? []) if (ing.ip && ing.ipMode === undefined) ing.ipMode = 'VIP';
  }
}
