/**
 * The layer-2 election every MetalLB speaker runs on its own and agrees on (speaker/layer2_controller.go):
 * the candidate nodes sorted by the SHA-256 of `<node>#<ip>`, byte by byte; the first announces.
 */
import { sha256 } from '../../digest';

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The node that announces `ip` among `nodes`, if any. */
export function electNode(nodes: readonly string[], ip: string): string | undefined {
  let best: { node: string; hash: Uint8Array } | undefined;
  for (const node of nodes) {
    // sha256() reuses its buffers: keep a copy.
    const hash = Uint8Array.from(sha256(`${node}#${ip}`));
    if (!best || compareBytes(hash, best.hash) < 0) best = { node, hash };
  }
  return best?.node;
}
