/**
 * Container images as containerd on a node sees them: reference normalisation, a catalog of sizes,
 * deterministic digests, the pull-time model, and the per-node image store with the kubelet's serial
 * pull queue (serializeImagePulls defaults to true, so one pull runs at a time and later ones wait).
 * Which tags exist is images/tags.ts's; what the registry answers to a pull, images/registry.ts's.
 */
import type { Clock } from '../clock';
import { fnv1a32, Stream } from '../rng';
import { hex64, manifestDigest, tagOfDigest } from './images/digest';

/** A parsed and normalised image reference. */
export interface ImageRef {
  /** what the pod spec said, e.g. `nginx` */
  original: string;
  /** registry host, e.g. `docker.io`, `registry.k8s.io` */
  domain: string;
  /** repository path without the domain, e.g. `library/nginx` */
  path: string;
  /** `docker.io/library/nginx` */
  repo: string;
  /** `latest` when neither tag nor digest is given */
  tag?: string;
  /** `sha256:<hex>` when the reference pins a digest */
  digest?: string;
  /** the name containerd reports for the container's image: `docker.io/library/nginx:latest` */
  normalized: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const OFFICIAL_PREFIX = 'library/';

/** Parses an image reference the way the docker reference library (used by containerd's CRI) does. */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_PREFIX + path;
  if (!tag && !digest) tag = 'latest';
  const repo = `${domain}/${path}`;
  const normalized = digest ? `${repo}@${digest}` : `${repo}:${tag}`;
  return { original: image, domain, path, repo, tag, digest, normalized };
}

/** How a container's main process reacts to the stop signal the runtime sends. */
export type StopBehaviour =
  /** exits by itself soon after SIGTERM (or the image's STOPSIGNAL), with exit code 0 */
  | { kind: 'graceful'; minMs: number; maxMs: number }
  /** PID 1 without a handler ignores SIGTERM: the runtime sends SIGKILL when the grace period ends (137) */
  | { kind: 'ignoresTerm' };

interface CatalogEntry {
  /** compressed size in bytes, as containerd reports it to the kubelet, per tag; `*` for other tags */
  sizes: Record<string, number>;
  stop: StopBehaviour;
}

const GRACEFUL_FAST: StopBehaviour = { kind: 'graceful', minMs: 60, maxMs: 400 };
const IGNORES_TERM: StopBehaviour = { kind: 'ignoresTerm' };

/**
 * Known images, keyed by normalised repository. Sizes are the compressed linux/amd64 sizes a
 * containerd node reports (what the kubelet prints in "Image size: N bytes.").
 */
