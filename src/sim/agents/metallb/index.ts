/**
 * MetalLB as system agents: the `controller` container of the metallb-system/controller Deployment
 * (image quay.io/metallb/controller) runs the controller, and the `speaker` container of the speaker
 * DaemonSet (quay.io/metallb/speaker) a speaker on its node. Both read the one pool the scenario gives
 * (`cluster.network.loadBalancerPool`), which stands for an IPAddressPool with an L2Advertisement.
 */
import type { Container, Pod } from '../../types';
import { ClientEventRecorder } from '../../client/events';
import { parseImageRef } from '../../node/images';
import type { AddressRange } from '../../network/settings';
import type { AgentKind } from '../registry';
import { Allocator } from './allocator';
import type { Pool } from './allocator';
import { MetalLBController } from './controller';
import { Speaker } from './speaker';
import { SpeakerWatch } from './watch';

export const METALLB_CONTROLLER_USER = 'system:serviceaccount:metallb-system:controller';
export const METALLB_SPEAKER_USER = 'system:serviceaccount:metallb-system:speaker';
/** The name the scenario's pool goes by (in `metallb.universe.tf/ip-allocated-from-pool`). */
export const POOL_NAME = 'default';

export function poolFromRange(range: AddressRange): Pool {
  return { name: POOL_NAME, ranges: [{ first: range.first, last: range.last }], avoidBuggyIPs: false, autoAssign: true };
}

function runs(image: string, repo: string): boolean {
  return parseImageRef(image).repo === repo;
}

/** `watch`: one cache for every node's speaker (watch.ts). */
export function metallbAgents(range: AddressRange, watch: SpeakerWatch): AgentKind[] {
  const pools = [poolFromRange(range)];
  return [
    {
      name: 'metallb-controller',
      user: METALLB_CONTROLLER_USER,
      matches: (_pod: Pod, c: Container) => runs(c.image ?? '', 'quay.io/metallb/controller'),
      // Events come from the process's recorder, named after the process alone (no host).
      build: (ctx) => [new MetalLBController({ ...ctx, recorder: new ClientEventRecorder(ctx.client, ctx.clock, { component: 'metallb-controller' }) }, pools)],
    },
    {
      name: 'metallb-speaker',
      user: METALLB_SPEAKER_USER,
      matches: (_pod: Pod, c: Container) => runs(c.image ?? '', 'quay.io/metallb/speaker'),
      build: (ctx, host) => [new Speaker({ ...ctx, recorder: new ClientEventRecorder(ctx.client, ctx.clock, { component: 'metallb-speaker' }) }, host, watch, new Allocator(pools))],
    },
  ];
}

export { MetalLBController, Speaker, SpeakerWatch };
