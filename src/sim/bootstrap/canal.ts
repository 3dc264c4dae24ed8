/**
 * canal as Calico's manifest installs it (projectcalico/calico manifests/canal.yaml, v3.28.2), in
 * kube-system: the calico-kube-controllers PodDisruptionBudget and Deployment, the canal,
 * calico-cni-plugin and calico-kube-controllers ServiceAccounts, the canal-config ConfigMap (the CNI
 * conflist — the calico plugin with host-local on the node's podCIDR, then portmap and bandwidth — and
 * flannel's net-conf.json), the ClusterRoles and bindings, and the `canal` DaemonSet: a hostNetwork pod
 * per node whose install-cni init container writes /etc/cni/net.d/10-canal.conflist and the calico
 * binaries, and whose calico-node (felix, the policy engine) and kube-flannel (flanneld, the VXLAN
 * network) containers run side by side. The flannel it runs is flannel v0.25.6.
 *
 * Left out: Calico's CustomResourceDefinitions (crd.projectcalico.org). kubetab's API server serves no
 * custom resources, so they are not created rather than stored as something they are not.
 */
import type { KObject } from '../types';

export const CALICO_VERSION = 'v3.28.2';
export const CALICO_CNI_IMAGE = `docker.io/calico/cni:${CALICO_VERSION}`;
export const CALICO_NODE_IMAGE = `docker.io/calico/node:${CALICO_VERSION}`;
export const CALICO_KUBE_CONTROLLERS_IMAGE = `docker.io/calico/kube-controllers:${CALICO_VERSION}`;
export const CANAL_FLANNEL_IMAGE = 'docker.io/flannel/flannel:v0.25.6';
export const CANAL_CONFLIST = '10-canal.conflist';

export interface CanalManifestOptions {
  /** net-conf.json's Network: the cluster's pod network */
  network: string;
  backend: 'vxlan' | 'host-gw';
}

/** canal-config's cni_network_config, placeholders and all, as the manifest carries it. */
export const CANAL_CNI_NETWORK_CONFIG = `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "log_level": "info",
      "log_file_path": "/var/log/calico/cni/cni.log",
      "datastore_type": "kubernetes",
      "nodename": "__KUBERNETES_NODE_NAME__",
      "mtu": __CNI_MTU__,
      "ipam": {
          "type": "host-local",
          "subnet": "usePodCidr"
      },
      "policy": {
          "type": "k8s"
      },
      "kubernetes": {
          "kubeconfig": "__KUBECONFIG_FILEPATH__"
      }
    },
    {
      "type": "portmap",
      "snat": true,
      "capabilities": {"portMappings": true}
    },
    {
      "type": "bandwidth",
      "capabilities": {"bandwidth": true}
    }
  ]
}`;

export function canalNetConfJson(o: CanalManifestOptions): string {
  return `{\n  "Network": "${o.network}",\n  "Backend": {\n    "Type": "${o.backend}"\n  }\n}\n`;
}

const ns = 'kube-system';
const fieldRef = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
const configRef = (key: string) => ({ valueFrom: { configMapKeyRef: { name: 'canal-config', key } } });
const servicesEndpoint = [{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }];

function clusterRole(name: string, rules: unknown[]): KObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules } as KObject;
}

function binding(name: string, role: string, sa: string): KObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
  } as KObject;
}

const CRD = 'crd.projectcalico.org';

