/** The page's words that come from outside its components: the worker's own replies (a rebuilt cluster), the starter manifest's comment. */
export const replies = {
  'replies.networkRestarted': "The scenario was restarted with flannel's {backend} backend and kube-proxy in {mode} mode.",
  'replies.networkRestartedIpvs': "The scenario was restarted with flannel's {backend} backend and kube-proxy in {mode} mode (scheduler {scheduler}).",
  'replies.schedulerRebuilt': 'The cluster was rebuilt with this scheduler configuration.',
  'replies.starterComment': 'Edit, then Apply (Ctrl/Cmd+Enter).',
} as const;
