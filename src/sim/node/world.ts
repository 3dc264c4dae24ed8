/**
 * What lies outside the cluster's API but is shared by its machines: the image registries (which
 * references can be pulled) and the directory of node agents the API server dials for logs, exec
 * and resource metrics (in a real cluster: the kubelet's port 10250 at the node's address). One
 * world per simulated cluster, found through the cluster's clock, which every component shares.
 */
import type { Clock } from '../clock';
import { parseImageRef } from './images';
import type { Fabric } from '../network/traffic/fabric';

/** The slice of a kubelet the world knows: enough for the API server's node proxy and for faults. */
export interface NodeAgent {
  readonly nodeName: string;
}

export class World<A extends NodeAgent = NodeAgent> {
  private readonly agents = new Map<string, A>();
  /** the network the machines are wired into (set by the cluster that owns them) */
  fabric?: Fabric;
  private readonly unpullable = new Set<string>();

  register(agent: A): void {
    this.agents.set(agent.nodeName, agent);
  }

  agent(nodeName: string): A | undefined {
    return this.agents.get(nodeName);
  }

  allAgents(): A[] {
    return [...this.agents.values()];
  }

  /** Makes a reference unpullable: a repository (`nginx`, any tag) or one exact reference (`nginx:1.27`). */
  setUnpullable(image: string, on: boolean): void {
    const key = unpullableKey(image);
    if (on) this.unpullable.add(key);
    else this.unpullable.delete(key);
  }

  isUnpullable(image: string): boolean {
    if (this.unpullable.size === 0) return false;
    const ref = parseImageRef(image);
    return this.unpullable.has(ref.normalized) || this.unpullable.has(`${ref.repo}:*`);
  }
}

function unpullableKey(image: string): string {
  const hasTag = /:[^/]+$/.test(image) || image.includes('@');
  const ref = parseImageRef(image);
  return hasTag ? ref.normalized : `${ref.repo}:*`;
}

const worlds = new WeakMap<Clock, World>();

export function worldOf<A extends NodeAgent = NodeAgent>(clock: Clock): World<A> {
  let w = worlds.get(clock);
  if (!w) {
    w = new World();
    worlds.set(clock, w);
  }
  return w as World<A>;
}
