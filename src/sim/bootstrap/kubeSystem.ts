/**
 * What a kubeadm 1.31 cluster (as kind builds it) holds in kube-system and around it, as data:
 * the CoreDNS Deployment, ConfigMap, ServiceAccount and the `kube-dns` Service at 10.96.0.10, the
 * kube-proxy DaemonSet, ConfigMap and ServiceAccount, kind's default StorageClass `standard`
 * (rancher.io/local-path, WaitForFirstConsumer), and the four static pod manifests of the control-plane
 * node with the annotations their mirror pods carry.
 *
 * Facts from kubeadm's manifests (cmd/kubeadm/app/phases/addons/{dns,proxy}, phases/controlplane,
 * phases/etcd) and kind's default storage: names, labels, images, requests and limits, probes,
 * tolerations, priority classes. kube-proxy sets no resource requests in kubeadm; CoreDNS requests
 * 100m / 70Mi with a 170Mi memory limit.
 *
 * The `kube-root-ca.crt` ConfigMaps are not here: the root-ca-cert publisher controller makes them.
 */
import type { KObject, Pod } from '../types';
import { fnv1a32 } from '../rng';

export const KUBERNETES_VERSION = 'v1.31.0';
export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';
export const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`;
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.15-0';
export const KUBE_DNS_IP = '10.96.0.10';

export interface KubeSystemOptions {
  controlPlaneNode: string;
  controlPlaneIP: string;
  /**
   * The etcd members this node's member joined with, itself last (kubeadm init: only itself;
   * kubeadm join --control-plane: the members before it too, and `--initial-cluster-state=existing`).
   */
  etcdInitialCluster?: { name: string; ip: string }[];
  /** kubeadm's networking.podSubnet: kube-controller-manager's --cluster-cidr, kube-proxy's clusterCIDR */
  podSubnet?: string;
  /** kubeadm's networking.serviceSubnet */
  serviceSubnet?: string;
  /** --node-cidr-mask-size, when not kube-controller-manager's default 24 */
  nodeCIDRMaskSize?: number;
  /** the kube-dns Service's ClusterIP (the tenth address of the Service range) */
  dnsServiceIP?: string;
  clusterDomain?: string;
  /** kube-proxy's `mode` and `ipvs.scheduler` as its ConfigMap says them ("" for the defaults) */
  proxyMode?: string;
  ipvsScheduler?: string;
}

/** kubeadm's Corefile (addons/dns/manifests.go). */
export function corefile(domain = 'cluster.local'): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;
}

function sa(name: string): KObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'kube-system' } };
}

function coreDNS(o: KubeSystemOptions): KObject[] {
  const dnsIP = o.dnsServiceIP ?? KUBE_DNS_IP;
  const labels = { 'k8s-app': 'kube-dns' };
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile() } },
    sa('coredns'),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels },
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'coredns',
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
                ],
              },
            },
            tolerations: [
              { key: 'CriticalAddonsOnly', operator: 'Exists' },
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: 'coredns',
                image: COREDNS_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
                args: ['-conf', '/etc/coredns/Corefile'],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
                ports: [
                  { containerPort: 53, name: 'dns', protocol: 'UDP' },
                  { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
                  { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
                ],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
                livenessProbe: { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
                readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
              },
            ],
            dnsPolicy: 'Default',
            volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIP: dnsIP,
        clusterIPs: [dnsIP],
        selector: labels,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
  ];
}

function kubeProxy(o: KubeSystemOptions): KObject[] {
  const labels = { 'k8s-app': 'kube-proxy' };
  const config = [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'bindAddress: 0.0.0.0',
    'clientConnection:',
    '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
    `clusterCIDR: ${o.podSubnet ?? '10.244.0.0/16'}`,
    'conntrack:',
    '  maxPerCore: 32768',
    '  min: 131072',
    '  tcpCloseWaitTimeout: 1h0m0s',
    '  tcpEstablishedTimeout: 24h0m0s',
    'iptables:',
    '  masqueradeAll: false',
    '  minSyncPeriod: 1s',
    '  syncPeriod: 30s',
    'ipvs:',
    `  scheduler: ${JSON.stringify(o.ipvsScheduler ?? '')}`,
    'kind: KubeProxyConfiguration',
    // kubeadm leaves the mode empty unless told one; kube-proxy then picks iptables.
    `mode: ${o.proxyMode || '""'}`,
    '',
  ].join('\n');
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    `    server: https://${o.controlPlaneNode}:6443`,
    '  name: default',
    'contexts:',
    '- context:',
    '    cluster: default',
    '    namespace: default',
    '    user: default',
    '  name: default',
    'current-context: default',
    'users:',
    '- name: default',
    '  user:',
    '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
    '',
  ].join('\n');
  return [
    sa('kube-proxy'),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } }, data: { 'config.conf': config, 'kubeconfig.conf': kubeconfig } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: 'system-node-critical',
            hostNetwork: true,
            serviceAccountName: 'kube-proxy',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'kube-proxy',
                image: KUBE_PROXY_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
                securityContext: { privileged: true },
                volumeMounts: [
                  { name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' },
                  { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                  { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } },
            ],
          },
        },
      },
    },
  ];
}

/** kind's default StorageClass. */
export function standardStorageClass(): KObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** What kubeadm init's add-on phase creates itself: CoreDNS, then kube-proxy. */
export function kubeadmAddOnObjects(o: KubeSystemOptions): KObject[] {
  return [...coreDNS(o), ...kubeProxy(o)];
}