function canalDaemonSet(): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'canal', namespace: ns, labels: { 'k8s-app': 'canal' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'canal' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { 'k8s-app': 'canal' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          hostNetwork: true,
          tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
          serviceAccountName: 'canal',
          terminationGracePeriodSeconds: 0,
          priorityClassName: 'system-node-critical',
          initContainers: [
            {
              name: 'install-cni',
              image: CALICO_CNI_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['/opt/cni/bin/install'],
              envFrom: servicesEndpoint,
              env: [
                { name: 'CALICO_CNI_SERVICE_ACCOUNT', ...fieldRef('spec.serviceAccountName') },
                { name: 'CNI_CONF_NAME', value: CANAL_CONFLIST },
                { name: 'CNI_NETWORK_CONFIG', ...configRef('cni_network_config') },
                { name: 'KUBERNETES_NODE_NAME', ...fieldRef('spec.nodeName') },
                { name: 'CNI_MTU', ...configRef('veth_mtu') },
                { name: 'SLEEP', value: 'false' },
              ],
              volumeMounts: [
                { mountPath: '/host/opt/cni/bin', name: 'cni-bin-dir' },
                { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir' },
              ],
              securityContext: { privileged: true },
            },
            {
              name: 'mount-bpffs',
              image: CALICO_NODE_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['calico-node', '-init', '-best-effort'],
              volumeMounts: [
                { mountPath: '/sys/fs', name: 'sys-fs', mountPropagation: 'Bidirectional' },
                { mountPath: '/var/run/calico', name: 'var-run-calico', mountPropagation: 'Bidirectional' },
                { mountPath: '/nodeproc', name: 'nodeproc', readOnly: true },
              ],
              securityContext: { privileged: true },
            },
          ],
          containers: [
            {
              name: 'calico-node',
              image: CALICO_NODE_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              envFrom: servicesEndpoint,
              env: [
                { name: 'DATASTORE_TYPE', value: 'kubernetes' },
                { name: 'USE_POD_CIDR', value: 'true' },
                { name: 'WAIT_FOR_DATASTORE', value: 'true' },
                { name: 'NODENAME', ...fieldRef('spec.nodeName') },
                { name: 'CALICO_CNI_SERVICE_ACCOUNT', ...fieldRef('spec.serviceAccountName') },
                { name: 'CALICO_NETWORKING_BACKEND', value: 'none' },
                { name: 'CLUSTER_TYPE', value: 'k8s,canal' },
                { name: 'FELIX_IPTABLESREFRESHINTERVAL', value: '60' },
                { name: 'IP', value: '' },
                { name: 'CALICO_DISABLE_FILE_LOGGING', value: 'true' },
                { name: 'FELIX_DEFAULTENDPOINTTOHOSTACTION', value: 'ACCEPT' },
                { name: 'FELIX_IPV6SUPPORT', value: 'false' },
                { name: 'FELIX_HEALTHENABLED', value: 'true' },
              ],
              securityContext: { privileged: true },
              resources: { requests: { cpu: '250m' } },
              lifecycle: { preStop: { exec: { command: ['/bin/calico-node', '-shutdown'] } } },
              livenessProbe: { exec: { command: ['/bin/calico-node', '-felix-live'] }, periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6, timeoutSeconds: 10 },
              readinessProbe: { httpGet: { path: '/readiness', port: 9099, host: 'localhost' }, periodSeconds: 10, timeoutSeconds: 10 },
              volumeMounts: [
                { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir', readOnly: false },
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                { mountPath: '/var/run/calico', name: 'var-run-calico', readOnly: false },
                { mountPath: '/var/lib/calico', name: 'var-lib-calico', readOnly: false },
                { name: 'policysync', mountPath: '/var/run/nodeagent' },
                { name: 'bpffs', mountPath: '/sys/fs/bpf' },
                { name: 'cni-log-dir', mountPath: '/var/log/calico/cni', readOnly: true },
              ],
            },
            {
              name: 'kube-flannel',
              image: CANAL_FLANNEL_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              command: ['/opt/bin/flanneld', '--ip-masq', '--kube-subnet-mgr'],
              securityContext: { privileged: true },
              env: [
                { name: 'POD_NAME', ...fieldRef('metadata.name') },
                { name: 'POD_NAMESPACE', ...fieldRef('metadata.namespace') },
                { name: 'FLANNELD_IFACE', ...configRef('canal_iface') },
                { name: 'FLANNELD_IP_MASQ', ...configRef('masquerade') },
              ],
              volumeMounts: [
                { mountPath: '/run/xtables.lock', name: 'xtables-lock', readOnly: false },
                { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
              ],
            },
          ],
          volumes: [
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
            { name: 'var-run-calico', hostPath: { path: '/var/run/calico', type: 'DirectoryOrCreate' } },
            { name: 'var-lib-calico', hostPath: { path: '/var/lib/calico', type: 'DirectoryOrCreate' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'sys-fs', hostPath: { path: '/sys/fs/', type: 'DirectoryOrCreate' } },
            { name: 'bpffs', hostPath: { path: '/sys/fs/bpf', type: 'Directory' } },
            { name: 'nodeproc', hostPath: { path: '/proc' } },
            { name: 'flannel-cfg', configMap: { name: 'canal-config' } },
            { name: 'cni-bin-dir', hostPath: { path: '/opt/cni/bin', type: 'DirectoryOrCreate' } },
            { name: 'cni-net-dir', hostPath: { path: '/etc/cni/net.d' } },
            { name: 'cni-log-dir', hostPath: { path: '/var/log/calico/cni' } },
            { name: 'policysync', hostPath: { type: 'DirectoryOrCreate', path: '/var/run/nodeagent' } },
          ],
        },
      },
    },
  } as KObject;
}

function kubeControllers(): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'calico-kube-controllers', namespace: ns, labels: { 'k8s-app': 'calico-kube-controllers' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': 'calico-kube-controllers' } },
      strategy: { type: 'Recreate' },
      template: {
        metadata: { name: 'calico-kube-controllers', namespace: ns, labels: { 'k8s-app': 'calico-kube-controllers' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
          serviceAccountName: 'calico-kube-controllers',
          priorityClassName: 'system-cluster-critical',
          containers: [
            {
              name: 'calico-kube-controllers',
              image: CALICO_KUBE_CONTROLLERS_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              env: [
                { name: 'ENABLED_CONTROLLERS', value: 'node' },
                { name: 'DATASTORE_TYPE', value: 'kubernetes' },
              ],
              livenessProbe: { exec: { command: ['/usr/bin/check-status', '-l'] }, periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6, timeoutSeconds: 10 },
              readinessProbe: { exec: { command: ['/usr/bin/check-status', '-r'] }, periodSeconds: 10 },
            },
          ],
        },
      },
    },
  } as KObject;
}

