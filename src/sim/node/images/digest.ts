/**
 * Manifest digests: the real one where the catalogue pins it (an image the cluster's own manifests
 * reference by digest), otherwise a stable made-up one per repository and tag, the same on every
 * node and in every cluster.
 */
import { fnv1a32, Stream } from '../../rng';
import { publishedTags, TAGS } from './tags';

/** 64 hex digits drawn from a stream seeded by `seed`. */
export function hex64(seed: string): string {
  const s = new Stream(fnv1a32(seed), `image-digest/${seed}`);
  return s.hex(32);
}

/** `sha256:<64 hex>`: the manifest digest the registry serves for `repo:tag`. */
export function manifestDigest(repo: string, tag: string): string {
  return TAGS[repo]?.digests?.[tag] ?? `sha256:${hex64(`manifest|${repo}|${tag}`)}`;
}

const byDigest = new Map<string, Map<string, string>>();

/** The published tag whose manifest has `digest`, if any (a digest reference names that image). */
export function tagOfDigest(repo: string, digest: string): string | undefined {
  let index = byDigest.get(repo);
  if (!index) {
    const tags = publishedTags(repo);
    if (!tags) return undefined;
    index = new Map();
    for (const t of tags) index.set(manifestDigest(repo, t), t);
    byDigest.set(repo, index);
  }
  return index.get(digest);
}
