/**
 * `placement`: where pods run. At least one pod matches `pods`; every bound one runs on a node whose
 * labels match `nodes`; `distinctNodes` compares how many nodes they use; `allBound` also wants none
 * waiting for a node.
 */
import { parseSelector } from '../../sim/api/labels';
import type { Check } from '../types';
import { comparesNumber, wanted } from './compare';
import type { CheckContext, CheckResult } from './context';
import { definition, observeList } from './context';

export type PlacementCheck = Extract<Check, { placement: unknown }>['placement'];

export function checkPlacement(ctx: CheckContext, c: PlacementCheck): CheckResult {
  const ns = c.namespace ?? 'default';
  const pods = observeList(ctx, definition('pods'), ns, { labelSelector: c.pods });
  const them = `pods with ${c.pods}${ns !== 'default' ? ` in namespace ${ns}` : ''}`;
  if (pods.length === 0) return { ok: false, detail: `no pod matches ${c.pods}${ns !== 'default' ? ` in namespace ${ns}` : ''}` };
  const nodeLabels = new Map(observeList(ctx, definition('nodes'), undefined).map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  const wantNodes = c.nodes !== undefined ? parseSelector(c.nodes) : undefined;
  const used = new Set<string>();
  for (const p of pods) {
    const node = (p as { spec?: { nodeName?: string } }).spec?.nodeName;
    if (!node) {
      if (c.allBound) return { ok: false, detail: `pod ${p.metadata.name} is not scheduled to a node` };
      continue;
    }
    used.add(node);
    if (wantNodes && !wantNodes.matches(nodeLabels.get(node) ?? {})) {
      return { ok: false, detail: `pod ${p.metadata.name} runs on ${node}, whose labels do not match ${c.nodes}` };
    }
  }
  const nodes = [...used].sort();
  const on = nodes.length === 0 ? 'are not scheduled to any node yet' : `run on ${nodes.length === 1 ? '1 node' : `${nodes.length} nodes`} (${nodes.join(', ')})`;
  if (c.distinctNodes && !comparesNumber(nodes.length, c.distinctNodes)) return { ok: false, detail: `${them} ${on}, want ${wanted(c.distinctNodes)} ${wanted(c.distinctNodes) === '1' ? 'node' : 'nodes'}` };
  return { ok: true, detail: `${them} ${on}` };
}
