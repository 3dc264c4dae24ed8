/**
 * The flags of `kubectl get`, `kubectl logs` and `kubectl events`, apart from the commands: the lesson format reads
 * them (to tell a one-off read from a watch) without loading the printers the commands need.
 */
import { PRINT_FLAGS } from '../flags';
import type { FlagSpec } from '../flags';

export const GET_FLAGS: FlagSpec[] = [
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'field-selector', kind: 'string' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'show-labels', kind: 'bool' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'sort-by', kind: 'string' },
  { long: 'watch', short: 'w', kind: 'bool' },
  { long: 'watch-only', kind: 'bool' },
  { long: 'output-watch-events', kind: 'bool' },
  { long: 'ignore-not-found', kind: 'bool' },
  { long: 'label-columns', short: 'L', kind: 'strings' },
  { long: 'chunk-size', kind: 'int' },
  { long: 'show-kind', kind: 'bool' },
  { long: 'filename', short: 'f', kind: 'stringArray' },
];

export const LOGS_FLAGS: FlagSpec[] = [
  { long: 'container', short: 'c', kind: 'string' },
  { long: 'previous', short: 'p', kind: 'bool' },
  { long: 'tail', kind: 'int', default: -1 },
  { long: 'timestamps', kind: 'bool' },
  { long: 'follow', short: 'f', kind: 'bool' },
  { long: 'since', kind: 'string' },
  { long: 'since-time', kind: 'string' },
  { long: 'all-containers', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'prefix', kind: 'bool' },
  { long: 'limit-bytes', kind: 'int', default: 0 },
  { long: 'max-log-requests', kind: 'int', default: 5 },
  { long: 'ignore-errors', kind: 'bool' },
  { long: 'pod-running-timeout', kind: 'string' },
  { long: 'insecure-skip-tls-verify-backend', kind: 'bool' },
];

export const EVENTS_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'chunk-size', kind: 'int', default: 500 },
  { long: 'for', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
  { long: 'types', kind: 'strings' },
  { long: 'watch', short: 'w', kind: 'bool' },
];
