/** The kubelet: see kubelet/kubelet.ts and its managers beside it. */
export { Kubelet } from './kubelet/kubelet';
export type { KubeletCapacity, KubeletConfig } from './kubelet/config';
export { DEFAULT_CONTROL_PLANE_IMAGES, DEFAULT_NODE_IMAGES, NODE_LEASE_NAMESPACE } from './kubelet/config';
