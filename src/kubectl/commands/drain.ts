/**
 * `kubectl drain NODE` (kubectl pkg/cmd/drain + pkg/drain): cordon, sort the node's pods through
 * drain's filters, then evict (or with --disable-eviction delete) the ones it may remove.
 *
 * Filters, in kubectl's order, per pod (the first refusal wins; a later warning replaces an earlier one):
 * DaemonSet-managed (refused without --ignore-daemonsets, skipped with a warning with it; a pod whose
 * DaemonSet is gone is removed with --force), mirror pods (skipped silently), emptyDir volumes (refused
 * without --delete-emptydir-data), no controller (refused without --force). Finished pods pass all three.
 *
 * The simulator's kubectl cannot sleep: a pod the eviction API refuses with 429 gets kubectl's retry
 * line once, and is then reported the way kubectl reports it when --timeout runs out. Evicted and
 * deleted pods are reported at once instead of after kubectl's wait for them to be gone.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { KubectlError } from '../errors';
import { flagBool, flagInt, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { resolveOrFail, splitResourceTypeName } from './args';
import type { CommandIO } from './context';
import { getOne } from './fetch';

export const DRAIN_FLAGS: FlagSpec[] = [
  { long: 'ignore-daemonsets', kind: 'bool' },
  { long: 'delete-emptydir-data', kind: 'bool' },
  { long: 'force', kind: 'bool' },
  { long: 'grace-period', kind: 'int', default: -1 },
  { long: 'timeout', kind: 'string' },
  { long: 'disable-eviction', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  { long: 'pod-selector', kind: 'string' },
  { long: 'dry-run', kind: 'string' },
];

// pkg/drain filters: the refusal texts are printed as `cannot delete <text>: ns/pod, ...`.
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

type PodObj = Pod & KObject;
interface DeleteStatus {
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message?: string;
}
interface PodDelete {
  pod: PodObj;
  status: DeleteStatus;
}

/** A Go error aggregate (utilerrors.Aggregate): one message alone, several as `[a, b]`. */
class Aggregate extends Error {
  constructor(readonly errors: string[]) {
    super(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
  }
}

const OKAY: DeleteStatus = { delete: true, reason: 'Okay' };
const ref = (p: PodObj): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

/** time.Duration.String() for a whole number of milliseconds (and Go's largest duration). */
function goDuration(ms: number | undefined): string {
  if (ms === undefined) return '2562047h47m16.854775807s';
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h === 0 && m === 0 && s < 1) return `${ms}ms`;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** time.ParseDuration for what --timeout is given; undefined for 0 (kubectl's "infinite"). */
function parseTimeout(v: string): number | undefined {
  if (!v) return undefined;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let pos = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    pos = re.lastIndex;
  }
  if (pos !== v.length && v !== '0') throw new KubectlError(`error: invalid argument "${v}" for "--timeout" flag: time: invalid duration "${v}"`);
  return total === 0 ? undefined : total;
}

export function runDrain(io: CommandIO, f: ParsedFlags): void {
  const client = io.ctx.client;
  if (f.args.length === 0) throw new KubectlError(`error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples`);
  const timeoutMs = parseTimeout(flagString(f, 'timeout'));
  const grace = flagInt(f, 'grace-period', -1);
  const opts = {
    ignoreDaemonSets: flagBool(f, 'ignore-daemonsets'),
    deleteEmptyDir: flagBool(f, 'delete-emptydir-data'),
    force: flagBool(f, 'force'),
    disableEviction: flagBool(f, 'disable-eviction'),
  };
  const nodesDef = resolveOrFail('nodes');
  const nodeNames = f.args.map((a) => splitResourceTypeName(a)?.name ?? a);
  const nodes = nodeNames.map((n) => getOne(client, nodesDef, { namespace: '', allNamespaces: true }, n));

  // RunCordonOrUncordon(true)
  for (const node of nodes) {
    const name = node.metadata!.name!;
    if ((node as { spec?: { unschedulable?: boolean } }).spec?.unschedulable) io.out(`node/${name} already cordoned\n`);
    else {
      client.patch('nodes', undefined, name, { spec: { unschedulable: true } }, { type: 'strategic' });
      io.out(`node/${name} cordoned\n`);
    }
  }

  const podsFor = (node: string): { list: PodDelete[]; errors: string[] } => {
    const items = client.list<PodObj>('pods', undefined, { fieldSelector: `spec.nodeName=${node}`, ...(flagString(f, 'pod-selector') ? { labelSelector: flagString(f, 'pod-selector') } : {}) }).items;
    const list = items.map((pod) => ({ pod: pod as PodObj, status: filterPod(pod as PodObj) }));
    const failed = new Map<string, string[]>();
    for (const p of list) if (p.status.reason === 'Error') failed.set(p.status.message ?? 'unexpected error', [...(failed.get(p.status.message ?? 'unexpected error') ?? []), ref(p.pod)]);
    return { list, errors: [...failed].map(([msg, pods]) => `cannot delete ${msg}: ${pods.join(', ')}`) };
  };

  const filterPod = (pod: PodObj): DeleteStatus => {
    const filters = [daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter];
    let status = OKAY;
    for (const filter of filters) {
      status = filter(pod);
      if (!status.delete) break;
    }
    return status;
  };
  const finished = (pod: PodObj): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const controllerOf = (pod: PodObj) => (pod.metadata?.ownerReferences ?? []).find((o) => o.controller);
  const daemonSetFilter = (pod: PodObj): DeleteStatus => {
    const c = controllerOf(pod);
    if (!c || c.kind !== 'DaemonSet' || finished(pod)) return OKAY;
    try {
      client.get('daemonsets', pod.metadata?.namespace, c.name);
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      if (e.code === 404 && opts.force) return { delete: true, reason: 'Warning', message: e.message };
      return { delete: false, reason: 'Error', message: e.message };
    }
    if (!opts.ignoreDaemonSets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
    return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
  };
  const mirrorPodFilter = (pod: PodObj): DeleteStatus =>
    pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'Skip' } : OKAY;
  const localStorageFilter = (pod: PodObj): DeleteStatus => {
    if (!(pod.spec?.volumes ?? []).some((v) => v.emptyDir) || finished(pod)) return OKAY;
    if (!opts.deleteEmptyDir) return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
  };
  const unreplicatedFilter = (pod: PodObj): DeleteStatus => {
    if (finished(pod) || controllerOf(pod)) return OKAY;
    if (opts.force) return { delete: true, reason: 'Warning', message: UNMANAGED_WARNING };
    return { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
  };

  /** DeleteOrEvictPods: the error (an Aggregate, or an API error from a delete), or undefined. */
  const deleteOrEvict = (pods: PodObj[]): Error | undefined => {
    if (pods.length === 0) return undefined;
    const deleteOptions = grace >= 0 ? { gracePeriodSeconds: grace } : {};
    if (opts.disableEviction) {
      for (const pod of pods) {
        try {
          client.delete('pods', pod.metadata!.namespace, pod.metadata!.name!, deleteOptions);
        } catch (e) {
          if (e instanceof StatusError && e.code === 404) continue;
          return e as Error;
        }
      }
      for (const pod of pods) io.out(`pod/${pod.metadata!.name} deleted\n`);
      return undefined;
    }
    const errors: string[] = [];
    const evicted: PodObj[] = [];
    for (const pod of pods) io.out(`evicting pod ${ref(pod)}\n`);
    for (const pod of pods) {
      const { name, namespace } = pod.metadata as { name: string; namespace: string };
      try {
        client.create('pods', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, deleteOptions } as KObject, { namespace, subresource: 'eviction', name });
        evicted.push(pod);
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        if (e.code === 404) continue;
        if (e.code === 429) {
          io.err(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)} (will retry after 5s): ${e.message}\n`);
          // kubectl retries every 5s until --timeout; the simulator reports the pod as that timeout does.
          errors.push(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: global timeout reached: ${goDuration(timeoutMs)}`);
        } else errors.push(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: ${e.message}`);
      }
    }
    for (const pod of evicted) io.out(`pod/${pod.metadata!.name} evicted\n`);
    return errors.length ? new Aggregate(errors) : undefined;
  };

  const fatal: Error[] = [];
  const remaining: string[] = [];
  for (const node of nodes) {
    const nodeName = node.metadata!.name!;
    let err: Error | undefined;
    const { list, errors } = podsFor(nodeName);
    if (errors.length) err = new Aggregate(errors);
    else {
      const warnings = new Map<string, string[]>();
      for (const p of list) if (p.status.reason === 'Warning') warnings.set(p.status.message!, [...(warnings.get(p.status.message!) ?? []), ref(p.pod)]);
      if (warnings.size) io.err(`Warning: ${[...warnings].map(([m, pods]) => `${m}: ${pods.join(', ')}`).join('; ')}\n`);
      err = deleteOrEvict(list.filter((p) => p.status.delete).map((p) => p.pod));
      if (err) {
        const pending = podsFor(nodeName);
        const pendingPods = pending.list.filter((p) => p.status.delete);
        if (pendingPods.length) {
          io.err(`There are pending pods in node ${JSON.stringify(nodeName)} when an error occurred: ${errText(err)}\n`);
          for (const p of pendingPods) io.err(`pod/${p.pod.metadata!.name}\n`);
        }
        if (pending.errors.length) io.err(`Following errors occurred while getting the list of pods to delete:\n${new Aggregate(pending.errors).message}`);
      }
    }
    if (!err) {
      io.out(`node/${nodeName} drained\n`);
      continue;
    }
    io.err(`error: unable to drain node ${JSON.stringify(nodeName)} due to error: ${errText(err)}, continuing command...\n`);
    fatal.push(err);
    remaining.push(nodeName);
  }
  if (remaining.length) {
    io.err(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
  }
  if (fatal.length === 0) return;
  // cmdutil.CheckErr: an aggregate of one is unwrapped; an aggregate prints one message a line, unprefixed.
  const only = fatal.length === 1 ? fatal[0]! : new Aggregate(fatal.map(errText));
  if (only instanceof Aggregate) {
    io.err(only.errors.map((m) => `${m}\n`).join(''));
    io.exitCode = 1;
  } else io.fail(only);
}

function errText(e: Error): string {
  return e.message;
}