const CATALOG: Record<string, CatalogEntry> = {
  'docker.io/library/nginx': { sizes: { latest: 72188133, '1.27': 72099501, '1.27.1': 72099501, '1.26': 71011489, '1.25': 70544635, alpine: 20506631, '*': 71800000 }, stop: { kind: 'graceful', minMs: 40, maxMs: 300 } },
  'docker.io/library/httpd': { sizes: { latest: 58346223, '2.4': 58346223, alpine: 21878413, '*': 58000000 }, stop: GRACEFUL_FAST },
  'docker.io/library/redis': { sizes: { latest: 45006740, '7': 45006740, '7.4': 45006740, alpine: 17266834, '*': 45000000 }, stop: GRACEFUL_FAST },
  'docker.io/library/busybox': { sizes: { latest: 2166802, '1.36': 2166802, '1.28': 727869, '*': 2160000 }, stop: IGNORES_TERM },
  'docker.io/library/alpine': { sizes: { latest: 3623807, '3.20': 3623807, '3.19': 3419706, '*': 3600000 }, stop: IGNORES_TERM },
  'docker.io/library/perl': { sizes: { latest: 334533150, '5.34.0': 333261530, '5.34': 333261530, '*': 334000000 }, stop: IGNORES_TERM },
  'docker.io/library/python': { sizes: { latest: 376140082, '3': 376140082, '3.12': 376140082, '3.12-slim': 45154032, '*': 376000000 }, stop: IGNORES_TERM },
  'docker.io/library/postgres': { sizes: { latest: 158296468, '16': 158296468, '15': 154918339, '*': 157000000 }, stop: { kind: 'graceful', minMs: 150, maxMs: 700 } },
  'docker.io/library/mysql': { sizes: { latest: 173856842, '8.0': 170133547, '8': 173856842, '*': 172000000 }, stop: { kind: 'graceful', minMs: 900, maxMs: 2800 } },
  'docker.io/library/ubuntu': { sizes: { latest: 29754422, '22.04': 29538961, '24.04': 29754422, '*': 29700000 }, stop: IGNORES_TERM },
  'docker.io/library/node': { sizes: { latest: 398462341, '20': 393452166, '*': 395000000 }, stop: IGNORES_TERM },
  'docker.io/library/memcached': { sizes: { latest: 31226451, '*': 31200000 }, stop: GRACEFUL_FAST },
  'docker.io/library/mongo': { sizes: { latest: 266510347, '*': 265000000 }, stop: { kind: 'graceful', minMs: 400, maxMs: 1500 } },
  'docker.io/library/rabbitmq': { sizes: { latest: 93812755, '*': 93000000 }, stop: { kind: 'graceful', minMs: 1500, maxMs: 4000 } },
  'registry.k8s.io/kubectl': { sizes: { 'v1.31.0': 15386432, '*': 15400000 }, stop: IGNORES_TERM },
  'docker.io/bitnami/kubectl': { sizes: { latest: 39815476, '1.31': 39602315, '*': 39600000 }, stop: IGNORES_TERM },
  'registry.k8s.io/pause': { sizes: { '3.10': 320368, '3.9': 321520, '*': 320000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/kube-apiserver': { sizes: { 'v1.31.0': 28063421, '*': 28000000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/kube-controller-manager': { sizes: { 'v1.31.0': 26240868, '*': 26200000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/kube-scheduler': { sizes: { 'v1.31.0': 20196722, '*': 20100000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/kube-proxy': { sizes: { 'v1.31.0': 30207900, '*': 30200000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/etcd': { sizes: { '3.5.15-0': 56909194, '*': 56900000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/coredns/coredns': { sizes: { 'v1.11.3': 18562039, 'v1.11.1': 18182961, '*': 18500000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/metrics-server/metrics-server': { sizes: { 'v0.7.2': 19494617, '*': 19400000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/e2e-test-images/agnhost': { sizes: { '2.52': 53987102, '*': 53900000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/hpa-example': { sizes: { latest: 181209233, '*': 181209233 }, stop: GRACEFUL_FAST },
  'docker.io/flannel/flannel': { sizes: { 'v0.25.6': 31399545, '*': 31300000 }, stop: GRACEFUL_FAST },
  'docker.io/flannel/flannel-cni-plugin': { sizes: { 'v1.5.1-flannel2': 4707328, '*': 4700000 }, stop: GRACEFUL_FAST },
  // Calico's images, as canal runs them (sizes rounded: the registry's compressed sizes of v3.28).
  'docker.io/calico/cni': { sizes: { '*': 94500000 }, stop: GRACEFUL_FAST },
  'docker.io/calico/node': { sizes: { '*': 141600000 }, stop: GRACEFUL_FAST },
  'docker.io/calico/kube-controllers': { sizes: { '*': 35300000 }, stop: GRACEFUL_FAST },
  'quay.io/metallb/controller': { sizes: { '*': 28600000 }, stop: GRACEFUL_FAST },
  'quay.io/metallb/speaker': { sizes: { '*': 47500000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/ingress-nginx/controller': { sizes: { '*': 105400000 }, stop: GRACEFUL_FAST },
  'registry.k8s.io/ingress-nginx/kube-webhook-certgen': { sizes: { '*': 22100000 }, stop: GRACEFUL_FAST },
};

/** Everything the node knows about one image. */
export interface ImageInfo {
  ref: ImageRef;
  /** `sha256:<64 hex>`, the manifest (repo) digest */
  digest: string;
  /** `sha256:<64 hex>`, the image config digest (containerd's image ID) */
  id: string;
  sizeBytes: number;
  stop: StopBehaviour;
  /** true when the catalog knew the repository */
  known: boolean;
}

/** What containerd reports as a container's imageID, e.g. `docker.io/library/nginx@sha256:…`. */
export function repoDigestOf(info: ImageInfo): string {
  return `${info.ref.repo}@${info.digest}`;
}


/**
 * Facts about an image, a pure function of its reference: the same image has the same digest and
 * size on every node and in every cluster. Unknown images get a plausible size from a stream seeded
 * by the reference.
 */
const infoCache = new Map<string, ImageInfo>();

export function imageInfo(image: string | ImageRef): ImageInfo {
  const key = typeof image === 'string' ? image : image.original;
  let info = infoCache.get(key);
  if (!info) {
    info = computeImageInfo(typeof image === 'string' ? parseImageRef(image) : image);
    if (infoCache.size > 10_000) infoCache.clear();
    infoCache.set(key, info);
  }
  return info;
}

function computeImageInfo(ref: ImageRef): ImageInfo {
  const entry = CATALOG[ref.repo];
  const tagKey = ref.tag ?? (ref.digest ? (tagOfDigest(ref.repo, ref.digest) ?? ref.digest) : 'latest');
  let sizeBytes: number;
  let stop: StopBehaviour;
  if (entry) {
    const exact = entry.sizes[tagKey];
    if (exact !== undefined) sizeBytes = exact;
    else {
      // Other tags of a known image: within a few percent of its usual size.
      const base = entry.sizes['*'] ?? Object.values(entry.sizes)[0]!;
      const s = new Stream(fnv1a32(ref.normalized), 'image-size');
      sizeBytes = Math.round(base * (0.95 + s.intn(1000) / 10_000));
    }
    stop = entry.stop;
  } else {
    // An unknown image: most application images weigh 10 MB to 300 MB compressed.
    const s = new Stream(fnv1a32(ref.repo), 'image-size');
    const mb = s.pick([12, 18, 25, 34, 48, 62, 80, 105, 140, 190, 260]);
    sizeBytes = mb * 1_000_000 + s.intn(1_000_000);
    stop = GRACEFUL_FAST;
  }
  const digest = ref.digest && /^sha256:[0-9a-f]{64}$/.test(ref.digest) ? ref.digest : manifestDigest(ref.repo, tagKey);
  const id = `sha256:${hex64(`config|${ref.repo}|${tagKey}`)}`;
  return { ref, digest, id, sizeBytes, stop, known: !!entry };
}

/** Milliseconds a pull takes: registry round trips plus transfer at the node's bandwidth. */
export function pullDurationMs(stream: Stream, sizeBytes: number): number {
  const latencyMs = 350 + stream.intn(900);
  // 20–60 MB/s, i.e. 20_000–60_000 bytes per millisecond.
  const bytesPerMs = 20_000 + stream.intn(40_001);
  return latencyMs + Math.round(sizeBytes / bytesPerMs);
}

/** A pull of something the store already holds: the runtime only resolves the manifest. */
export function cachedPullDurationMs(stream: Stream): number {
  return 180 + stream.intn(500);
}

/** Go's time.Duration String() for a whole number of milliseconds (the kubelet truncates to ms). */
export function formatGoDuration(ms: number): string {
  ms = Math.max(0, Math.floor(ms));
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sMs = ms % 60_000;
  const whole = Math.floor(sMs / 1000);
  const frac = sMs % 1000;
  let sec = String(whole);
  if (frac) sec += '.' + String(frac).padStart(3, '0').replace(/0+$/, '');
  sec += 's';
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}

/** One image present on a node (an entry of `node.status.images`). */
export interface StoredImage {
  info: ImageInfo;
  /** every tag pulled for this image ID, normalised */
  tags: string[];
  pulledAtMs: number;
}

export interface PullResult {
  info: ImageInfo;
  /** the pull itself */
  pullMs: number;
  /** from the request to the end, including the wait behind other pulls */
  totalMs: number;
}

interface PullJob {
  image: string;
  requestedAt: number;
  done: (r: PullResult) => void;
}

/**
 * The images one node holds and its pull queue. Pulls run one at a time in request order, as the
 * kubelet's serial image puller does.
 */
export class ImageStore {
  private readonly images = new Map<string, StoredImage>();
  private readonly queue: PullJob[] = [];
  private busy = false;
  /** Called whenever the set of images changes (the kubelet reports them in node status). */
  onChange: (() => void) | undefined;
  /** Counts changes to the set of images, so node status can tell in one compare whether they moved. */
  version = 0;

  constructor(private readonly clock: Clock, private readonly stream: Stream, preloaded: readonly string[] = []) {
    for (const p of preloaded) this.add(imageInfo(p), 0);
  }

  /** True when the exact reference (tag or digest) is present. */
  has(image: string): boolean {
    const ref = parseImageRef(image);
    return this.findByRef(ref) !== undefined;
  }

  get(image: string): StoredImage | undefined {
    return this.findByRef(parseImageRef(image));
  }

  /** Queues a pull; `done` runs on the clock when it finishes. */
  pull(image: string, done: (r: PullResult) => void): void {
    this.queue.push({ image, requestedAt: this.clock.now(), done });
    this.next();
  }

  pending(): number {
    return this.queue.length + (this.busy ? 1 : 0);
  }

  /** Images sorted by size, largest first, as the kubelet lists them in node status. */
  list(): StoredImage[] {
    return [...this.images.values()].sort((a, b) => b.info.sizeBytes - a.info.sizeBytes || (a.info.ref.repo < b.info.ref.repo ? -1 : 1));
  }

  /** Drops an image (image GC, `crictl rmi`). */
  remove(image: string): boolean {
    const s = this.findByRef(parseImageRef(image));
    if (!s) return false;
    this.images.delete(s.info.id);
    this.changed();
    return true;
  }

  private next(): void {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    const info = imageInfo(job.image);
    const present = this.has(job.image);
    const pullMs = present ? cachedPullDurationMs(this.stream) : pullDurationMs(this.stream, info.sizeBytes);
    this.clock.after(pullMs, `image pull ${info.ref.normalized}`, () => {
      this.busy = false;
      this.add(info, this.clock.now());
      job.done({ info, pullMs, totalMs: this.clock.now() - job.requestedAt });
      this.next();
    });
  }

  private add(info: ImageInfo, at: number): void {
    const existing = this.images.get(info.id);
    const tag = info.ref.digest ? undefined : info.ref.normalized;
    if (existing) {
      if (tag && !existing.tags.includes(tag)) {
        existing.tags.push(tag);
        this.changed();
      }
      return;
    }
    this.images.set(info.id, { info, tags: tag ? [tag] : [], pulledAtMs: at });
    this.changed();
  }

  private changed(): void {
    this.version++;
    this.onChange?.();
  }

  private findByRef(ref: ImageRef): StoredImage | undefined {
    for (const s of this.images.values()) {
      if (ref.digest) {
        if (s.info.ref.repo === ref.repo && s.info.digest === ref.digest) return s;
      } else if (s.tags.includes(ref.normalized)) return s;
    }
    return undefined;
  }
}
