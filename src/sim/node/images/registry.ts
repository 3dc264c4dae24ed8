/**
 * What the registries answer when containerd resolves a reference: whether the manifest exists, and
 * whether the node may read it. The words are containerd 1.7's CRI plugin's, as the kubelet 1.31
 * passes them on: an error the runtime classifies (a missing manifest is errdefs.ErrNotFound, sent
 * as gRPC NotFound) keeps its `rpc error: code = NotFound desc = ` prefix; an unclassified one (gRPC
 * Unknown, such as a refused token) has that prefix stripped by the kubelet's CRI client.
 *
 * The rules:
 * - A repository the catalogue models (tags.ts): a tag it never published is `not found`; a digest
 *   is found only when it is the manifest digest of one of its tags.
 * - Docker Hub's official namespace (`nginx` = `docker.io/library/nginx`) is a closed, published set
 *   of names: a name outside it (`ngnix`, `myapp`) is a repository that does not exist, which Docker
 *   Hub answers, to an anonymous client, as it answers a private one: `pull access denied … insufficient_scope`.
 *   Deprecated names whose `latest` was deleted (`jenkins`, `java`, `centos` …) still exist: their
 *   `latest` is `not found`, their other tags pull.
 * - Private images: any host under `example.com` (the name documentation reserves for "your
 *   company's registry", e.g. `registry.example.com/team/api:1.0`) and any repository whose path
 *   has a segment starting with `private` (`ghcr.io/acme/private-api`, `acme/private`). Without a
 *   `kubernetes.io/dockerconfigjson` (or `.dockercfg`) pull Secret naming the registry's host, the
 *   token server refuses the anonymous pull with the same `insufficient_scope` answer.
 * - Any other repository (a user's namespace on Docker Hub, another registry) pulls with any tag:
 *   it stands for an image the learner built and pushed, which the simulation cannot know about.
 */
import type { ImageRef } from '../images';
import { tagOfDigest } from './digest';
import { publishedTags } from './tags';

/**
 * Docker Hub's official images (docker-library/official-images `library/`), including deprecated
 * ones whose repositories are still served.
 */
const OFFICIAL = new Set(
  ('adminer aerospike almalinux alpine alt amazoncorretto amazonlinux arangodb archlinux backdrop bash bonita buildpack-deps busybox ' +
    'caddy cassandra chronograf cirros clearlinux clefos clickhouse clojure composer consul convertigo couchbase couchdb crate ' +
    'dart debian docker drupal eclipse-mosquitto eclipse-temurin eggdrop elasticsearch elixir emqx erlang fedora flink fluentd friendica ' +
    'gazebo gcc geonetwork ghost golang gradle groovy haproxy haskell haxe hello-world hitch httpd hylang ibm-semeru-runtimes ibmjava ' +
    'influxdb irssi jetty joomla jruby julia kapacitor kibana kong krakend lightstreamer liquibase logstash mageia mariadb matomo maven ' +
    'mediawiki memcached mongo mongo-express monica mono mysql nats neo4j neurodebian nextcloud nginx node notary odoo open-liberty ' +
    'openjdk oraclelinux orientdb percona perl photon php php-zendserver phpmyadmin plone postfixadmin postgres pypy python r-base ' +
    'rabbitmq rakudo-star redis redmine registry rethinkdb rocket.chat rockylinux ruby rust sapmachine satosa silverpeas solr sonarqube ' +
    'spiped storm swift swipl teamspeak telegraf tomcat tomee traefik ubuntu unit varnish vault websphere-liberty wordpress xwiki yourls ' +
    'znc zookeeper').split(' '),
);

/**
 * Deprecated official repositories whose `latest` tag was deleted while their older tags are still
 * served: `image: jenkins` (old tutorials) fails as a missing manifest, not as a missing repository.
 */
const NO_LATEST = new Set(['centos', 'django', 'java', 'jenkins', 'opensuse', 'owncloud', 'rails', 'sentry']);

export interface PullCredentials {
  /** registry hosts some pull Secret of the pod has credentials for */
  hosts: ReadonlySet<string>;
}

const DENIED = 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';

/** True for an image the catalogue treats as private (see the file's header). */
export function isPrivate(ref: ImageRef): boolean {
  if (ref.domain === 'example.com' || ref.domain.endsWith('.example.com')) return true;
  return ref.path.split('/').some((seg) => seg.startsWith('private'));
}

/**
 * The error containerd returns for pulling `ref` (as the kubelet prints it after `Failed to pull
 * image "…": `), or undefined when the registry serves it.
 */
export function registryPullError(ref: ImageRef, creds: PullCredentials): string | undefined {
  const name = ref.normalized;
  const resolveFailed = (why: string) => `failed to pull and unpack image "${name}": failed to resolve reference "${name}": ${why}`;
  if (isPrivate(ref)) return creds.hosts.has(ref.domain) ? undefined : resolveFailed(DENIED);
  const official = ref.domain === 'docker.io' && ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : undefined;
  if (official !== undefined && !OFFICIAL.has(official) && !NO_LATEST.has(official)) return resolveFailed(DENIED);
  const notFound = `rpc error: code = NotFound desc = ${resolveFailed(`${name}: not found`)}`;
  if (official !== undefined && NO_LATEST.has(official) && ref.tag === 'latest' && !ref.digest) return notFound;
  const tags = publishedTags(ref.repo);
  if (!tags) return undefined;
  const found = ref.digest ? tagOfDigest(ref.repo, ref.digest) !== undefined : tags.has(ref.tag ?? 'latest');
  return found ? undefined : notFound;
}

/** The message for a pull the user made fail (an image-unpullable fault): the registry lost the manifest. */
export function notFoundError(ref: ImageRef): string {
  const name = ref.normalized;
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": ${name}: not found`;
}

/** Registry hosts a `.dockerconfigjson`/`.dockercfg` Secret's data (base64) holds credentials for. */
export function dockerConfigHosts(type: string | undefined, data: Record<string, string> | undefined): string[] {
  const key = type === 'kubernetes.io/dockerconfigjson' ? '.dockerconfigjson' : type === 'kubernetes.io/dockercfg' ? '.dockercfg' : undefined;
  const raw = key ? data?.[key] : undefined;
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(raw));
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const auths = key === '.dockerconfigjson' ? (parsed as { auths?: unknown }).auths : parsed;
  if (!auths || typeof auths !== 'object') return [];
  return Object.keys(auths).map(registryHost);
}

/** `https://index.docker.io/v1/` → `docker.io`; `registry.example.com/v2` → `registry.example.com`. */
function registryHost(key: string): string {
  const host = key.replace(/^https?:\/\//, '').split('/')[0]!;
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}
