/**
 * The trace's view of a cluster: pods found through the API server (where they run, whether they
 * run), their namespaces and resolv.conf from the runtime that made them, nodes from the machines.
 */
import type { Cluster } from '../../cluster';
import type { Kubelet } from '../../node/kubelet';
import { parseImageRef } from '../../node/images';
import { worldOf } from '../../node/world';
import type { Pod } from '../../types';
import type { ResolverLibrary } from '../dns/resolver';
import type { TraceWorld } from './trace';
import { quietFabric } from './quiet';

/** Images built on Alpine resolve with musl; the rest (Debian, Ubuntu, busybox's default glibc build) with glibc. */
const MUSL_IMAGES = new Set(['docker.io/library/alpine', 'docker.io/curlimages/curl', 'docker.io/nicolaka/netshoot']);

export function resolverLibraryFor(image: string): ResolverLibrary {
  const ref = parseImageRef(image);
  return MUSL_IMAGES.has(ref.repo) || /alpine/.test(ref.tag ?? '') ? 'musl' : 'glibc';
}

/** `quiet`: the world of a trace that changes nothing (quiet.ts): a quiet fabric, a copy of the DNS id stream. */
export function clusterTraceWorld(c: Cluster, opts: { quiet?: boolean } = {}): TraceWorld {
  let dnsId = 0;
  const idStream = opts.quiet ? c.rng.fork('trace/dns-ids') : c.rng.stream('trace/dns-ids');
  return {
    fabric: opts.quiet ? quietFabric(c.fabric) : c.fabric,
    nowMs: c.clock.now(),
    node: (name) => c.machines.get(name),
    nextDnsId: () => (dnsId === 0 ? (dnsId = 1 + idStream.intn(65535)) : (dnsId = (dnsId % 65535) + 1)),
    pod: (namespace, name) => {
      let pod: Pod;
      try {
        pod = c.client().get<Pod>('pods', namespace, name);
      } catch {
        return `pods "${name}" not found in namespace "${namespace}"`;
      }
      const node = pod.spec?.nodeName;
      if (!node || pod.status?.phase !== 'Running') return `pod ${namespace}/${name} is not running (phase ${pod.status?.phase ?? 'Pending'})`;
      const k = worldOf<Kubelet>(c.clock).agent(node);
      const rec = k?.podRecords().find((r) => r.key === `${namespace}/${name}`);
      const machine = c.machines.get(node);
      if (!rec?.sandbox || !machine) return `pod ${namespace}/${name} has no sandbox on ${node}`;
      const image = pod.spec?.containers?.[0]?.image ?? '';
      return { machine, netns: rec.sandbox.netns ?? '', resolvConf: rec.sandbox.resolvConf ?? '', lib: resolverLibraryFor(image), hostNetwork: !!rec.sandbox.hostNetwork };
    },
  };
}
