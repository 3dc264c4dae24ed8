/**
 * flanneld as a system agent: the kube-flannel container of kube-flannel-ds (image
 * docker.io/flannel/flannel, command /opt/bin/flanneld) runs it on its node.
 */
import type { Container, Pod } from '../../types';
import { parseImageRef } from '../../node/images';
import type { AgentKind } from '../registry';
import type { FlannelConfig } from './flanneld';
import { Flanneld } from './flanneld';
import { FlannelNodes } from './leases';

export const FLANNEL_USER = 'system:serviceaccount:kube-flannel:flannel';
/** canal's kube-flannel container runs flanneld as the canal pod's ServiceAccount. */
export const CANAL_USER = 'system:serviceaccount:kube-system:canal';

export function flanneldAgent(nodes: FlannelNodes, conf: FlannelConfig, user = FLANNEL_USER): AgentKind {
  return {
    name: 'flanneld',
    user,
    matches: (_pod: Pod, c: Container) => parseImageRef(c.image ?? '').repo === 'docker.io/flannel/flannel' && /(^|\/)flanneld$/.test(c.command?.[0] ?? ''),
    build: (ctx, host) => [new Flanneld(ctx, host, nodes, conf)],
  };
}

export { Flanneld, FlannelNodes };
export type { FlannelConfig };
