/**
 * ValidatingAdmissionWebhook (and MutatingAdmissionWebhook), as kube-apiserver 1.31 runs them: the
 * webhook configurations come from an informer on the server's own store; each hook whose rules and selectors match the
 * request is sent an admission.k8s.io/v1 AdmissionReview by POST to its Service, through the
 * transport the cluster gives the server (the call crosses the dataplane from the server's machine to
 * the Service's ClusterIP, so kube-proxy picks the endpoint). A denial, a failed call under
 * failurePolicy Fail and a bad answer are refused with the API server's own words; a failed call
 * under Ignore lets the request through.
 *
 * A mutating hook's answer may carry a JSONPatch, applied to the object before the next hook is called.
 *
 * Not modelled: matchConditions (CEL), `clientConfig.url` hooks outside the cluster, the response's
 * warnings and audit annotations, a mutating hook's reinvocationPolicy, and the validating hooks of one
 * request being called in parallel (they are called in order, which gives the same answer when all
 * allow and the first denial otherwise).
 */
import type { Stream } from '../../rng';
import { uidFrom } from '../../rng';
import type { MvccStore } from '../../store/store';
import type { KObject } from '../../types';
import { jsonPatch } from '../patch';
import type { StatusReason } from '../types';
import { StatusError } from '../types';
import { internalError } from '../errors';
import type { AdmissionAttributes, GroupVersionResource, ValidatingWebhook, ValidatingWebhookConfiguration } from './webhookMatch';
import { matchedResource, namespaceSelectorMatches, objectSelectorMatches } from './webhookMatch';
import { MUTATING_WEBHOOK_CONFIGS, VALIDATING_WEBHOOK_CONFIGS } from './webhookLazy';

/** How the API server reaches a webhook's Service: `POST https://<name>.<namespace>.svc:<port><path>`. */
export interface WebhookTransport {
  post(service: { namespace: string; name: string; port: number; path: string }, body: string): { status: number; body: string } | { error: string };
}

const DEFAULT_TIMEOUT_SECONDS = 10;

/** What the plugin reads besides its own informer: namespaces' labels and equivalent resources. */
export interface WebhookLookups {
  namespaceLabels(name: string): Record<string, string> | undefined;
  /** the same resource served at other group/versions (for matchPolicy Equivalent) */
  equivalents(gvr: GroupVersionResource): GroupVersionResource[];
}

interface AdmissionResponse {
  uid?: string;
  allowed?: boolean;
  status?: { message?: string; reason?: string; code?: number; status?: string };
  patch?: string;
  patchType?: string;
}

/** What both plugins share: the informer of their configurations, matching, and the call. */
abstract class WebhookAdmission {
  /** the informer's cache: configurations by name */
  private readonly configs = new Map<string, ValidatingWebhookConfiguration>();

  constructor(store: MvccStore, prefix: string, private readonly uids: () => Stream, private readonly lookups: WebhookLookups, private readonly transport: () => WebhookTransport | undefined) {
    for (const kv of store.range(prefix)) this.configs.set(kv.value.metadata.name, kv.value as ValidatingWebhookConfiguration);
    // The informer: a watch of the server's own, no etcd client of its own (the watch cache serves it).
    store.tap(prefix, store.revision, (ev) => {
      const name = ev.key.slice(prefix.length);
      if (ev.type === 'DELETE') this.configs.delete(name);
      else if (ev.kv) this.configs.set(name, ev.kv.value as ValidatingWebhookConfiguration);
    });
  }

  /** The hooks in the order the real plugin calls them: configurations sorted by name, hooks in order. */
  private hooks(): ValidatingWebhook[] {
    return [...this.configs.keys()].sort().flatMap((n) => this.configs.get(n)?.webhooks ?? []);
  }

  /** The hooks the request goes to, in order, each with the resource it is called for. */
  protected matching(a: AdmissionAttributes): { hook: ValidatingWebhook; gvr: GroupVersionResource }[] {
    if (this.configs.size === 0) return [];
    const out: { hook: ValidatingWebhook; gvr: GroupVersionResource }[] = [];
    for (const hook of this.hooks()) {
      const gvr = matchedResource(hook, a, this.lookups.equivalents(a.resource));
      if (!gvr) continue;
      if (!namespaceSelectorMatches(hook, a, a.namespace ? this.lookups.namespaceLabels(a.namespace) : undefined)) continue;
      if (!objectSelectorMatches(hook, a)) continue;
      out.push({ hook, gvr });
    }
    return out;
  }

