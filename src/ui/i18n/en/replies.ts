/** What the worker answers in its own words (a rebuilt cluster), as the page says it. */
export const replies = {
  'replies.networkRestarted': "The scenario was restarted with flannel's {backend} backend and kube-proxy in {mode} mode.",
  'replies.networkRestartedIpvs': "The scenario was restarted with flannel's {backend} backend and kube-proxy in {mode} mode (scheduler {scheduler}).",
  'replies.schedulerRebuilt': 'The cluster was rebuilt with this scheduler configuration.',
} as const;
