/**
 * The error lines kube-scheduler 1.31 prints when a request of its fails (a Binding the API server
 * refuses, a status patch it forbids): the framework's report of the failed Bind plugin. The scheduling
 * loop's own lines are written where they happen (handleSchedulingFailure, updatePod).
 */
import type { Pod } from '../types';
import { keyOf } from '../types';
import { structured } from '../client/klog';
import type { Status } from './framework/status';

/** RunBindPlugins' `"Plugin Failed"`: the plugin's own error, before the framework wraps it. */
export function bindPluginFailed(s: Status, pod: Pod, node: string): string {
  const prefix = `running Bind plugin ${JSON.stringify(s.plugin)}: `;
  const msg = s.message();
  const err = msg.startsWith(prefix) ? msg.slice(prefix.length) : msg;
  return structured('Plugin Failed', ['err', err], ['plugin', s.plugin], ['pod', keyOf(pod)], ['node', node]);
}
