/**
 * Who a request comes from, as the architecture diagram draws it: the authenticated user the audit log
 * records mapped to its box, and what the real client would send about itself (groups, User-Agent).
 */
import type { ComponentName } from './types';

/** The git commit kubectl and the control-plane binaries of v1.31.0 report. */
const GIT_VERSION = 'v1.31.0';
const GIT_COMMIT_SHORT = '9edcffc';
const K8S_SUFFIX = `${GIT_VERSION} (linux/amd64) kubernetes/${GIT_COMMIT_SHORT}`;

const SA = 'system:serviceaccount:';

/**
 * The box a user's requests come from: `kubernetes-admin` → `kubectl`, `system:node:<n>` →
 * `kubelet/<n>`, kube-controller-manager's per-controller service accounts → the controller
 * (`deployment-controller`), add-on service accounts → their program (`flanneld`, `coredns`,
 * `metallb`); any other user is its own box.
 */
export function componentOf(user: string): ComponentName {
  const known = FIXED[user];
  if (known) return known;
  if (user.startsWith('system:node:')) return `kubelet/${user.slice('system:node:'.length)}`;
  if (user.startsWith(SA)) {
    const [ns = '', name = ''] = user.slice(SA.length).split(':');
    if (ns === 'kube-flannel') return 'flanneld';
    if (ns === 'metallb-system') return 'metallb';
    if (ns === 'local-path-storage') return 'local-path-provisioner';
    // kube-system's service accounts are kube-controller-manager's controllers (with
    // --use-service-account-credentials each runs as its own), kube-proxy and CoreDNS.
    if (ns === 'kube-system') return name;
  }
  return user;
}

const FIXED: Record<string, ComponentName> = {
  'kubernetes-admin': 'kubectl',
  'system:kube-scheduler': 'kube-scheduler',
  'system:kube-controller-manager': 'kube-controller-manager',
  'system:kube-proxy': 'kube-proxy',
  'system:apiserver': 'kube-apiserver',
};

/** The groups the authenticator gives the user, as the audit log's `user.groups` lists them. */
export function groupsOf(user: string): string[] {
  if (user === 'kubernetes-admin') return ['kubeadm:cluster-admins', 'system:authenticated'];
  if (user === 'system:apiserver') return ['system:authenticated', 'system:masters'];
  // super-admin.conf's client certificate: O=system:masters
  if (user === 'kubernetes-super-admin') return ['system:masters', 'system:authenticated'];
  if (user.startsWith('system:node:')) return ['system:nodes', 'system:authenticated'];
  if (user.startsWith(SA)) {
    const ns = user.slice(SA.length).split(':')[0] ?? '';
    return ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'];
  }
  return ['system:authenticated'];
}

/**
 * The add-ons that run in pods and find the API server as client-go's in-cluster config does, at the
 * `kubernetes` Service: their User-Agents (built without the release's version stamp).
 */
const IN_CLUSTER_AGENTS: Readonly<Record<string, string>> = {
  flanneld: 'flanneld/v0.25.6 (linux/amd64) kubernetes/$Format',
  coredns: 'coredns/v1.11.3 (linux/amd64) kubernetes/$Format',
  metallb: 'metallb/v0.0.0 (linux/amd64) kubernetes/$Format',
  'local-path-provisioner': 'local-path-provisioner/v0.0.0 (linux/amd64) kubernetes/$Format',
};

/** True for a box whose requests go to the `kubernetes` Service's ClusterIP (an add-on in a pod). */
export function dialsServiceIP(component: ComponentName): boolean {
  return Object.hasOwn(IN_CLUSTER_AGENTS, component);
}

/** The User-Agent header the user's client sends (client-go's default agent, plus what each binary appends). */
export function userAgentOf(user: string, component: ComponentName = componentOf(user)): string {
  const c = component;
  if (c === 'kubectl') return `kubectl/${K8S_SUFFIX}`;
  if (c === 'kubeadm') return `kubeadm/${K8S_SUFFIX}`;
  if (c === 'kube-scheduler') return `kube-scheduler/${K8S_SUFFIX}/scheduler`;
  if (c === 'kube-controller-manager') return `kube-controller-manager/${K8S_SUFFIX}/shared-informers`;
  if (c === 'kube-apiserver') return `kube-apiserver/${K8S_SUFFIX}`;
  if (c.startsWith('kubelet/')) return `kubelet/${K8S_SUFFIX}`;
  if (c === 'kube-proxy') return `kube-proxy/${K8S_SUFFIX}`;
  if (dialsServiceIP(c)) return IN_CLUSTER_AGENTS[c]!;
  // kube-controller-manager's controllers each use a client named after their service account.
  if (user.startsWith(`${SA}kube-system:`)) return `kube-controller-manager/${K8S_SUFFIX}/${user}`;
  return `${c}/${K8S_SUFFIX}`;
}