/** The API objects, in the order kubeadm's add-on phases and kind create them. */
export function kubeSystemObjects(o: KubeSystemOptions): KObject[] {
  return [...kubeadmAddOnObjects(o), standardStorageClass()];
}

function staticPod(component: string, node: string, image: string, cpu: string, command: string[], extra: { memory?: string; annotations?: Record<string, string>; probePort: number; probePath: string; probeHost: string } ): Pod {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: component,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: { ...(extra.annotations ?? {}) },
    },
    spec: {
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: component,
          image,
          imagePullPolicy: 'IfNotPresent',
          command,
          resources: { requests: { cpu, ...(extra.memory ? { memory: extra.memory } : {}) } },
          livenessProbe: { httpGet: { host: extra.probeHost, path: extra.probePath, port: extra.probePort, scheme: component === 'etcd' ? 'HTTP' : 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8 },
          startupProbe: { httpGet: { host: extra.probeHost, path: extra.probePath, port: extra.probePort, scheme: component === 'etcd' ? 'HTTP' : 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 24 },
        },
      ],
    },
  };
  return pod;
}

/** etcd's peer flags as kubeadm writes them (phases/etcd/local.go), for the members this one joined with. */
function etcdPeerFlags(o: KubeSystemOptions): string[] {
  const members = o.etcdInitialCluster ?? [{ name: o.controlPlaneNode, ip: o.controlPlaneIP }];
  return [
    `--initial-advertise-peer-urls=https://${o.controlPlaneIP}:2380`,
    `--initial-cluster=${members.map((m) => `${m.name}=https://${m.ip}:2380`).join(',')}`,
    ...(members.length > 1 ? ['--initial-cluster-state=existing'] : []),
    `--listen-peer-urls=https://${o.controlPlaneIP}:2380`,
  ];
}

/**
 * The manifests kubeadm writes to /etc/kubernetes/manifests on the control-plane node (pod names
 * without the node suffix; the kubelet names the pods `<name>-<node>`, sets spec.nodeName, and stamps
 * `kubernetes.io/config.hash`, `config.seen` and `config.source: file` — see mirrorPodFor).
 */
export function staticPodManifests(o: KubeSystemOptions): Pod[] {
  const ip = o.controlPlaneIP;
  const svc = o.serviceSubnet ?? '10.96.0.0/12';
  return [
    staticPod('etcd', o.controlPlaneNode, ETCD_IMAGE, '100m', ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--data-dir=/var/lib/etcd', ...etcdPeerFlags(o), `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, `--name=${o.controlPlaneNode}`], {
      memory: '100Mi',
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
      probePort: 2381,
      probePath: '/livez',
      probeHost: '127.0.0.1',
    }),
    staticPod('kube-apiserver', o.controlPlaneNode, `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`, '250m', ['kube-apiserver', `--advertise-address=${ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', `--service-cluster-ip-range=${svc}`, '--secure-port=6443'], {
      annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
      probePort: 6443,
      probePath: '/livez',
      probeHost: ip,
    }),
    staticPod('kube-controller-manager', o.controlPlaneNode, `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`, '200m', ['kube-controller-manager', '--allocate-node-cidrs=true', `--cluster-cidr=${o.podSubnet ?? '10.244.0.0/16'}`, '--controllers=*,bootstrapsigner,tokencleaner', '--leader-elect=true', ...(o.nodeCIDRMaskSize !== undefined && o.nodeCIDRMaskSize !== 24 ? [`--node-cidr-mask-size=${o.nodeCIDRMaskSize}`] : []), `--service-cluster-ip-range=${svc}`], {
      probePort: 10257,
      probePath: '/healthz',
      probeHost: '127.0.0.1',
    }),
    staticPod('kube-scheduler', o.controlPlaneNode, `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`, '100m', ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--leader-elect=true'], {
      probePort: 10259,
      probePath: '/healthz',
      probeHost: '127.0.0.1',
    }),
  ];
}

/** The config hash the kubelet computes for a static pod (here an FNV-32a hex of its manifest). */
export function configHash(manifest: Pod, node: string): string {
  const h1 = fnv1a32(JSON.stringify(manifest) + node).toString(16).padStart(8, '0');
  const h2 = fnv1a32(node + JSON.stringify(manifest)).toString(16).padStart(8, '0');
  return `${h1}${h2}${h1.slice(0, 8)}${h2.slice(0, 8)}`;
}

/**
 * The mirror pod the control-plane kubelet creates through the API for a static pod: name
 * `<manifest name>-<node>`, spec.nodeName set, the `kubernetes.io/config.hash`, `config.mirror` (same
 * hash), `config.seen` (an RFC 3339 time with nanoseconds) and `config.source: file` annotations, and
 * a controller ownerReference to its Node.
 */
export function mirrorPodFor(manifest: Pod, node: string, nodeUid: string, seen: string): Pod {
  const hash = configHash(manifest, node);
  const pod = JSON.parse(JSON.stringify(manifest)) as Pod;
  pod.metadata = {
    ...pod.metadata,
    name: `${manifest.metadata?.name}-${node}`,
    annotations: {
      ...(pod.metadata?.annotations ?? {}),
      'kubernetes.io/config.hash': hash,
      'kubernetes.io/config.mirror': hash,
      'kubernetes.io/config.seen': seen,
      'kubernetes.io/config.source': 'file',
    },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node, uid: nodeUid, controller: true }],
  };
  pod.spec = { ...pod.spec!, nodeName: node };
  return pod;
}
