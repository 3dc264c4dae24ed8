/** The table printer for each resource (by plural), with the NAME / AGE fallback for the rest. */
import { podPrinter } from './pods';
import { nodePrinter } from './nodes';
import { cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, statefulSetPrinter } from './workloads';
import { endpointSlicePrinter, endpointsPrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './network';
import { eventPrinter } from './events';
import { configMapPrinter, genericPrinter, leasePrinter, namespacePrinter, priorityClassPrinter, secretPrinter, serviceAccountPrinter, webhookConfigurationPrinter } from './core';
import { hpaPrinter, pdbPrinter, replicationControllerPrinter } from './autoscaling';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage';
import { apiServicePrinter } from './apiservices';
import { roleBindingPrinter, rolePrinter } from './rbac';
import type { TablePrinter } from './table';

const PRINTERS: Record<string, TablePrinter> = {
  pods: podPrinter,
  nodes: nodePrinter,
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  statefulsets: statefulSetPrinter,
  daemonsets: daemonSetPrinter,
  jobs: jobPrinter,
  cronjobs: cronJobPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  endpointslices: endpointSlicePrinter,
  ingresses: ingressPrinter,
  networkpolicies: networkPolicyPrinter,
  ingressclasses: ingressClassPrinter,
  events: eventPrinter,
  namespaces: namespacePrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  serviceaccounts: serviceAccountPrinter,
  leases: leasePrinter,
  priorityclasses: priorityClassPrinter,
  storageclasses: storageClassPrinter,
  persistentvolumeclaims: persistentVolumeClaimPrinter,
  persistentvolumes: persistentVolumePrinter,
  horizontalpodautoscalers: hpaPrinter,
  poddisruptionbudgets: pdbPrinter,
  replicationcontrollers: replicationControllerPrinter,
  validatingwebhookconfigurations: webhookConfigurationPrinter,
  mutatingwebhookconfigurations: webhookConfigurationPrinter,
  apiservices: apiServicePrinter,
  roles: rolePrinter,
  clusterroles: rolePrinter,
  rolebindings: roleBindingPrinter,
  clusterrolebindings: roleBindingPrinter,
};

/** `group` distinguishes events.k8s.io Events (printed generically here) from core Events. */
export function printerFor(plural: string, group = ''): TablePrinter {
  if (plural === 'events' && group !== '') return genericPrinter;
  return PRINTERS[plural] ?? genericPrinter;
}

export type { TablePrinter, Column, RenderOptions } from './table';
export { tableLines } from './table';
