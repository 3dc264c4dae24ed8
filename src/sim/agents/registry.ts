/**
 * System agents: components that run on a machine because a container the kubelet started runs them
 * (flanneld in kube-flannel-ds, kube-proxy, CoreDNS, later calico-node, ingress-nginx). Each kind says
 * which containers are its own; the cluster keeps one Process per machine and kind (per pod, for a kind
 * whose pods can share a node, as CoreDNS's replicas can), which the kubelet starts in the container (as
 * a static pod's control-plane process) and stops when the container stops. Everything else a container
 * does is the behaviour model's.
 */
import type { Component, ComponentContext } from '../component';
import type { Process } from '../process';
import type { Container, Pod } from '../types';
import type { Machine } from '../node/machine';
import type { ServesSockets } from '../network/traffic/socket';

/** What an agent is given about the machine it runs on. */
export interface AgentHost {
  machine: Machine;
  nodeName: string;
  /** its own process: to log lines to its container and to exit by itself */
  process: Process;
  /** the pod whose container runs it (given to a per-pod kind, which may read its container's args) */
  pod?: Pod;
}

export interface AgentKind {
  /** `flanneld`: also names the process (`flanneld/<node>`) */
  readonly name: string;
  /** Whether this container runs the agent (by image and command). */
  matches(pod: Pod, container: Container): boolean;
  /** A fresh instance's components, with their own client and informers (`ctx`). */
  build(ctx: ComponentContext, host: AgentHost): Component[];
  /** The identity its client uses (its ServiceAccount). */
  readonly user: string;
  /**
   * Each pod runs its own instance (a Deployment's replicas may share a node); without it there is one
   * per machine (a DaemonSet's pod), which a replacement pod on that machine takes over.
   */
  readonly perPod?: boolean;
}

/** Whether a running component listens on sockets the packet path and the kubelet's probes can reach. */
export function servesSockets<T extends object>(c: T): c is T & ServesSockets {
  return typeof (c as Partial<ServesSockets>).listeners === 'function';
}
