/** Pods, namespaces and policies for felix's tests, built the way the API would hold them. */
import type { Namespace, Pod } from '../../types';
import type { NetworkPolicy } from './convert';

export function pod(ns: string, name: string, node: string, ip: string, labels: Record<string, string>, ports: { name: string; port: number; protocol?: 'TCP' | 'UDP' }[] = []): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: ns, name, labels },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx', ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })) }] },
    status: { phase: 'Running', podIP: ip },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

export function policy(ns: string, name: string, spec: NonNullable<NetworkPolicy['spec']>): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { namespace: ns, name }, spec };
}

/** A readable stand-in for the calico CNI plugin's interface names, `cali` and the pod's name: only for tests whose pod names are unique on a node (the cross-check uses the real names). */
export const testVeth = (_ns: string, pod: string): string => `cali${pod}`;
