/**
 * DefaultBinder (plugins/defaultbinder): binds through the API server's pods/binding subresource,
 * the scheduler's one write to a pod's spec.
 */
import type { BindPlugin, Handle } from '../../framework/interface';
import { asStatus } from '../../framework/status';

export const name = 'DefaultBinder';

export function newDefaultBinder(_args: unknown, handle: Handle): BindPlugin {
  return {
    name,
    bind(_state, pod, nodeName) {
      const namespace = pod.metadata?.namespace ?? 'default';
      const podName = pod.metadata?.name ?? '';
      const binding = {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: podName, namespace, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}) },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      };
      try {
        handle.client.create('pods', binding, { namespace, subresource: 'binding', name: podName });
      } catch (e) {
        return asStatus(e);
      }
      return null;
    },
  } satisfies BindPlugin;
}