  /** Calls one hook: its response when it allows, undefined when a failed call is ignored; throws a refusal. */
  protected call(hook: ValidatingWebhook, a: AdmissionAttributes, gvr: GroupVersionResource): AdmissionResponse | undefined {
    const uid = uidFrom(this.uids());
    const failed = (reason: string): undefined => {
      if (hook.failurePolicy === 'Ignore') return undefined;
      throw internalError(`failed calling webhook "${hook.name}": ${reason}`);
    };
    const svc = hook.clientConfig.service;
    const transport = this.transport();
    if (!svc || !transport) return failed('failed to call webhook: no transport to the webhook');
    const timeout = hook.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const port = svc.port ?? 443;
    const path = `${svc.path ?? ''}?timeout=${timeout}s`;
    const url = `https://${svc.name}.${svc.namespace}.svc:${port}${path}`;
    const answer = transport.post({ namespace: svc.namespace, name: svc.name, port, path }, admissionReview(a, gvr, uid));
    if ('error' in answer) return failed(`failed to call webhook: Post "${url}": ${answer.error}`);
    if (answer.status < 200 || answer.status > 299) return failed(`failed to call webhook: an error on the server ("${answer.body.trim()}") has prevented the request from succeeding`);
    let review: { apiVersion?: string; kind?: string; response?: AdmissionResponse };
    try {
      review = JSON.parse(answer.body) as typeof review;
    } catch (e) {
      return failed(`failed to call webhook: ${(e as Error).message}`);
    }
    if (review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview') {
      return failed(`received invalid webhook response: expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${review.apiVersion ?? ''}, Kind=${review.kind ?? ''}`);
    }
    const res = review.response;
    if (!res) return failed('received invalid webhook response: webhook response was absent');
    if (res.uid !== uid) return failed(`received invalid webhook response: expected response.uid="${uid}", got "${res.uid ?? ''}"`);
    if (res.allowed) return res;
    throw denial(hook.name, res.status);
  }
}

export class ValidatingAdmissionWebhook extends WebhookAdmission {
  constructor(store: MvccStore, uids: () => Stream, lookups: WebhookLookups, transport: () => WebhookTransport | undefined) {
    super(store, VALIDATING_WEBHOOK_CONFIGS, uids, lookups, transport);
  }

  /** Calls every matching hook; throws the refusal. */
  validate(a: AdmissionAttributes): void {
    for (const { hook, gvr } of this.matching(a)) this.call(hook, a, gvr);
  }
}

export class MutatingAdmissionWebhook extends WebhookAdmission {
  constructor(store: MvccStore, uids: () => Stream, lookups: WebhookLookups, transport: () => WebhookTransport | undefined) {
    super(store, MUTATING_WEBHOOK_CONFIGS, uids, lookups, transport);
  }

  /** Calls every matching hook in turn, each seeing the object as the hooks before it patched it; returns the result. */
  admit(a: AdmissionAttributes): KObject | undefined {
    let obj = a.object;
    for (const { hook, gvr } of this.matching(a)) {
      const res = this.call(hook, { ...a, ...(obj ? { object: obj } : {}) }, gvr);
      if (!res?.patch || !obj) continue;
      if (res.patchType !== 'JSONPatch') throw internalError(`failed calling webhook "${hook.name}": received invalid webhook response: webhook returned response.patch but not response.patchType`);
      try {
        obj = jsonPatch(obj, JSON.parse(base64Decode(res.patch))) as KObject;
      } catch (e) {
        throw internalError(`JSON Patch: ${(e as Error).message}`);
      }
    }
    return obj;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (a response's `patch`) to UTF-8 text. */
function base64Decode(s: string): string {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of s.replace(/=+$/, '')) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new Error('illegal base64 data');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** webhookerrors.ToStatusErr: the hook's Status, its message prefixed with who denied, at least a 400. */
function denial(hookName: string, result: { message?: string; reason?: string; code?: number } | undefined): StatusError {
  const deniedBy = `admission webhook "${hookName}" denied the request`;
  const code = result?.code !== undefined && result.code >= 400 ? result.code : 400;
  const message = result?.message ? `${deniedBy}: ${result.message}` : result?.reason ? `${deniedBy}: ${result.reason}` : `${deniedBy} without explanation`;
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: (result?.reason ?? '') as StatusReason, code });
}

/** The admission.k8s.io/v1 AdmissionReview the API server posts, with its fields in the order Go writes them. */
export function admissionReview(a: AdmissionAttributes, gvr: GroupVersionResource, uid: string): string {
  const request: Record<string, unknown> = {
    uid,
    kind: gvr === a.resource ? a.kind : { group: gvr.group, version: gvr.version, kind: a.kind.kind },
    resource: gvr,
    ...(a.subresource ? { subResource: a.subresource } : {}),
    requestKind: a.kind,
    requestResource: a.resource,
    ...(a.subresource ? { requestSubResource: a.subresource } : {}),
    ...(a.name ? { name: a.name } : {}),
    ...(a.namespace ? { namespace: a.namespace } : {}),
    operation: a.operation,
    userInfo: { username: a.user.username, groups: a.user.groups },
    object: a.operation === 'DELETE' ? null : a.object ?? null,
    oldObject: a.oldObject ?? null,
    dryRun: a.dryRun,
    options: { kind: OPTIONS_KIND[a.operation], apiVersion: 'meta.k8s.io/v1' },
  };
  return JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request });
}

const OPTIONS_KIND: Record<AdmissionAttributes['operation'], string> = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions' };
