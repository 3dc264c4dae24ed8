/**
 * kube-proxy's chain-name hashes (pkg/proxy/iptables/proxier.go portProtoHash and
 * servicePortEndpointChainName): the first 16 characters of the standard base32 encoding of
 * SHA-256(servicePortName + protocol [+ endpoint]), where servicePortName is `ns/name` or
 * `ns/name:port`, protocol is lower-case and endpoint is `IP:port`. Nothing separates the parts.
 */
import { base32Prefix, sha256 } from '../../digest';

/** portProtoHash: 16 base32 characters of sha256(servicePortName + protocol). */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32Prefix(sha256(servicePortName + protocol), 16);
}

/** KUBE-SEP-<hash of servicePortName + protocol + endpoint>. */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${base32Prefix(sha256(servicePortName + protocol + endpoint), 16)}`;
}

const SERVICE_CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-EXT-'];

/** isServiceChainName: the nat chains kube-proxy owns per Service and may delete when stale. */
export function isServiceChainName(chain: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => chain.startsWith(p));
}
