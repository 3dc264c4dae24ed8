/**
 * The body of the kubelet's node status patch (nodeutil.PatchNodeStatus): the two-way strategic merge
 * diff of the Node as read and as the setters left it, the spec held as read so only status (and
 * metadata) can change. Node addresses are tagged as merged by type, which would leave a stale address
 * of the same type behind, so a changed address list is sent whole behind `{"$patch":"replace"}`.
 */
import { createTwoWayMergePatch } from '../../api/strategicDiff';
import type { Node } from '../../types';

export function nodeStatusPatch(oldNode: Node, newNode: Node): Record<string, unknown> {
  const oldAddresses = oldNode.status?.addresses ?? [];
  const newAddresses = newNode.status?.addresses ?? [];
  const replaceAddresses = oldAddresses.length > 0 && JSON.stringify(oldAddresses) !== JSON.stringify(newAddresses);
  const diffNode: Node = { ...newNode, spec: oldNode.spec, status: { ...newNode.status, ...(replaceAddresses ? { addresses: oldAddresses } : {}) } };
  if (oldNode.spec === undefined) delete diffNode.spec;
  const patch = createTwoWayMergePatch(oldNode, diffNode);
  if (!replaceAddresses) return patch;
  const status = (patch.status ?? {}) as Record<string, unknown>;
  // Keys stay sorted, as the real patch is re-marshalled from a map.
  const withAddresses: Record<string, unknown> = {};
  for (const k of [...Object.keys(status), 'addresses'].sort()) withAddresses[k] = k === 'addresses' ? [...newAddresses.map((a) => ({ address: a.address, type: a.type })), { $patch: 'replace' }] : status[k];
  return { ...patch, status: withAddresses };
}
