/**
 * `kubectl describe networkpolicy` as kubectl 1.31 prints it: the selected pods, then per direction the
 * rules (ports, then peers) or the isolation note, then the policy types. It prints no events.
 */
import type { NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicySpec } from 'kubernetes-types/networking/v1';
import { formatLabelSelector } from '../../sim/api/labels';
import { printAnnotationsMultiline, printLabelsMultiline } from './common';
import { PrefixWriter } from './writer';

/** metav1.Time's String(): Go's time.Time layout, in UTC as the cluster's clocks are. */
function goTime(ts: string | undefined): string {
  if (!ts) return '0001-01-01 00:00:00 +0000 UTC';
  return ts.replace('T', ' ').replace(/(\.\d+)?Z$/, ' +0000 UTC');
}

/** IntOrString's String() on the pointer kubectl prints: `<nil>` when the port is left out. */
function portText(port: number | string | undefined): string {
  return port === undefined || port === null ? '<nil>' : String(port);
}

function writePorts(w: PrefixWriter, indent: string, rule: NetworkPolicyIngressRule | NetworkPolicyEgressRule): void {
  const ports = rule.ports ?? [];
  if (ports.length === 0) {
    w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const p of ports) {
    const proto = p.protocol ?? 'TCP';
    if (p.endPort === undefined || p.endPort === null) w.write(0, `${indent}To Port: ${portText(p.port)}/${proto}\n`);
    else w.write(0, `${indent}To Port Range: ${portText(p.port)}-${p.endPort}/${proto}\n`);
  }
}

function writePeer(w: PrefixWriter, indent: string, title: 'From:' | 'To:', peer: NetworkPolicyPeer): void {
  w.write(0, `${indent}${title}\n`);
  if (peer.podSelector && peer.namespaceSelector) {
    w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
  } else if (peer.podSelector) {
    w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
  } else if (peer.namespaceSelector) {
    w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
  } else if (peer.ipBlock) {
    w.write(1, `${indent}IPBlock:\n`);
    w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
    w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
  }
}

function writeRules(w: PrefixWriter, dir: 'ingress' | 'egress', rules: readonly (NetworkPolicyIngressRule | NetworkPolicyEgressRule)[] | undefined): void {
  const indent = '    ';
  const list = rules ?? [];
  if (list.length === 0) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
    return;
  }
  list.forEach((rule, i) => {
    writePorts(w, indent, rule);
    const peers = (dir === 'ingress' ? (rule as NetworkPolicyIngressRule).from : (rule as NetworkPolicyEgressRule).to) ?? [];
    if (peers.length === 0) {
      w.write(0, dir === 'ingress' ? `${indent}From: <any> (traffic not restricted by source)\n` : `${indent}To: <any> (traffic not restricted by destination)\n`);
    } else {
      for (const peer of peers) writePeer(w, indent, dir === 'ingress' ? 'From:' : 'To:', peer);
    }
    if (i !== list.length - 1) w.write(0, `${indent}----------\n`);
  });
}

function describeSpec(w: PrefixWriter, spec: NetworkPolicySpec): void {
  w.write(0, 'Spec:\n');
  w.write(1, 'PodSelector: ');
  const sel = spec.podSelector ?? {};
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  } else {
    w.write(2, `${formatLabelSelector(sel)}\n`);
  }
  // kubectl reads the stored policyTypes only (the API server has defaulted them on create).
  const types = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    writeRules(w, 'ingress', spec.ingress);
  } else {
    w.write(1, 'Not affecting ingress traffic\n');
  }
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    writeRules(w, 'egress', spec.egress);
  } else {
    w.write(1, 'Not affecting egress traffic\n');
  }
  w.write(1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
}

export function describeNetworkPolicy(np: NetworkPolicy): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${np.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${np.metadata?.namespace ?? ''}\n`);
  w.write(0, `Created on:\t${goTime(np.metadata?.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', np.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', np.metadata?.annotations);
  describeSpec(w, np.spec ?? { podSelector: {} });
  return w.toString();
}
