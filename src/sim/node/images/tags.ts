/**
 * The tags each image the catalogue models has in its registry, so that a reference to a tag that
 * was never published fails to pull as it does against the real registry.
 *
 * Snapshot: the registries as of 2025-08-31. Docker Hub library images follow the tag layout of
 * their `library/<name>` files in docker-library/official-images (a full version, its minor and
 * major aliases, each with the image's variant suffixes, plus the named aliases such as `latest`,
 * `mainline`, `stable`); the version lists are the projects' published releases up to that date
 * (nginx.org, busybox.net, alpinelinux.org, redis, httpd, python.org, perl, postgresql.org, MySQL,
 * Node.js, Ubuntu, memcached, MongoDB, RabbitMQ), and the registry.k8s.io / quay.io / docker.io
 * project images list their release tags. Tags a registry keeps after a line went out of support
 * (nginx:1.19, busybox:1.28) stay: registries do not delete them.
 *
 * How the lists are generated: `line('1.27', 5)` is the versions 1.27.0 … 1.27.5; every full version
 * gives `<version><suffix>` for each variant suffix of its line; each minor line gives
 * `<minor><suffix>` and the newest line of a major gives `<major><suffix>`; `named` tags are listed
 * as they are. A line's variants can differ (nginx grew `-alpine-slim` with 1.23 and `-otel` with 1.25).
 */

/** One image's published tags, generated once on first use. */
export interface TagSpec {
  /** version lines, newest first: [minor, versions, variant suffixes ('' for the plain tag)] */
  lines?: readonly Line[];
  /** the named tags (`latest`, `alpine`, `mainline-perl`, `noble`, …) and any listed as is */
  named?: readonly string[];
  /** manifest digests the registry really serves for a tag (pinned references must match) */
  digests?: Readonly<Record<string, string>>;
}

interface Line {
  /** `1.27` (or `3.20`, `v1.31`, `17`): the alias every version of the line also answers to */
  minor: string;
  versions: readonly string[];
  variants: readonly string[];
  /** false when the line's minor alias is not a published tag (registry.k8s.io images have none) */
  minorTag?: boolean;
  /** the major alias (`1`, `3`) when this is the newest line of its major */
  major?: string;
}

/** `prefix.0` … `prefix.last` (or from `first`). */
function patches(prefix: string, last: number, first = 0): string[] {
  const out: string[] = [];
  for (let p = first; p <= last; p++) out.push(`${prefix}.${p}`);
  return out;
}

function ln(minor: string, versions: readonly string[], variants: readonly string[], major?: string, minorTag = true): Line {
  return { minor, versions, variants, major, minorTag };
}

const NGINX_OLD = ['', '-perl', '-alpine', '-alpine-perl'];
const NGINX_SLIM = [...NGINX_OLD, '-alpine-slim'];
const NGINX_NEW = [...NGINX_SLIM, '-otel', '-alpine-otel', '-bookworm', '-bookworm-perl', '-bookworm-otel'];

function nginxLine(minor: number, last: number, major?: string): Line {
  return ln(`1.${minor}`, patches(`1.${minor}`, last), minor >= 25 ? NGINX_NEW : minor >= 23 ? NGINX_SLIM : NGINX_OLD, major);
}

const BUSYBOX_VARIANTS = ['', '-glibc', '-musl', '-uclibc'];
const ALPINE_VARIANTS = [''];
const DEBIAN_ALPINE = ['', '-alpine', '-bookworm'];
const PYTHON_VARIANTS = ['', '-slim', '-alpine', '-bookworm', '-slim-bookworm', '-bullseye', '-slim-bullseye'];
const PERL_VARIANTS = ['', '-slim', '-threaded', '-slim-threaded', '-bookworm', '-slim-bookworm'];
const NODE_VARIANTS = ['', '-alpine', '-slim', '-bookworm', '-bookworm-slim', '-bullseye', '-bullseye-slim'];
const PLAIN = [''];

function withVariants(names: readonly string[], variants: readonly string[]): string[] {
  return names.flatMap((n) => variants.map((v) => (n === '' ? v.slice(1) : `${n}${v}`)).filter(Boolean));
}

