/**
 * The kube-controller-manager's controllers, under the names the real one gives them
 * (`--controllers` names, cmd/kube-controller-manager/names), with the Event source component and the
 * client identity each uses. The cluster builds each as `new Ctor(ctx)` and calls `start()`.
 */
import type { Component, ComponentContext } from '../component';
import { DeploymentController } from './deployment';
import { DisruptionController } from './disruption';
import { EndpointsController } from './endpoints';
import { EndpointSliceController } from './endpointslice';
import { GarbageCollector } from './garbagecollector';
import { NamespaceController } from './namespace';
import { NodeIpamController } from './nodeipam';
import { ReplicaSetController } from './replicaset';
import { ServiceAccountsController } from './serviceaccount';
import { ReplicationManager } from './replicaset';
import { StatefulSetController } from './statefulset';
import { DaemonSetsController } from './daemonset';
import { JobController } from './job';
import { CronJobController } from './cronjob';
import { TTLAfterFinishedController } from './ttlafterfinished';
import { HorizontalController } from './horizontalpodautoscaler';
import { NodeLifecycleController } from './nodelifecycle';
import { TaintEvictionController } from './tainteviction';
import { PersistentVolumeController, PVCProtectionController, PVProtectionController } from './persistentvolume';
import { LocalPathProvisioner } from './localpath';
import { ResourceQuotaController } from './resourcequota';
import { RootCACertPublisher } from './rootcacertpublisher';
import { ClusterRoleAggregationController } from './clusterroleaggregation';

export { DeploymentController, EndpointsController, EndpointSliceController, GarbageCollector, NamespaceController, NodeIpamController, ReplicaSetController, ServiceAccountsController };
export {
  ReplicationManager,
  StatefulSetController,
  DaemonSetsController,
  JobController,
  CronJobController,
  TTLAfterFinishedController,
  HorizontalController,
  NodeLifecycleController,
  TaintEvictionController,
  PersistentVolumeController,
  PVCProtectionController,
  PVProtectionController,
  LocalPathProvisioner,
  ResourceQuotaController,
  RootCACertPublisher,
  ClusterRoleAggregationController,
};
export type { PodMetricsSource, PodUsage } from './horizontalpodautoscaler';
export { DEFAULT_GC_RESOURCES } from './garbagecollector';
export type { GarbageCollectorOptions } from './garbagecollector';
export type { NodeIpamOptions } from './nodeipam';
import type { NodeIpamOptions } from './nodeipam';

export interface ControllerDescriptor {
  /** The controller's name in kube-controller-manager (`--controllers`). */
  name: string;
  /** `source.component` of the Events it records (build its ctx.recorder with this). */
  eventSource: string;
  /** The identity its client uses (kube-controller-manager's per-controller service accounts). */
  user: string;
  /** Builds it; `flags` are kube-controller-manager's command-line settings the controller reads. */
  create(ctx: ComponentContext, flags?: ControllerManagerFlags): Component;
}

/** The kube-controller-manager flags a controller may read (the node IPAM controller's networks). */
export type ControllerManagerFlags = NodeIpamOptions;

function d(name: string, Ctor: { new (ctx: ComponentContext): Component; eventSource: string; user: string }): ControllerDescriptor {
  return { name, eventSource: Ctor.eventSource, user: Ctor.user, create: (ctx) => new Ctor(ctx) };
}

/** Every controller, in the order kube-controller-manager starts them. */
export const CONTROLLERS: readonly ControllerDescriptor[] = [
  d('serviceaccount-controller', ServiceAccountsController),
  d('endpoint-controller', EndpointsController),
  d('endpointslice-controller', EndpointSliceController),
  d('replicaset-controller', ReplicaSetController),
  d('garbage-collector-controller', GarbageCollector),
  d('deployment-controller', DeploymentController),
  d('namespace-controller', NamespaceController),
  { name: 'node-ipam-controller', eventSource: NodeIpamController.eventSource, user: NodeIpamController.user, create: (ctx, flags) => new NodeIpamController(ctx, flags) },
  d('disruption-controller', DisruptionController),
  d('replicationcontroller-controller', ReplicationManager),
  d('statefulset-controller', StatefulSetController),
  d('daemonset-controller', DaemonSetsController),
  d('job-controller', JobController),
  d('cronjob-controller', CronJobController),
  d('ttl-after-finished-controller', TTLAfterFinishedController),
  d('horizontal-pod-autoscaler-controller', HorizontalController),
  d('node-lifecycle-controller', NodeLifecycleController),
  d('taint-eviction-controller', TaintEvictionController),
  d('persistentvolume-binder-controller', PersistentVolumeController),
  d('persistentvolumeclaim-protection-controller', PVCProtectionController),
  d('persistentvolume-protection-controller', PVProtectionController),
  d('resourcequota-controller', ResourceQuotaController),
  d('root-ca-certificate-publisher-controller', RootCACertPublisher),
  d('clusterrole-aggregation-controller', ClusterRoleAggregationController),
];

/**
 * Components that are not kube-controller-manager controllers but run as pods of a kind cluster and
 * act like controllers (their own client and informers): the local-path provisioner.
 */
export const ADDON_CONTROLLERS: readonly ControllerDescriptor[] = [d('local-path-provisioner', LocalPathProvisioner)];