/** The manifest's objects, in its order, without the CustomResourceDefinitions. */
export function canalObjects(o: CanalManifestOptions): KObject[] {
  const get = ['get'];
  const watchList = ['watch', 'list'];
  return [
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'calico-kube-controllers', namespace: ns, labels: { 'k8s-app': 'calico-kube-controllers' } }, spec: { maxUnavailable: 1, selector: { matchLabels: { 'k8s-app': 'calico-kube-controllers' } } } } as KObject,
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'calico-kube-controllers', namespace: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'canal', namespace: ns } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'calico-cni-plugin', namespace: ns } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'canal-config', namespace: ns },
      data: { typha_service_name: 'none', canal_iface: '', masquerade: 'true', veth_mtu: '0', cni_network_config: CANAL_CNI_NETWORK_CONFIG, 'net-conf.json': canalNetConfJson(o) },
    } as KObject,
    clusterRole('calico-kube-controllers', [
      { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'list', 'get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [CRD], resources: ['ipreservations'], verbs: ['list'] },
      { apiGroups: [CRD], resources: ['blockaffinities', 'ipamblocks', 'ipamhandles'], verbs: ['get', 'list', 'create', 'update', 'delete', 'watch'] },
      { apiGroups: [CRD], resources: ['ippools'], verbs: ['list', 'watch'] },
      { apiGroups: [CRD], resources: ['hostendpoints'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
      { apiGroups: [CRD], resources: ['clusterinformations'], verbs: ['get', 'list', 'create', 'update', 'watch'] },
      { apiGroups: [CRD], resources: ['kubecontrollersconfigurations'], verbs: ['get', 'create', 'update', 'watch'] },
    ]),
    clusterRole('calico-node', [
      { apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: ['canal', 'calico-cni-plugin'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: get },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: watchList },
      { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['watch', 'list', 'get'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: get },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch', 'update'] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: watchList },
      { apiGroups: [''], resources: ['pods', 'namespaces', 'serviceaccounts'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
      {
        apiGroups: [CRD],
        resources: ['globalfelixconfigs', 'felixconfigurations', 'bgppeers', 'bgpfilters', 'globalbgpconfigs', 'bgpconfigurations', 'ippools', 'ipreservations', 'ipamblocks', 'globalnetworkpolicies', 'globalnetworksets', 'networkpolicies', 'networksets', 'clusterinformations', 'hostendpoints', 'blockaffinities', 'caliconodestatuses'],
        verbs: ['get', 'list', 'watch'],
      },
      { apiGroups: [CRD], resources: ['ippools', 'felixconfigurations', 'clusterinformations'], verbs: ['create', 'update'] },
      { apiGroups: [CRD], resources: ['caliconodestatuses'], verbs: ['update'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [CRD], resources: ['bgpconfigurations', 'bgppeers'], verbs: ['create', 'update'] },
    ]),
    clusterRole('calico-cni-plugin', [
      { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: get },
      { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
      { apiGroups: [CRD], resources: ['blockaffinities', 'ipamblocks', 'ipamhandles', 'clusterinformations', 'ippools', 'ipreservations', 'ipamconfigs'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
    ]),
    clusterRole('flannel', [
      { apiGroups: [''], resources: ['pods'], verbs: get },
      { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
    ]),
    binding('calico-kube-controllers', 'calico-kube-controllers', 'calico-kube-controllers'),
    binding('canal-flannel', 'flannel', 'canal'),
    binding('canal-calico', 'calico-node', 'canal'),
    binding('calico-cni-plugin', 'calico-cni-plugin', 'calico-cni-plugin'),
    canalDaemonSet(),
    kubeControllers(),
  ];
}