/** Keyed by normalised repository, as `CATALOG` in images.ts. */
export const TAGS: Readonly<Record<string, TagSpec>> = {
  'docker.io/library/nginx': {
    lines: [
      nginxLine(29, 1, '1'), nginxLine(28, 0), nginxLine(27, 5), nginxLine(26, 3), nginxLine(25, 5), nginxLine(24, 0),
      nginxLine(23, 4), nginxLine(22, 1), nginxLine(21, 6), nginxLine(20, 2), nginxLine(19, 10), nginxLine(18, 0),
      nginxLine(17, 10), nginxLine(16, 1), nginxLine(15, 12), nginxLine(14, 2), nginxLine(13, 12), nginxLine(12, 2),
      nginxLine(11, 13), nginxLine(10, 3),
    ],
    named: [...withVariants(['', 'mainline', 'stable'], NGINX_NEW), 'latest'],
  },
  'docker.io/library/busybox': {
    lines: [
      ln('1.37', ['1.37.0'], BUSYBOX_VARIANTS, '1'), ln('1.36', ['1.36.0', '1.36.1'], BUSYBOX_VARIANTS),
      ln('1.35', ['1.35.0'], BUSYBOX_VARIANTS), ln('1.34', ['1.34.0', '1.34.1'], BUSYBOX_VARIANTS),
      ln('1.33', ['1.33.0', '1.33.1'], BUSYBOX_VARIANTS), ln('1.32', ['1.32.0', '1.32.1'], BUSYBOX_VARIANTS),
      ln('1.31', ['1.31.0', '1.31.1'], BUSYBOX_VARIANTS), ln('1.30', ['1.30.0', '1.30.1'], BUSYBOX_VARIANTS),
      ln('1.29', ['1.29.1', '1.29.2', '1.29.3'], BUSYBOX_VARIANTS), ln('1.28', patches('1.28', 4), BUSYBOX_VARIANTS),
      ln('1.27', ['1.27.2'], BUSYBOX_VARIANTS), ln('1.26', ['1.26.2'], BUSYBOX_VARIANTS),
    ],
    named: ['latest', 'stable', 'unstable', ...withVariants(['', 'stable', 'unstable'], BUSYBOX_VARIANTS)],
  },
  'docker.io/library/alpine': {
    lines: [
      ln('3.22', patches('3.22', 1), ALPINE_VARIANTS, '3'), ln('3.21', patches('3.21', 4), ALPINE_VARIANTS),
      ln('3.20', patches('3.20', 7), ALPINE_VARIANTS), ln('3.19', patches('3.19', 8), ALPINE_VARIANTS),
      ln('3.18', patches('3.18', 12), ALPINE_VARIANTS), ln('3.17', patches('3.17', 10), ALPINE_VARIANTS),
      ln('3.16', patches('3.16', 9), ALPINE_VARIANTS), ln('3.15', patches('3.15', 11), ALPINE_VARIANTS),
      ln('3.14', patches('3.14', 10), ALPINE_VARIANTS), ln('3.13', patches('3.13', 12), ALPINE_VARIANTS),
      ln('3.12', patches('3.12', 12), ALPINE_VARIANTS), ln('3.11', patches('3.11', 13), ALPINE_VARIANTS),
      ln('3.10', patches('3.10', 9), ALPINE_VARIANTS),
    ],
    named: ['latest', 'edge'],
  },
  'docker.io/library/httpd': {
    lines: [
      ln('2.4', ['2.4.10', '2.4.12', '2.4.16', '2.4.17', '2.4.18', '2.4.20', '2.4.23', '2.4.25', '2.4.27', '2.4.28', '2.4.29', '2.4.33', '2.4.34',
        '2.4.35', '2.4.37', '2.4.38', '2.4.39', '2.4.41', '2.4.43', '2.4.46', '2.4.48', ...patches('2.4', 65, 49)], DEBIAN_ALPINE, '2'),
    ],
    named: ['latest', 'alpine', 'bookworm'],
  },
  'docker.io/library/redis': {
    lines: [
      ln('8.0', patches('8.0', 3), DEBIAN_ALPINE, '8'), ln('7.4', patches('7.4', 5), DEBIAN_ALPINE, '7'),
      ln('7.2', patches('7.2', 10), DEBIAN_ALPINE), ln('7.0', patches('7.0', 15), DEBIAN_ALPINE),
      ln('6.2', patches('6.2', 19), DEBIAN_ALPINE, '6'), ln('6.0', patches('6.0', 20), DEBIAN_ALPINE),
      ln('5.0', patches('5.0', 14), DEBIAN_ALPINE, '5'),
    ],
    named: ['latest', 'alpine', 'bookworm'],
  },
  'docker.io/library/python': {
    lines: [
      ln('3.13', patches('3.13', 7), PYTHON_VARIANTS, '3'), ln('3.12', patches('3.12', 11), PYTHON_VARIANTS),
      ln('3.11', patches('3.11', 13), PYTHON_VARIANTS), ln('3.10', patches('3.10', 18), PYTHON_VARIANTS),
      ln('3.9', patches('3.9', 23), PYTHON_VARIANTS), ln('3.8', patches('3.8', 20), PYTHON_VARIANTS),
    ],
    named: ['latest', 'slim', 'alpine', 'bookworm', 'slim-bookworm', 'bullseye', 'slim-bullseye'],
  },
  'docker.io/library/perl': {
    lines: [
      ln('5.42', ['5.42.0'], PERL_VARIANTS, '5'), ln('5.40', patches('5.40', 3), PERL_VARIANTS),
      ln('5.38', patches('5.38', 4), PERL_VARIANTS), ln('5.36', patches('5.36', 3), PERL_VARIANTS),
      ln('5.34', patches('5.34', 3), PERL_VARIANTS), ln('5.32', patches('5.32', 1), PERL_VARIANTS),
    ],
    named: ['latest', 'slim', 'threaded', 'slim-threaded', 'bookworm', 'slim-bookworm'],
  },
  'docker.io/library/postgres': {
    // PostgreSQL versions are MAJOR.MINOR since 10: the line is the major, and it is also the major alias.
    lines: [
      ln('17', patches('17', 6), DEBIAN_ALPINE), ln('16', patches('16', 10), DEBIAN_ALPINE), ln('15', patches('15', 14), DEBIAN_ALPINE),
      ln('14', patches('14', 19), DEBIAN_ALPINE), ln('13', patches('13', 22), DEBIAN_ALPINE), ln('12', patches('12', 22), DEBIAN_ALPINE),
    ],
    named: ['latest', 'alpine', 'bookworm'],
  },
  'docker.io/library/mysql': {
    lines: [
      ln('9.4', ['9.4.0'], ['', '-oracle'], '9'), ln('9.3', ['9.3.0'], ['', '-oracle']), ln('9.2', ['9.2.0'], ['', '-oracle']),
      ln('9.1', ['9.1.0'], ['', '-oracle']), ln('9.0', ['9.0.0', '9.0.1'], ['', '-oracle']),
      ln('8.4', patches('8.4', 6), ['', '-oracle'], '8'), ln('8.0', patches('8.0', 43, 11), ['', '-oracle', '-debian']),
      ln('5.7', patches('5.7', 44), ['', '-oracle', '-debian'], '5'),
    ],
    named: ['latest', 'oracle', 'lts', 'lts-oracle', 'innovation', 'innovation-oracle'],
  },
  'docker.io/library/ubuntu': {
    named: ['latest', 'rolling', 'devel', '25.04', '24.04', '22.04', '20.04', '18.04', '16.04', 'plucky', 'noble', 'jammy', 'focal', 'bionic', 'xenial'],
  },
  'docker.io/library/node': {
    lines: [
      ln('24', ['24.0.0', '24.0.1', '24.0.2', '24.1.0', '24.2.0', '24.3.0', '24.4.0', '24.4.1', '24.5.0', '24.6.0', '24.7.0'], NODE_VARIANTS),
      ln('22', ['22.0.0', '22.1.0', '22.2.0', '22.3.0', '22.4.0', '22.4.1', '22.5.0', '22.5.1', '22.6.0', '22.7.0', '22.8.0', '22.9.0', '22.10.0', '22.11.0', '22.12.0', '22.13.0', '22.13.1', '22.14.0', '22.15.0', '22.15.1', '22.16.0', '22.17.0', '22.17.1', '22.18.0'], NODE_VARIANTS),
      ln('20', ['20.10.0', '20.11.0', '20.11.1', '20.12.0', '20.12.1', '20.12.2', '20.13.0', '20.13.1', '20.14.0', '20.15.0', '20.15.1', '20.16.0', '20.17.0', '20.18.0', '20.18.1', '20.18.2', '20.18.3', '20.19.0', '20.19.1', '20.19.2', '20.19.3', '20.19.4'], NODE_VARIANTS),
      ln('18', ['18.19.0', '18.19.1', '18.20.0', '18.20.1', '18.20.2', '18.20.3', '18.20.4', '18.20.5', '18.20.6', '18.20.7', '18.20.8'], NODE_VARIANTS),
    ],
    named: ['latest', 'current', 'lts', 'alpine', 'slim', 'bookworm', 'krypton', 'jod', 'iron', 'hydrogen', ...withVariants(['current', 'lts'], NODE_VARIANTS)],
  },
  'docker.io/library/memcached': {
    lines: [ln('1.6', patches('1.6', 39), ['', '-alpine', '-bookworm'], '1')],
    named: ['latest', 'alpine', 'bookworm'],
  },
  'docker.io/library/mongo': {
    lines: [ln('8.0', patches('8.0', 13), PLAIN, '8'), ln('7.0', patches('7.0', 23), PLAIN, '7'), ln('6.0', patches('6.0', 25), PLAIN, '6')],
    named: ['latest'],
  },
  'docker.io/library/rabbitmq': {
    lines: [ln('4.1', patches('4.1', 3), ['', '-management', '-alpine', '-management-alpine'], '4'), ln('4.0', patches('4.0', 9), ['', '-management', '-alpine', '-management-alpine']),
      ln('3.13', patches('3.13', 7), ['', '-management', '-alpine', '-management-alpine'], '3')],
    named: ['latest', 'management', 'alpine', 'management-alpine'],
  },
  'registry.k8s.io/pause': { named: ['3.0', '3.1', '3.2', '3.3', '3.4.1', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', 'latest'] },
  'registry.k8s.io/kube-apiserver': { named: kubeVersions() },
  'registry.k8s.io/kube-controller-manager': { named: kubeVersions() },
  'registry.k8s.io/kube-scheduler': { named: kubeVersions() },
  'registry.k8s.io/kube-proxy': { named: kubeVersions() },
  'registry.k8s.io/kubectl': { named: kubeVersions() },
  'registry.k8s.io/etcd': { named: [...patches('3.5', 21).map((v) => `${v}-0`), ...patches('3.4', 13).map((v) => `${v}-0`)] },
  'registry.k8s.io/coredns/coredns': { named: ['v1.8.0', 'v1.8.4', 'v1.8.6', 'v1.9.3', 'v1.9.4', 'v1.10.0', 'v1.10.1', 'v1.11.0', 'v1.11.1', 'v1.11.3', 'v1.11.4', 'v1.12.0', 'v1.12.1'] },
  'registry.k8s.io/metrics-server/metrics-server': { named: ['v0.6.0', 'v0.6.1', 'v0.6.2', 'v0.6.3', 'v0.6.4', 'v0.7.0', 'v0.7.1', 'v0.7.2', 'v0.8.0'] },
  'registry.k8s.io/e2e-test-images/agnhost': { named: patches('2', 56, 20) },
  'registry.k8s.io/hpa-example': { named: ['latest'] },
  'docker.io/flannel/flannel': { named: ['v0.24.0', 'v0.24.1', 'v0.24.2', 'v0.24.3', 'v0.24.4', 'v0.25.0', 'v0.25.1', 'v0.25.2', 'v0.25.3', 'v0.25.4', 'v0.25.5', 'v0.25.6', 'v0.25.7', 'v0.26.0', 'v0.26.1', 'v0.26.2', 'v0.26.3', 'v0.26.4', 'v0.26.5', 'v0.26.6', 'v0.26.7', 'v0.27.0', 'v0.27.1', 'v0.27.2'] },
  'docker.io/flannel/flannel-cni-plugin': { named: ['v1.4.0-flannel1', 'v1.4.1-flannel1', 'v1.5.0-flannel1', 'v1.5.1-flannel1', 'v1.5.1-flannel2', 'v1.6.0-flannel1', 'v1.6.2-flannel1', 'v1.7.1-flannel1'] },
  'docker.io/calico/cni': { named: calicoVersions() },
  'docker.io/calico/node': { named: calicoVersions() },
  'docker.io/calico/kube-controllers': { named: calicoVersions() },
  'quay.io/metallb/controller': { named: [...patches('v0.13', 12), ...patches('v0.14', 9), 'v0.15.0', 'v0.15.2', 'main'] },
  'quay.io/metallb/speaker': { named: [...patches('v0.13', 12), ...patches('v0.14', 9), 'v0.15.0', 'v0.15.2', 'main'] },
  'registry.k8s.io/ingress-nginx/controller': {
    named: [...patches('v1.10', 6), ...patches('v1.11', 8), ...patches('v1.12', 4), ...patches('v1.13', 1)],
    digests: { 'v1.11.3': 'sha256:d56f135b6462cfc476447cfe564b83a45e8bb7da2774963b00d12161112270b7' },
  },
  'registry.k8s.io/ingress-nginx/kube-webhook-certgen': {
    named: ['v1.4.0', 'v1.4.1', 'v1.4.3', 'v1.4.4', 'v1.5.0', 'v1.5.1', 'v1.5.2', 'v1.5.3', 'v1.5.4', 'v1.6.0', 'v1.6.1'],
    digests: { 'v1.4.4': 'sha256:a9f03b34a3cbfbb26d103a14046ab2c5130a80c3d69d526ff8063d2b37b9fd3f' },
  },
  // Bitnami publishes each kubectl patch release of the lines it supports, plus `latest`.
  'docker.io/bitnami/kubectl': {
    lines: [ln('1.33', patches('1.33', 4), ['']), ln('1.32', patches('1.32', 8), ['']), ln('1.31', patches('1.31', 12), ['']), ln('1.30', patches('1.30', 14), ['']), ln('1.29', patches('1.29', 15), ['']), ln('1.28', patches('1.28', 15), [''])],
    named: ['latest'],
  },
  'gcr.io/google-samples/hello-app': { named: ['1.0', '2.0'] },
  'docker.io/hashicorp/http-echo': { named: ['latest', '0.2.3', '1.0', '1.0.0', 'alpine'] },
};

/** Kubernetes patch releases on registry.k8s.io (v1.28 … v1.33), as the release pages list them. */
function kubeVersions(): string[] {
  return [...patches('v1.33', 4), ...patches('v1.32', 8), ...patches('v1.31', 12), ...patches('v1.30', 14), ...patches('v1.29', 15), ...patches('v1.28', 15)];
}

function calicoVersions(): string[] {
  return [...patches('v3.30', 2), ...patches('v3.29', 5), ...patches('v3.28', 5), ...patches('v3.27', 5), ...patches('v3.26', 5)];
}

const expanded = new Map<string, ReadonlySet<string>>();

/** The repository's published tags, or undefined when the catalogue does not model the repository. */
export function publishedTags(repo: string): ReadonlySet<string> | undefined {
  const spec = TAGS[repo];
  if (!spec) return undefined;
  let tags = expanded.get(repo);
  if (!tags) {
    const out = new Set<string>(spec.named ?? []);
    for (const l of spec.lines ?? []) {
      for (const suffix of l.variants) {
        for (const v of l.versions) out.add(v + suffix);
        if (l.minorTag !== false) out.add(l.minor + suffix);
        if (l.major) out.add(l.major + suffix);
      }
    }
    tags = out;
    expanded.set(repo, tags);
  }
  return tags;
}
