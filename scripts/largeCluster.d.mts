/** Types of largeCluster.mjs, for the e2e tests. */
export function largeClusterScenario(nodes: number, pods: number): Record<string, unknown>;
export function largeClusterLink(nodes: number, pods: number, atMs?: number, speed?: number): string;
