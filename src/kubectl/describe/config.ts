/**
 * `kubectl describe configmap`, `secret` (sizes in bytes, never values — except a service-account
 * token, which kubectl prints) and `serviceaccount` (image pull secrets, mountable secrets, tokens).
 */
import type { ConfigMap, Event, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import type { Describer } from './types';
import { PrefixWriter } from './writer';

const byStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes a base64 `data` value stands for (the API server stored it validated). */
export function decodeBase64(s: string): number[] {
  const clean = s.replace(/[\r\n=]/g, '');
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of clean) {
    const v = B64.indexOf(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return out;
}

// Go ranges over the data map in random order; kubetab prints the keys sorted, one stable order.
export function describeConfigMap(cm: ConfigMap, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${cm.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${cm.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata?.annotations);
  w.write(0, '\nData\n====\n');
  const data = cm.data ?? {};
  for (const k of Object.keys(data).sort(byStr)) {
    w.write(0, `${k}:\n----\n`);
    w.write(0, `${data[k]}\n`);
    w.write(0, '\n');
  }
  w.write(0, '\nBinaryData\n====\n');
  const bin = cm.binaryData ?? {};
  for (const k of Object.keys(bin).sort(byStr)) w.write(0, `${k}: ${decodeBase64(bin[k]!).length} bytes\n`);
  w.write(0, '\n');
  describeEvents(w, events, nowMs);
  return w.toString();
}

export function describeSecret(s: Secret): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${s.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${s.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', s.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', s.metadata?.annotations);
  w.write(0, `\nType:\t${s.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  const data = s.data ?? {};
  for (const k of Object.keys(data).sort(byStr)) {
    const bytes = decodeBase64(data[k]!);
    if (k === 'token' && s.type === 'kubernetes.io/service-account-token') w.write(0, `${k}:\t${String.fromCharCode(...bytes)}\n`);
    else w.write(0, `${k}:\t${bytes.length} bytes\n`);
  }
  return w.toString();
}

const EMPTY_HEADER = '                   ';
// the three headers, in the sorted order kubectl prints them
const HEADERS = ['Image pull secrets:', 'Mountable secrets: ', 'Tokens:            '] as const;

/**
 * @param tokens the names of the legacy token Secrets annotated for this account
 * @param missing names the account references that no Secret in the namespace has (empty when the
 *   Secrets could not be listed)
 */
export function describeServiceAccount(sa: ServiceAccount, tokens: string[], missing: ReadonlySet<string>, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${sa.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${sa.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', sa.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata?.annotations);
  const names: Record<(typeof HEADERS)[number], string[]> = {
    'Image pull secrets:': (sa.imagePullSecrets ?? []).map((s) => s.name ?? ''),
    'Mountable secrets: ': (sa.secrets ?? []).map((s) => s.name ?? ''),
    'Tokens:            ': tokens,
  };
  for (const header of HEADERS) {
    const list = names[header];
    if (list.length === 0) {
      w.write(0, `${header}\t<none>\n`);
      continue;
    }
    let prefix: string = header;
    for (const n of list) {
      w.write(0, missing.has(n) ? `${prefix}\t${n} (not found)\n` : `${prefix}\t${n}\n`);
      prefix = EMPTY_HEADER;
    }
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

export const CONFIG_DESCRIBERS: Record<string, Describer> = {
  '/ConfigMap': (r) => describeConfigMap(r.obj as unknown as ConfigMap, r.events(), r.nowMs),
  // kubectl's Secret describer fetches no events
  '/Secret': (r) => describeSecret(r.obj as unknown as Secret),
  '/ServiceAccount': (r) => {
    const sa = r.obj as unknown as ServiceAccount;
    const tokens: string[] = [];
    const missing = new Set<string>();
    let secrets: Secret[] | undefined;
    try {
      secrets = r.client.list('secrets', r.namespace).items as unknown as Secret[];
    } catch {
      secrets = undefined; // tolerated: the account is described with the names it references
    }
    if (secrets) {
      const existing = new Set<string>();
      for (const s of secrets) {
        if (s.type === 'kubernetes.io/service-account-token') {
          const a = s.metadata?.annotations ?? {};
          if (a['kubernetes.io/service-account.name'] === sa.metadata?.name && a['kubernetes.io/service-account.uid'] === sa.metadata?.uid) tokens.push(s.metadata?.name ?? '');
        }
        existing.add(s.metadata?.name ?? '');
      }
      for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(s.name ?? '')) missing.add(s.name ?? '');
    }
    return describeServiceAccount(sa, tokens, missing, r.events(), r.nowMs);
  },
};
