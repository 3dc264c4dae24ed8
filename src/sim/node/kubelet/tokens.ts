/**
 * The kubelet's token manager, as far as projected ServiceAccount tokens go: when it sets up a pod's
 * volumes it asks the API server for each projected token (TokenRequest on the pod's
 * `serviceaccounts/NAME/token`, bound to the pod; the Node authorizer lets a node do that for its
 * own pods' ServiceAccounts) and the container reads what the server signed. A token the server
 * refuses leaves the volume unmounted: the pod waits with a FailedMount event and tries again.
 */
import { isStatusError } from '../../api/types';
import type { KObject, Pod } from '../../types';
import type { PodRecord } from '../runtime';
import type { Kubelet } from './kubelet';

/** The projected ServiceAccount token sources of a pod's volumes (the kube-api-access volume's among them). */
export function projectedTokenSources(pod: Pod): { audience?: string; expirationSeconds?: number }[] {
  const out: { audience?: string; expirationSeconds?: number }[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    for (const s of v.projected?.sources ?? []) if (s.serviceAccountToken) out.push(s.serviceAccountToken);
  }
  return out;
}

/** The key a token is cached under: what the request asks for (the pod binding is the record's). */
export function tokenKey(audience: string | undefined, expirationSeconds: number | undefined): string {
  return `${audience ?? ''}|${expirationSeconds ?? 3600}`;
}

/** Whether every projected token the pod's volumes need has been fetched. */
export function podTokensReady(rec: PodRecord): boolean {
  return projectedTokenSources(rec.pod).every((s) => rec.tokens?.has(tokenKey(s.audience, s.expirationSeconds)));
}

/** The token the kubelet wrote for this source, if it has one. */
export function podToken(rec: PodRecord, src: { audience?: string; expirationSeconds?: number }): string | undefined {
  return rec.tokens?.get(tokenKey(src.audience, src.expirationSeconds));
}

/** MountVolume.SetUp's retries: doubling from half a second up to its cap of 2m2s. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 122_000;

/**
 * Requests the tokens the pod's volumes need and have not got yet. Returns the error of the first
 * request the server refused (the mount fails), else undefined.
 */
export function fetchPodTokens(k: Kubelet, rec: PodRecord): string | undefined {
  const pod = rec.pod;
  const ns = pod.metadata?.namespace ?? 'default';
  const sa = pod.spec?.serviceAccountName ?? 'default';
  rec.tokens ??= new Map();
  for (const src of projectedTokenSources(pod)) {
    const key = tokenKey(src.audience, src.expirationSeconds);
    if (rec.tokens.has(key)) continue;
    const spec: Record<string, unknown> = {
      audiences: src.audience ? [src.audience] : null,
      expirationSeconds: src.expirationSeconds ?? 3600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata?.name ?? '', uid: rec.uid },
    };
    const request = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: { name: sa, namespace: ns }, spec } as unknown as KObject;
    try {
      const res = k.ctx.client.create<KObject>('serviceaccounts', request, { namespace: ns, subresource: 'token', name: sa }) as unknown as { status?: { token?: string } };
      rec.tokens.set(key, res.status?.token ?? '');
    } catch (e) {
      if (!isStatusError(e)) throw e;
      return `failed to fetch token: ${e.status.message ?? ''}`;
    }
  }
  return undefined;
}

/**
 * Sets up the pod's token volumes, then calls `next`; on a refused request it records
 * `MountVolume.SetUp failed` on the pod and tries again later.
 */
export function mountTokenVolumes(k: Kubelet, rec: PodRecord, next: () => void, attempt = 0): void {
  if (rec.stage !== 'starting') return;
  const err = fetchPodTokens(k, rec);
  if (err === undefined) {
    next();
    return;
  }
  const volume = (rec.pod.spec?.volumes ?? []).find((v) => v.projected?.sources?.some((s) => s.serviceAccountToken))?.name ?? '';
  k.podEvent(rec, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${volume}" : ${err}`);
  const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  k.later(rec, wait, 'retry mount', () => mountTokenVolumes(k, rec, next, attempt + 1));
}
