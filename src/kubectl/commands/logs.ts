/**
 * `kubectl logs (POD | TYPE/NAME) [-c CONTAINER] [-p] [--tail N] [--timestamps] [--since D]
 * [--all-containers] [-l SELECTOR] [--prefix]`, read through the API server's pods/log (which
 * proxies to the kubelet's containerLogs), with kubectl 1.31's texts.
 */
import type { Pod } from '../../sim/types';
import { KubectlError, usageError } from '../errors';
import { flagBool, flagInt, flagString, type ParsedFlags } from '../flags';
import type { CommandIO, KubectlContext } from './context';
import type { Scope } from './fetch';

export { LOGS_FLAGS } from './readingFlags';


const WORKLOAD_KINDS: Record<string, string> = {
  deployment: 'deployments', deployments: 'deployments', deploy: 'deployments',
  replicaset: 'replicasets', replicasets: 'replicasets', rs: 'replicasets',
  statefulset: 'statefulsets', statefulsets: 'statefulsets', sts: 'statefulsets',
  daemonset: 'daemonsets', daemonsets: 'daemonsets', ds: 'daemonsets',
  job: 'jobs', jobs: 'jobs',
  replicationcontroller: 'replicationcontrollers', rc: 'replicationcontrollers',
  service: 'services', services: 'services', svc: 'services',
};

function selectorString(sel: { matchLabels?: Record<string, string> } | Record<string, string> | undefined): string {
  if (!sel) return '';
  const labels = 'matchLabels' in sel && typeof sel.matchLabels === 'object' ? (sel.matchLabels as Record<string, string>) : (sel as Record<string, string>);
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

/** Resolves POD or TYPE/NAME to pods, as kubectl's polymorphic helpers do. */
export function resolvePods(io: CommandIO, target: string, ns: string, verb: 'logs' | 'exec'): Pod[] {
  const client = io.ctx.client;
  const slash = target.indexOf('/');
  if (slash < 0 || /^pods?$|^po$/.test(target.slice(0, slash))) {
    const name = slash < 0 ? target : target.slice(slash + 1);
    return [client.get<Pod>('pods', ns, name)];
  }
  const kind = target.slice(0, slash).toLowerCase().split('.')[0]!;
  const plural = WORKLOAD_KINDS[kind];
  if (!plural) throw new KubectlError(`error: cannot ${verb === 'logs' ? 'get the logs from' : 'attach to'} ${target.slice(0, slash)}`);
  const obj = client.get<{ spec?: { selector?: Record<string, unknown> } } & Record<string, unknown>>(plural, ns, target.slice(slash + 1));
  const sel = selectorString(obj.spec?.selector as Record<string, string> | undefined);
  const pods = client.list<Pod>('pods', ns, sel ? { labelSelector: sel } : {}).items;
  if (pods.length === 0) throw new KubectlError(`error: timed out waiting for the condition`);
  // kubectl prefers running, ready, older pods; the first by that order is used.
  const rank = (p: Pod) => (p.status?.phase === 'Running' ? 0 : p.status?.phase === 'Pending' ? 1 : 2);
  const sorted = [...pods].sort((a, b) => rank(a) - rank(b) || (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  if (sorted.length > 1) io.err(`Found ${sorted.length} pods, using pod/${sorted[0]!.metadata?.name}\n`);
  return [sorted[0]!];
}

/** The container kubectl picks when -c is not given; prints `Defaulted container …` when there was a choice. */
export function defaultContainer(io: CommandIO, pod: Pod): string {
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const containers = pod.spec?.containers ?? [];
  if (annotated && containers.some((c) => c.name === annotated)) return annotated;
  const first = containers[0]?.name ?? '';
  const all = [...containers.map((c) => c.name), ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`), ...((pod.spec?.ephemeralContainers ?? []) as { name: string }[]).map((c) => `${c.name} (ephem)`)];
  if (all.length > 1) io.err(`Defaulted container "${first}" out of: ${all.join(', ')}\n`);
  return first;
}

export function parseGoDurationSeconds(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
  let total = 0;
  let used = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    used += m[0].length;
    total += Number(m[1]) * { h: 3600, m: 60, s: 1, ms: 0.001 }[m[2] as 'h'];
  }
  return used === s.length && used > 0 ? total : undefined;
}

export function runLogs(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const ns = scope.namespace;
  const selector = flagString(f, 'selector');
  if (f.args.length === 0 && !selector) {
    throw usageError('kubectl logs', "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
  }
  if (f.args.length > 2 || (selector && f.args.length > 0)) throw usageError('kubectl logs', selector ? 'only a selector (-l) or a POD name is allowed' : "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
  const client = io.ctx.client;
  if (!client.podLog) throw new KubectlError('error: the server could not find the requested resource ( pods/log )');
  const tail = flagInt(f, 'tail', -1);
  const since = flagString(f, 'since');
  let sinceSeconds: number | undefined;
  if (since) {
    sinceSeconds = parseGoDurationSeconds(since);
    if (sinceSeconds === undefined) throw usageError('kubectl logs', `invalid argument "${since}" for "--since" flag: time: invalid duration "${since}"`);
  }
  const pods: Pod[] = selector
    ? io.ctx.client.list<Pod>('pods', scope.allNamespaces ? undefined : ns, { labelSelector: selector }).items
    : resolvePods(io, f.args[0]!, ns, 'logs');
  if (selector && pods.length === 0) {
    io.err(`No resources found in ${ns} namespace.\n`);
    return;
  }
  const explicit = flagString(f, 'container') || (f.args[1] ?? '');
  const allContainers = flagBool(f, 'all-containers');
  const prefix = flagBool(f, 'prefix');
  // With -l, kubectl shows the last 10 lines of each pod unless --tail says otherwise.
  const effTail = selector && !f.changed.has('tail') ? 10 : tail;
  for (const pod of pods) {
    const containers = allContainers
      ? [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name)
      : [explicit || defaultContainer(io, pod)];
    for (const c of containers) {
      const text = client.podLog(pod.metadata?.namespace ?? ns, pod.metadata?.name ?? '', {
        container: c,
        previous: flagBool(f, 'previous'),
        // -f asks the server for a stream (`follow=true`); the later reads continue that request.
        follow: flagBool(f, 'follow'),
        tail: effTail >= 0 ? effTail : undefined,
        timestamps: flagBool(f, 'timestamps'),
        sinceSeconds,
        limitBytes: flagInt(f, 'limit-bytes', 0) > 0 ? flagInt(f, 'limit-bytes', 0) : undefined,
      });
      if (prefix) io.out(text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== '').map((l) => `[pod/${pod.metadata?.name}/${c}] ${l}\n`).join(''));
      else io.out(text);
    }
  }
}
