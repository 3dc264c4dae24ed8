/**
 * What a fault says happened (or why it could not apply), as an id with its values beside the English
 * line. The CLI and the event log print the English; the page shows the id's message from its own
 * catalogue (faults.result.<id>), so a Chinese page reads the result in Chinese.
 */
export const FAULT_MESSAGES = {
  nodeDown: 'node {node} powered off: its containers stopped, its kubelet is silent',
  nodeUp: 'node {node} powered on',
  kubeletStopped: 'kubelet on {node} stopped (containers keep running)',
  kubeletStarted: 'kubelet on {node} started',
  partitioned: 'node {node} cut off from the API server',
  healed: 'node {node} reconnected to the API server',
  memoryShort: 'node {node}: memory running short',
  diskShort: 'node {node}: disk running short',
  pressureCleared: 'node {node}: pressure cleared',
  proxyStopped: 'kube-proxy on {node} stopped (SIGSTOP; its container keeps running, its rules stay as they are)',
  proxyContinued: 'kube-proxy on {node} continued (SIGCONT)',
  flannelStopped: 'flanneld on {node} stopped (SIGSTOP; its container keeps running, its routes and rules stay as they are)',
  flannelContinued: 'flanneld on {node} continued (SIGCONT)',
  crashed: 'pod {pod}: container {container} crashed with exit code {exitCode}',
  probeFails: 'pod {pod}: {probe} probe now fails',
  probePasses: 'pod {pod}: {probe} probe passes again',
  imageUnpullable: 'image {image} can no longer be pulled',
  imagePullable: 'image {image} can be pulled again',

  nodeNotFound: 'node "{node}" not found',
  nodeIsDown: 'node {node} is down',
  nodeIsDownUseNodeUp: 'node {node} is down; use node-up',
  proxyNotRunning: 'kube-proxy is not running on node {node}',
  proxyAlreadyStopped: 'kube-proxy on {node} is already stopped',
  proxyNotStopped: 'kube-proxy on {node} is not stopped',
  flannelNotRunning: 'flanneld is not running on node {node}',
  flannelAlreadyStopped: 'flanneld on {node} is already stopped',
  flannelNotStopped: 'flanneld on {node} is not stopped',
  podNotFound: 'pod "{pod}" not found',
  podNotScheduled: 'pod "{pod}" is not scheduled to a node',
  podNotOnNode: 'pod {pod} is not running on node {node}',
  containerNotFound: 'container "{container}" not found in pod {pod}',
  noRunningContainer: 'pod {pod} has no running container',
  containerNotRunning: 'container "{container}" in pod {pod} is not running',
  noProbe: 'no container of pod {pod} has a {probe} probe',
} as const;

export type FaultMessageId = keyof typeof FAULT_MESSAGES;

export interface FaultNote {
  id: FaultMessageId;
  params: Record<string, string | number>;
}

export const faultNote = (id: FaultMessageId, params: Record<string, string | number>): FaultNote => ({ id, params });

/** The note's line in English, as the CLI prints it. */
export function faultEnglish(note: FaultNote): string {
  return FAULT_MESSAGES[note.id].replace(/\{(\w+)\}/g, (whole, name: string) => (name in note.params ? String(note.params[name]) : whole));
}
