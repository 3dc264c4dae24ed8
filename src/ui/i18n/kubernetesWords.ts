/**
 * Kubernetes' own words, which the page shows untranslated in every language, as a real cluster and
 * kubectl do: kinds (and their plurals as kubectl lists them), kubectl's short names, and the enum values
 * of the API (strategies, policies, phases, Event types). The catalogue test lets a literal made only of
 * these words stand in a component; anything else the page says goes through the catalogues.
 */
export const KUBERNETES_WORDS: ReadonlySet<string> = new Set([
  // kinds and their plurals
  'Pod', 'Pods', 'Node', 'Nodes', 'Deployment', 'Deployments', 'ReplicaSet', 'ReplicaSets', 'StatefulSet', 'StatefulSets',
  'DaemonSet', 'DaemonSets', 'Job', 'Jobs', 'CronJob', 'CronJobs', 'HorizontalPodAutoscaler', 'HorizontalPodAutoscalers',
  'PersistentVolumeClaim', 'PersistentVolumeClaims', 'PersistentVolume', 'PersistentVolumes', 'StorageClass', 'Service', 'Services',
  // kubectl's short names
  'po', 'no', 'deploy', 'rs', 'sts', 'ds', 'job', 'cj', 'hpa', 'pvc', 'pv', 'svc',
  // API enum values
  'RollingUpdate', 'Recreate', 'OrderedReady', 'Parallel', 'OnDelete', 'Indexed', 'NonIndexed', 'Allow', 'Forbid', 'Replace',
  'Pending', 'Running', 'Succeeded', 'Failed', 'Unknown', 'Bound', 'Available', 'Released', 'Normal', 'Warning',
  // the command line the terminal prompts with
  'kubectl',
]);

/** Whether a literal (a template's `${…}` parts aside) says only Kubernetes' own words. */
export function onlyKubernetesWords(text: string): boolean {
  const words = text.replace(/\$\{[^}]*\}/g, ' ').match(/[\p{L}][\p{L}\p{N}-]*/gu) ?? [];
  return words.length > 0 && words.every((w) => KUBERNETES_WORDS.has(w));
}
