/**
 * Node selector matching (component-helpers nodeaffinity): nodeSelector labels, required node
 * selector terms (ORed; requirements inside a term ANDed) and preferred terms.
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../../types';

/** One requirement against a label set. Invalid requirements do not match (errors are ignored, as upstream). */
export function labelRequirementMatches(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : '';
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      if (values.length === 0) return false;
      return has && values.includes(v);
    case 'NotIn':
      if (values.length === 0) return false;
      return !has || !values.includes(v);
    case 'Exists':
      if (values.length !== 0) return false;
      return has;
    case 'DoesNotExist':
      if (values.length !== 0) return false;
      return !has;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !has) return false;
      const want = parseInt64(values[0]!);
      const got = parseInt64(v);
      if (want === undefined || got === undefined) return false;
      return r.operator === 'Gt' ? got > want : got < want;
    }
    default:
      return false;
  }
}

function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return undefined;
  return b;
}

/** matchFields: only `metadata.name` with In / NotIn is supported. */
function fieldRequirementMatches(r: NodeSelectorRequirement, node: Node): boolean {
  if (r.key !== 'metadata.name') return false;
  const values = r.values ?? [];
  const name = node.metadata?.name ?? '';
  switch (r.operator) {
    case 'In': return values.length === 1 && values[0] === name;
    case 'NotIn': return values.length === 1 && values[0] !== name;
    default: return false;
  }
}

function isEmptyTerm(t: NodeSelectorTerm): boolean {
  return !(t.matchExpressions?.length) && !(t.matchFields?.length);
}

/** A term matches if all its expressions and fields match; an empty term matches nothing. */
export function termMatches(t: NodeSelectorTerm, node: Node): boolean {
  if (isEmptyTerm(t)) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of t.matchExpressions ?? []) if (!labelRequirementMatches(r, labels)) return false;
  for (const r of t.matchFields ?? []) if (!fieldRequirementMatches(r, node)) return false;
  return true;
}

/** Terms are ORed. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  for (const t of terms) if (termMatches(t, node)) return true;
  return false;
}

/**
 * The pod's hard node constraints: every nodeSelector label must equal the node's, and the required
 * node affinity terms (if any) must match.
 */
export function requiredNodeSelectorAndAffinityMatch(pod: Pod, node: Node): boolean {
  const sel = pod.spec?.nodeSelector;
  if (sel) {
    const labels = node.metadata?.labels ?? {};
    for (const k in sel) if (labels[k] !== sel[k]) return false;
  }
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) return nodeSelectorTermsMatch(req.nodeSelectorTerms ?? [], node);
  return true;
}

export function isEmptyNodeSelectorTerm(t: NodeSelectorTerm): boolean {
  return isEmptyTerm(t);
}
