/**
 * Test harness: runs one plugin's extension points the way the framework would, over a static
 * snapshot, so plugin tests read as tables of inputs and expected verdicts or scores.
 */
import type { Node, Pod } from '../../types';
import { CycleState } from '../framework/cycleState';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interface';
import { StaticSnapshot } from '../framework/snapshot';
import type { Status } from '../framework/status';

/** A verdict as a plain value: `null` for Success, else code and reasons. */
export type Verdict = null | { code: string; reasons: string[] };

export function verdictOf(s: Status | null): Verdict {
  return s && s.code !== 'Success' ? { code: s.code, reasons: [...s.reasons] } : null;
}

/** PreFilter (if any) then Filter of one plugin for the pod on one node with `existing` pods on it. */
export function runFilter(pl: FilterPlugin & Partial<PreFilterPlugin>, pod: Pod, node: Node, existing: Pod[] = []): Verdict {
  const snap = new StaticSnapshot([node], existing.map((p) => ({ ...p, spec: { ...p.spec!, nodeName: node.metadata!.name } })));
  const state = new CycleState();
  if (pl.preFilter) {
    const { status } = pl.preFilter(state, pod);
    if (status?.code === 'Skip') return null;
    if (status && status.code !== 'Success') return verdictOf(status);
  }
  return verdictOf(pl.filter(state, pod, snap.get(node.metadata!.name!)!));
}

/** PreScore, Score and NormalizeScore of one plugin; returns raw and normalized scores by node name. */
export function runScore(pl: ScorePlugin & Partial<PreScorePlugin>, pod: Pod, nodes: Node[], existing: Pod[] = []): { raw: Record<string, number>; normalized: Record<string, number> } {
  const snap = new StaticSnapshot(nodes, existing);
  const infos = nodes.map((n) => snap.get(n.metadata!.name!)!);
  const state = new CycleState();
  if (pl.preScore) {
    const s = pl.preScore(state, pod, infos);
    if (s?.code === 'Skip') {
      const zeros = Object.fromEntries(infos.map((n) => [n.name, 0]));
      return { raw: zeros, normalized: { ...zeros } };
    }
  }
  const scores = new Float64Array(infos.length);
  infos.forEach((ni, i) => {
    const r = pl.score(state, pod, ni);
    if (typeof r !== 'number') throw new Error(r.message());
    scores[i] = r;
  });
  const raw = Object.fromEntries(infos.map((n, i) => [n.name, scores[i]!]));
  pl.normalizeScore?.(state, pod, { nodes: infos, scores, length: infos.length });
  const normalized = Object.fromEntries(infos.map((n, i) => [n.name, scores[i]!]));
  return { raw, normalized };
}

import { Clock } from '../../clock';
import type { Client, EventRecorder } from '../../client/types';
import { Stream } from '../../rng';
import { withDefaults, type KubeSchedulerProfile } from '../framework/config';
import { newFramework, type Framework } from '../framework/framework';
import type { Snapshot } from '../framework/snapshot';
import { inTreeRegistry } from '../plugins/registry';

/** A client that records calls and answers with the body (enough for binder and preemption tests). */
export function recordingClient(): Client & { calls: { verb: string; resource: string; name?: string; subresource?: string; body?: unknown }[] } {
  const calls: { verb: string; resource: string; name?: string; subresource?: string; body?: unknown }[] = [];
  const c = {
    user: 'test',
    calls,
    create: (resource: string, obj: unknown, opts?: { subresource?: string; name?: string }) => { calls.push({ verb: 'create', resource, name: opts?.name, subresource: opts?.subresource, body: obj }); return obj; },
    get: () => { throw new Error('not implemented'); },
    list: () => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items: [] }),
    update: (resource: string, obj: unknown) => { calls.push({ verb: 'update', resource, body: obj }); return obj; },
    patch: (resource: string, _ns: string | undefined, name: string, patch: unknown, opts?: { subresource?: string }) => { calls.push({ verb: 'patch', resource, name, subresource: opts?.subresource, body: patch }); return {}; },
    delete: (resource: string, _ns: string | undefined, name: string) => { calls.push({ verb: 'delete', resource, name }); return {}; },
    watch: () => ({ stop() {} }),
  };
  return c as unknown as Client & { calls: typeof calls };
}

export const nullRecorder: EventRecorder & { events: { reason: string; message: string; type: string }[] } = Object.assign(
  { events: [] as { reason: string; message: string; type: string }[] },
  { event(_o: unknown, type: string, reason: string, message: string) { nullRecorder.events.push({ type, reason, message }); } },
) as EventRecorder & { events: { reason: string; message: string; type: string }[] };

