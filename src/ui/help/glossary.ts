/**
 * What the help explains, in the order it explains it. The terms are Kubernetes' and kubectl's own words
 * and stay English in every language; each has an explanation by key in ./content.
 */

/** The page's panes and tabs, by the key of their explanation. */
export const TABS = ['cluster', 'workloads', 'scheduler', 'requests', 'etcd', 'network', 'rbac', 'events', 'terminal', 'editor', 'inspector', 'timeline'] as const;

/** The keys the page answers to (read from its handlers), by the key of their explanation. */
export const KEYS = ['space', 'step', 'apply', 'help', 'tabs', 'timeline', 'terminalHistory', 'terminalStop', 'terminalClear', 'requestsList', 'topology', 'traceHops', 'faults', 'menus', 'splitters', 'escape'] as const;

/** What `kubectl get pods` shows in its STATUS column. */
export const POD_STATUSES = ['Pending', 'ContainerCreating', 'Running', 'Completed', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'OOMKilled', 'Error', 'Terminating', 'Evicted'] as const;

/** A node's conditions (`kubectl describe node`, Conditions). */
export const NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'] as const;

/** Event reasons a class meets first (`kubectl get events`, REASON). */
export const EVENT_REASONS = [
  'Scheduled',
  'FailedScheduling',
  'Pulling',
  'Pulled',
  'Created',
  'Started',
  'Killing',
  'BackOff',
  'Unhealthy',
  'SuccessfulCreate',
  'ScalingReplicaSet',
  'Preempted',
  'TaintManagerEviction',
  'NodeNotReady',
] as const;

/** The shape of kubectl's errors from the API server, with one example each as kubectl prints it. */
export const ERRORS = [
  { id: 'NotFound', example: 'Error from server (NotFound): pods "web" not found' },
  { id: 'AlreadyExists', example: 'Error from server (AlreadyExists): error when creating "web.yaml": pods "web" already exists' },
  { id: 'Invalid', example: 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0' },
  { id: 'Forbidden', example: 'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"' },
] as const;
