/**
 * ImageLocality (plugins/imagelocality): prefers nodes that already hold the pod's images, weighted
 * by size and damped by how widely the image has spread (to avoid piling pods on the few nodes that
 * pulled an image first).
 *
 * For each init and regular container whose image (with `:latest` added when untagged) is in the
 * node's `status.images`: size × (nodes having it / all nodes), truncated. The sum is clamped to
 * [23 MiB, 1000 MiB × number of containers] and scaled linearly onto 0..100. Names are matched as
 * written: a pod asking for `nginx:1.27` does not match a node listing `docker.io/library/nginx:1.27`
 * (the real plugin has the same gap).
 */
import type { Container, Pod } from '../../../types';
import { MAX_NODE_SCORE, type Handle, type ScorePlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/nodeInfo';

export const name = 'ImageLocality';
const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Adds `:latest` when the reference has no tag (the last `:` is not after the last `/`). */
export function normalizedImageName(image: string): string {
  return image.lastIndexOf(':') <= image.lastIndexOf('/') ? `${image}:latest` : image;
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/**
 * normalizedImageName, remembered per image: Score looks the same names up on every node, and one
 * string object per name is hashed once instead of a fresh `…:latest` string per node.
 */
const normalizedNames = new Map<string, string>();
function normalizedImageNameCached(image: string): string {
  let n = normalizedNames.get(image);
  if (n === undefined) {
    // A bound on what a long session of distinct images can hold.
    if (normalizedNames.size >= 4096) normalizedNames.clear();
    normalizedNames.set(image, (n = normalizedImageName(image)));
  }
  return n;
}

function sumImageScores(nodeInfo: NodeInfo, containers: readonly Container[], totalNumNodes: number): number {
  let sum = 0;
  for (const c of containers) {
    const st = nodeInfo.imageStates.get(normalizedImageNameCached(c.image ?? ''));
    if (st) sum += Math.trunc(st.size * (st.spread.numNodes / totalNumNodes));
  }
  return sum;
}

export function newImageLocality(_args: unknown, handle: Handle): ScorePlugin {
  return {
    name,
    score(_state, pod: Pod, nodeInfo) {
      if (nodeInfo.imageStates.size === 0) return 0;
      const total = handle.snapshot().numNodes();
      const init = pod.spec?.initContainers ?? [];
      const containers = pod.spec?.containers ?? [];
      const sum = sumImageScores(nodeInfo, init, total) + sumImageScores(nodeInfo, containers, total);
      return calculatePriority(sum, init.length + containers.length);
    },
  } satisfies ScorePlugin;
}
