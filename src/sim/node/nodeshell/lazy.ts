/**
 * The node shell (`ssh NODE`: ip, bridge, iptables, ipvsadm, ipset, conntrack, crictl and the network
 * tools), loaded on demand: only a learner's command runs it, so the cluster worker fetches it after
 * the cluster has booted. Node callers load it before running.
 */
type NodeShellModule = typeof import('./ssh');

let mod: NodeShellModule | undefined;

export async function loadNodeShell(): Promise<void> {
  mod ??= await import('./ssh');
}

export function nodeShell(): NodeShellModule {
  if (!mod) throw new Error('the node shell is not loaded yet (call loadNodeShell first)');
  return mod;
}
