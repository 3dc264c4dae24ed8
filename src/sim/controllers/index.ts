/**
 * The kube-controller-manager's controllers, under the names the real one gives them
 * (`--controllers` names, cmd/kube-controller-manager/names), with the Event source component and the
 * client identity each uses. The cluster builds each as `new Ctor(ctx)` and calls `start()`.
 */
import type { Component, ComponentContext } from '../component';
import { DeploymentController } from './deployment';
import { EndpointsController } from './endpoints';
import { EndpointSliceController } from './endpointslice';
import { GarbageCollector } from './garbagecollector';
import { NamespaceController } from './namespace';
import { NodeIpamController } from './nodeipam';
import { ReplicaSetController } from './replicaset';
import { ServiceAccountsController } from './serviceaccount';

export { DeploymentController, EndpointsController, EndpointSliceController, GarbageCollector, NamespaceController, NodeIpamController, ReplicaSetController, ServiceAccountsController };
export { DEFAULT_GC_RESOURCES } from './garbagecollector';
export type { GarbageCollectorOptions } from './garbagecollector';
export type { NodeIpamOptions } from './nodeipam';

export interface ControllerDescriptor {
  /** The controller's name in kube-controller-manager (`--controllers`). */
  name: string;
  /** `source.component` of the Events it records (build its ctx.recorder with this). */
  eventSource: string;
  /** The identity its client uses (kube-controller-manager's per-controller service accounts). */
  user: string;
  create(ctx: ComponentContext): Component;
}

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
  d('node-ipam-controller', NodeIpamController),
];
