/**
 * `kubectl rollout status` as kubectl 1.31 runs it: the object is listed and watched by name; each
 * ADDED/MODIFIED event prints its status viewer's line (repeats included), until the rollout is done,
 * the viewer fails, the object is deleted, or --timeout passes. With `-w=false` it prints once.
 */
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { ResourceDefinition } from '../sim/api/types';
import type { KObject } from '../sim/types';
import { plainError } from './errors';
import { flagBool, flagString, type ParsedFlags } from './flags';
import { FollowSink } from './follow';
import { parseResourceArgs } from './commands/args';
import type { CommandIO } from './commands/context';
import { getOne, listAll, type Scope } from './commands/fetch';
import { parseGoDurationSeconds } from './commands/logs';
import { deploymentStatusLine } from './commands/rollout';

interface Status {
  text: string;
  done: boolean;
  error?: string;
}

/** polymorphichelpers' DaemonSetStatusViewer. */
export function daemonSetStatusLine(ds: DaemonSet): Status {
  const name = ds.metadata?.name ?? '';
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { text: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  const st = ds.status;
  if ((ds.metadata?.generation ?? 0) <= (st?.observedGeneration ?? 0)) {
    const desired = st?.desiredNumberScheduled ?? 0;
    const updated = st?.updatedNumberScheduled ?? 0;
    if (updated < desired) return { text: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`, done: false };
    const available = st?.numberAvailable ?? 0;
    if (available < desired) return { text: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`, done: false };
    return { text: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
}

/** polymorphichelpers' StatefulSetStatusViewer. */
export function statefulSetStatusLine(sts: StatefulSet): Status {
  const strategy = sts.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { text: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  const st = sts.status;
  if (!st?.observedGeneration || (sts.metadata?.generation ?? 0) > st.observedGeneration) return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec?.replicas;
  const ready = st.readyReplicas ?? 0;
  if (replicas !== undefined && ready < replicas) return { text: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  const updated = st.updatedReplicas ?? 0;
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return { text: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { text: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { text: `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision ?? ''}...\n`, done: false };
  return { text: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ''}...\n`, done: true };
}

function statusViewer(def: ResourceDefinition): ((obj: KObject) => Status) | undefined {
  if (def.group !== 'apps') return undefined;
  if (def.plural === 'deployments') return (o) => deploymentStatusLine(o as unknown as Deployment);
  if (def.plural === 'daemonsets') return (o) => daemonSetStatusLine(o as unknown as DaemonSet);
  if (def.plural === 'statefulsets') return (o) => statefulSetStatusLine(o as unknown as StatefulSet);
  return undefined;
}

/** `rollout status TYPE/NAME` (args without the subcommand). */
export function runRolloutStatus(io: CommandIO, f: ParsedFlags, scope: Scope, args: string[]): void {
  const parsed = parseResourceArgs(args);
  if (parsed.kinds > 1) throw plainError('you may only specify a single resource type');
  const req = parsed.requests[0]!;
  const selector = flagString(f, 'selector');
  const client = io.ctx.client;
  // The builder takes a type alone (or with -l) as "every object of it"; exactly one must be found.
  if (selector && req.name !== undefined) throw plainError('name cannot be provided when a selector is specified');
  const found = req.name === undefined ? listAll(client, req.def, scope, selector) : parsed.requests.map((r) => getOne(client, r.def, scope, r.name ?? ''));
  if (found.length !== 1) throw plainError(`rollout status is only supported on individual resources and resource collections - ${found.length} resources were found`);
  const obj = found[0]!;
  const name = obj.metadata?.name ?? '';
  const viewer = statusViewer(req.def);
  // Go prints a schema.GroupKind as Kind.group (Kind alone for the core group).
  if (!viewer) throw plainError(`no status viewer has been implemented for ${req.def.kind}${req.def.group ? `.${req.def.group}` : ''}`);
  const timeoutFlag = flagString(f, 'timeout');
  const timeoutS = parseGoDurationSeconds(timeoutFlag) ?? (timeoutFlag === '0' ? 0 : undefined);
  if (timeoutS === undefined) throw plainError(`invalid argument "${timeoutFlag}" for "--timeout" flag: time: invalid duration "${timeoutFlag}"`);
  const deadline = timeoutS > 0 ? io.ctx.nowMs() + timeoutS * 1000 : Number.POSITIVE_INFINITY;
  const keepWatching = flagBool(f, 'watch');
  const timedOut = (sink: FollowSink): boolean => {
    if (io.ctx.nowMs() < deadline) return false;
    sink.writeErr('error: timed out waiting for the condition\n');
    sink.end(1);
    return true;
  };
  const sink = new FollowSink(io, (s) => void timedOut(s));
  const show = (o: KObject): void => {
    const s = viewer(o);
    if (s.error) {
      sink.writeErr(`error: ${s.error}\n`);
      sink.end(1);
      return;
    }
    sink.write(s.text);
    if (s.done || !keepWatching) sink.end(0);
  };
  show(obj);
  if (!sink.running) return;
  const ns = req.def.namespaced ? scope.namespace : undefined;
  const w = client.watch<KObject>(req.def.plural, ns, { resourceVersion: obj.metadata?.resourceVersion ?? '0', fieldSelector: `metadata.name=${name}` }, (ev) => {
    if (!sink.running || timedOut(sink)) return;
    if (ev.type === 'ADDED' || ev.type === 'MODIFIED') show(ev.object);
    else if (ev.type === 'DELETED') {
      // kubectl stops rather than silently watching a new object of the same name.
      sink.writeErr('error: object has been deleted\n');
      sink.end(1);
    }
  });
  sink.stream.onEnd(() => w.stop());
  sink.detach();
}

