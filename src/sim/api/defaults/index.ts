/** Defaulting functions by plural resource name. */
import type { KObject } from '../../types';
import { defaultPod } from './pod';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultReplicationController, defaultStatefulSet } from './apps';
import { defaultService } from './service';
import { defaultNetworkPolicy } from './networking';
import { defaultPriorityClass } from './scheduling';
import { defaultHPA, defaultPV, defaultPVC, defaultStorageClass } from './workloads';
import { defaultLimitRange } from '../admission/limitranger';
import { defaultEndpointSlice, defaultEndpoints, defaultNamespace, defaultNode, defaultSecret } from './core';

export const defaulters: Record<string, (obj: KObject) => void> = {
  pods: defaultPod,
  deployments: defaultDeployment,
  replicasets: defaultReplicaSet,
  replicationcontrollers: defaultReplicationController,
  statefulsets: defaultStatefulSet,
  daemonsets: defaultDaemonSet,
  jobs: defaultJob,
  cronjobs: defaultCronJob,
  services: (o) => defaultService(o),
  namespaces: defaultNamespace,
  secrets: defaultSecret,
  nodes: defaultNode,
  endpoints: defaultEndpoints,
  endpointslices: defaultEndpointSlice,
  horizontalpodautoscalers: defaultHPA,
  persistentvolumeclaims: defaultPVC,
  persistentvolumes: defaultPV,
  storageclasses: defaultStorageClass,
  limitranges: defaultLimitRange,
  networkpolicies: defaultNetworkPolicy,
  priorityclasses: defaultPriorityClass,
};

export { defaultPod, defaultPodSpec, defaultPodTemplate, defaultContainer, defaultPullPolicy, podQOSClass } from './pod';
export { defaultService } from './service';
export * from './apps';
export * from './core';
