/**
 * Whether an image reference parses, as the kubelet checks before it looks for or pulls the image
 * (EnsureImageExists → applyDefaultImageTag → ParseNormalizedNamed of distribution/reference, with
 * go-digest's digest check). The answer is the parser's error text, or undefined when it parses.
 */

// The reference grammar: [domain '/'] path [':' tag] ['@' digest].
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const NAME_WITH_DOMAIN = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

/** Hash lengths (in hex digits) of the algorithms the kubelet links in. */
const ALGORITHMS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const DIGEST_FORMAT = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

const INVALID_FORMAT = 'invalid reference format';

/** The domain and the rest, as Docker names are normalised (`nginx` → `docker.io`, `library/nginx`). */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return ['docker.io', `library/${name}`];
  const first = name.slice(0, slash);
  let domain = first;
  let rest = name.slice(slash + 1);
  if (first === 'index.docker.io') domain = 'docker.io';
  else if (first !== 'localhost' && !/[.:]/.test(first) && first.toLowerCase() === first) {
    // Not a host: the whole name is a path on Docker Hub.
    domain = 'docker.io';
    rest = name;
  }
  if (domain === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  return [domain, rest];
}

/** go-digest's Validate of the `@…` part. */
function digestError(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon + 1 === digest.length) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const size = ALGORITHMS[algorithm];
  if (size === undefined) return DIGEST_FORMAT.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  if (encoded.length !== size || !/^[a-f0-9]+$/.test(encoded)) return 'invalid checksum digest format';
  return undefined;
}

/** The error ParseNormalizedNamed returns for `image`, or undefined when it is a valid reference. */
export function referenceError(image: string): string | undefined {
  if (IDENTIFIER.test(image)) return `invalid repository name (${image}), cannot specify 64-byte hexadecimal strings`;
  const [domain, remainder] = splitDockerDomain(image);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return `${INVALID_FORMAT}: repository name (${remote}) must be lowercase`;
  const full = `${domain}/${remainder}`;
  const m = REFERENCE.exec(full);
  if (!m) {
    const lower = full.toLowerCase();
    return lower !== full && REFERENCE.test(lower) ? 'repository name must be lowercase' : INVALID_FORMAT;
  }
  const path = NAME_WITH_DOMAIN.exec(m[1]!)?.[2] ?? m[1]!;
  if (path.length > 255) return 'repository name must not be more than 255 characters';
  if (m[3] !== undefined) return digestError(m[3]);
  return undefined;
}

/** The kubelet's message for an image it cannot parse (event InspectFailed, waiting InvalidImageName). */
export function invalidImageMessage(image: string): string | undefined {
  const err = referenceError(image);
  return err === undefined ? undefined : `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${err}`;
}
