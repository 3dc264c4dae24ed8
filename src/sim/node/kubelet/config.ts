/**
 * The kubelet's configuration (KubeletConfiguration and its flags, as kubeadm sets them) and the
 * constants its managers share.
 */
import type { Process } from '../../process';
import type { Client } from '../../client/types';
import type { Container, Pod, Taint } from '../../types';

export interface KubeletCapacity {
  cpu: string;
  memory: string;
  pods: string | number;
  ephemeralStorage?: string;
  hugepages1Gi?: string;
  hugepages2Mi?: string;
}

export interface KubeletConfig {
  nodeName: string;
  /** InternalIP of the node, e.g. `172.18.0.3` */
  nodeIP: string;
  capacity: KubeletCapacity;
  /** extra labels (kubelet --node-labels); the well-known ones are added by the kubelet */
  labels?: Record<string, string>;
  /** extra annotations */
  annotations?: Record<string, string>;
  /** registration taints (kubelet --register-with-taints); a control-plane node gets its NoSchedule taint by default */
  taints?: Taint[];
  /** Static pod manifests (/etc/kubernetes/manifests): run here, and shown through the API as mirror pods. */
  staticPods?: Pod[];
  /**
   * The process each static pod's container runs, by manifest name (`kube-scheduler`): it starts
   * with the container and stops with it, and its panic is the container's exit.
   */
  staticPodProcesses?: Record<string, Process>;
  /**
   * The system agent a container runs on this machine (flanneld in kube-flannel-ds), if it is one: it
   * starts in the container and stops with it, as a static pod's process does.
   */
  systemAgent?: (pod: Pod, container: Container) => Process | undefined;
  /**
   * What a program in a pod reaches the API server with through its in-cluster config: a client acting
   * as the user the server authenticates the bearer token as, or undefined when it does not (401).
   */
  inClusterClient?: (token: string) => Client | undefined;
  controlPlane: boolean;
  kubeletVersion?: string;
  /** KubeletConfiguration.clusterDNS: the DNS Service's address pods resolve through (kubeadm: the tenth of the Service range). */
  clusterDNS?: string[];
  /** KubeletConfiguration.clusterDomain */
  clusterDomain?: string;
  /**
   * The `kubernetes` Service's ClusterIP, for containers' KUBERNETES_SERVICE_* variables (a real
   * kubelet reads it from its Service lister; this one does not watch Services).
   */
  kubernetesServiceIP?: string;
  /** `containerd://1.7.18` */
  containerRuntimeVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  /** images present before any pull (kind node images come preloaded) */
  preloadedImages?: string[];
  criSocket?: string;
  /** How long the node stays NotReady after the kubelet starts (runtime and PLEG checks). Default 1000ms. */
  readyDelayMs?: number;
  nodeStatusUpdateFrequencyMs?: number;
  nodeStatusReportFrequencyMs?: number;
  nodeLeaseDurationSeconds?: number;
  kubeletPort?: number;
  /**
   * Whether nodeInfo.kubeProxyVersion is filled. v1.31.0 shipped DisableNodeKubeProxyVersion on by
   * default (reverted in 1.31.1), so a v1.31.0 kubelet leaves it empty; default follows the version.
   */
  reportKubeProxyVersion?: boolean;
}

export const KUBELET_DEFAULTS = {
  kubeletVersion: 'v1.31.0',
  containerRuntimeVersion: 'containerd://1.7.18',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.8.0-45-generic',
  criSocket: 'unix:///var/run/containerd/containerd.sock',
  clusterDNS: ['10.96.0.10'],
  clusterDomain: 'cluster.local',
  readyDelayMs: 1000,
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  nodeLeaseDurationSeconds: 40,
  kubeletPort: 10250,
};

/** Images a kubeadm node holds before any pod runs: the sandbox image, kube-proxy and the CNI images. */
export const DEFAULT_NODE_IMAGES = [
  'registry.k8s.io/pause:3.10',
  'registry.k8s.io/kube-proxy:v1.31.0',
  'docker.io/flannel/flannel:v0.25.6',
  'docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2',
];
/** Extra images on a control-plane node (its static pods, CoreDNS). */
export const DEFAULT_CONTROL_PLANE_IMAGES = [
  'registry.k8s.io/kube-apiserver:v1.31.0',
  'registry.k8s.io/kube-controller-manager:v1.31.0',
  'registry.k8s.io/kube-scheduler:v1.31.0',
  'registry.k8s.io/etcd:3.5.15-0',
  'registry.k8s.io/coredns/coredns:v1.11.3',
];

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const SANDBOX_RETRY_MS = 5_000;
export const PLEG_RELIST_MS = 1_000;
export const DEFAULT_GRACE_SECONDS = 30;
/** The kubelet never gives a container less than this when killing it for a force-deleted pod. */
export const MIN_KILL_GRACE_SECONDS = 2;
export const INITIAL_BACKOFF_MS = 10_000;
/** kubeadm's kubelet.service: Restart=always, RestartSec=10. */
export const SYSTEMD_RESTART_MS = 10_000;
export const MI = 1024 * 1024;
/** evictionMonitoringPeriod and evictionPressureTransitionPeriod */
export const EVICTION_MONITORING_MS = 10_000;
export const PRESSURE_TRANSITION_MS = 5 * 60_000;

/** The kubelet's container back-off (flowcontrol.Backoff) tops out at five minutes. */
export const MAX_BACKOFF_MS = 300_000;
