/**
 * The names felix gives what it programs: chains, ipsets and the `cali:<hash>` comment on every rule.
 *
 * Carried over from felix 3.28 (rules/rule_defs.go, hashutils, iptables/table.go):
 * - chain names are at most 28 characters; a policy chain is `cali-pi-`/`cali-po-` and the policy's
 *   tier-qualified name, which never fits, so it becomes `cali-pi-_` and the URL-safe base64 of a
 *   digest of the name, cut to 28; a profile chain (`cali-pri-kns.default`) keeps its name when it fits;
 * - an ipset is `cali40` and its ID (`s:` and the SHA-224 of the selector for a selector set, `n:` for a
 *   named-port set), cut to 31 characters, the kernel's limit;
 * - each rule's comment hash chains over the chain (iptables/rules.go RuleHashes): SHA-224 of the chain
 *   name seeds it, each rule's hash is SHA-224 of the previous hash's bytes followed by the rule as
 *   felix renders it for hashing (ruletext.ts), the first 16 characters of its URL-safe base64.
 *
 * Exact: the `cali:` hashes of the rules felix builds with their matches in the order written here —
 * the hooks into INPUT/OUTPUT/FORWARD, cali-FORWARD, cali-INPUT, cali-OUTPUT, cali-wl-to-host and the
 * endpoint and dispatch chains — are the very strings a Calico 3.28 node shows, and chain names that fit
 * are kept. Approximated: a shortened chain name digests the policy's name as this model keys it
 * (felix digests its own policy ID), an ipset's ID digests this model's selector text (felix digests its
 * selector parser's canonical string), and a policy rule's matches may come in another order than
 * felix's; those names have felix's shape and are stable for the same input, but differ from a real node's.
 */
import { sha224, sha256 } from '../../digest';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RawURLEncoding (no padding) of `bytes`. */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]! + B64URL[(n >>> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[n >>> 18]! + B64URL[(n >>> 12) & 63]! + B64URL[(n >>> 6) & 63]!;
  }
  return out;
}

export const MAX_CHAIN_NAME = 28;
export const MAX_IPSET_NAME = 31;

/**
 * hashutils.GetLengthLimitedID: `prefix+suffix` when it fits, else `prefix_` and the suffix's SHA-256
 * (felix uses SHA-256 here, not SHA-224), cut to the limit. A suffix that fits exactly but starts with
 * `_` is hashed too, so that it cannot pass for a shortened one.
 */
export function lengthLimited(prefix: string, suffix: string, max: number): string {
  const total = prefix.length + suffix.length;
  if (total < max || (total === max && !suffix.startsWith('_'))) return prefix + suffix;
  return (prefix + '_' + base64url(sha256(suffix))).slice(0, max);
}

/** The chain of a policy (`default` tier) for one direction. */
export function policyChainName(direction: 'ingress' | 'egress', policyName: string): string {
  return lengthLimited(direction === 'ingress' ? 'cali-pi-' : 'cali-po-', `default/${policyName}`, MAX_CHAIN_NAME);
}

/** A profile's chain: `cali-pri-` (to the workload) or `cali-pro-` (from it). */
export function profileChainName(direction: 'ingress' | 'egress', profile: string): string {
  return lengthLimited(direction === 'ingress' ? 'cali-pri-' : 'cali-pro-', profile, MAX_CHAIN_NAME);
}

/**
 * `cali40s:…` for a selector, `cali40n:…` for a named port over a selector: `cali40` and the set's ID,
 * which is libcalico-go's hash.MakeUniqueID — the kind, `:`, and the URL-safe base64 of the SHA-224 of
 * `<kind>:<key>` — cut to the kernel's 31 characters.
 */
export function ipsetName(kind: 's' | 'n', key: string): string {
  return `cali40${ipsetID(kind, key)}`.slice(0, MAX_IPSET_NAME);
}

/** The set's whole ID, as felix logs it. */
export function ipsetID(kind: 's' | 'n', key: string): string {
  return `${kind}:${base64url(sha224(`${kind}:${key}`))}`;
}

const encoder = new TextEncoder();

/** The `cali:` hashes of a chain's rules, given as felix's hashing text, each from the one before (see the file comment). */
export function ruleHashes(chain: string, ruleTexts: readonly string[]): string[] {
  let prev = sha224(chain);
  return ruleTexts.map((t) => {
    const text = encoder.encode(t);
    const input = new Uint8Array(prev.length + text.length);
    input.set(prev);
    input.set(text, prev.length);
    prev = sha224(input);
    return base64url(prev).slice(0, 16);
  });
}