/** The default profile's framework over a snapshot. */
export function defaultFramework(snapshot: Snapshot, opts: { profile?: KubeSchedulerProfile; client?: Client; seed?: number; objects?: readonly KObject[]; nominator?: PodNominator } = {}): Framework {
  const registry = inTreeRegistry();
  const cfg = withDefaults({ profiles: [opts.profile ?? {}] }, (n) => !!registry[n]);
  return newFramework(cfg.profiles[0]!, {
    registry,
    handle: {
      clock: new Clock(), client: opts.client ?? recordingClient(), recorder: nullRecorder, stream: new Stream(opts.seed ?? 1, 'test/preemption'), snapshot: () => snapshot,
      listers: staticListers(opts.objects ?? []), ...(opts.nominator ? { nominator: opts.nominator } : {}),
    },
  });
}

import type { Handle, Listers, PodNominator } from '../framework/interface';
import type { KObject } from '../../types';

const PLURAL: Record<string, string> = {
  Namespace: 'namespaces', Service: 'services', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', ReplicationController: 'replicationcontrollers',
  PersistentVolumeClaim: 'persistentvolumeclaims', PersistentVolume: 'persistentvolumes', StorageClass: 'storageclasses', CSINode: 'csinodes',
  PodDisruptionBudget: 'poddisruptionbudgets',
};

/** Listers over a fixed set of objects (by kind), for plugin tests. */
export function staticListers(objects: readonly KObject[]): Listers {
  const of = (resource: string) => objects.filter((o) => PLURAL[o.kind ?? ''] === resource);
  return {
    list: <T>(resource: string, namespace?: string) => of(resource).filter((o) => namespace === undefined || o.metadata?.namespace === namespace) as unknown as T[],
    get: <T>(resource: string, namespace: string | undefined, name: string) => of(resource).find((o) => o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace)) as T | undefined,
  };
}

/** A plugin Handle over a snapshot and listers (no framework: for plugins that do not call back into it). */
export function pluginHandle(snapshot: Snapshot, objects: readonly KObject[] = [], client: Client = recordingClient()): Handle {
  return {
    clock: new Clock(), client, recorder: nullRecorder, stream: new Stream(1, 'test'), snapshot: () => snapshot,
    listers: staticListers(objects), nominator: { nominatedPodsForNode: () => [], isEmpty: () => true },
    framework: () => { throw new Error('no framework in plugin tests'); },
  };
}

/**
 * PreFilter once, then Filter on every node, as a cycle does: verdicts by node name. A PreFilter
 * rejection is reported for every node; a Skip makes every node pass.
 */
export function runFilterAll(pl: FilterPlugin & Partial<PreFilterPlugin>, pod: Pod, snapshot: Snapshot): Record<string, Verdict> {
  const state = new CycleState();
  const out: Record<string, Verdict> = {};
  if (pl.preFilter) {
    const { status } = pl.preFilter(state, pod);
    if (status?.code === 'Skip') { for (const ni of snapshot.nodeInfoList) out[ni.name] = null; return out; }
    if (status && status.code !== 'Success') { for (const ni of snapshot.nodeInfoList) out[ni.name] = verdictOf(status); return out; }
  }
  for (const ni of snapshot.nodeInfoList) out[ni.name] = verdictOf(pl.filter(state, pod, ni));
  return out;
}

/** runScore over a given snapshot (for plugins that read the snapshot through their handle). */
export function runScoreOn(pl: ScorePlugin & Partial<PreScorePlugin>, pod: Pod, snapshot: Snapshot, feasible?: readonly string[]): { raw: Record<string, number>; normalized: Record<string, number>; skipped: boolean } {
  const infos = snapshot.nodeInfoList.filter((n) => !feasible || feasible.includes(n.name));
  const state = new CycleState();
  if (pl.preScore) {
    const s = pl.preScore(state, pod, infos);
    if (s?.code === 'Skip') {
      const zeros = Object.fromEntries(infos.map((n) => [n.name, 0]));
      return { raw: zeros, normalized: { ...zeros }, skipped: true };
    }
  }
  const scores = new Float64Array(infos.length);
  infos.forEach((ni, i) => {
    const r = pl.score(state, pod, ni);
    if (typeof r !== 'number') throw new Error(r.message());
    scores[i] = r;
  });
  const raw = Object.fromEntries(infos.map((n, i) => [n.name, scores[i]!]));
  pl.normalizeScore?.(state, pod, { nodes: infos, scores, length: infos.length });
  return { raw, normalized: Object.fromEntries(infos.map((n, i) => [n.name, scores[i]!])), skipped: false };
}
