/**
 * The share link: the scenario, its seed and the current virtual time, compressed into location.hash.
 *
 *   #s2.<base64url of raw DEFLATE of {"scenario":<the file form, scenarioToObject>,"t":ms,"ui":{…}}>
 *
 * `t`, the virtual time, and the optional `ui` describe the view the link was made from, not the
 * scenario: `ui.traceStep` is the hop the page showed of the latest trace action performed by time `t`
 * (0 = before the first hop); `ui.editor` is the manifest editor's text (not yet applied, so not an
 * action); `ui.speed` is the clock's speed. Each is optional, so older links read as before.
 * `kubetab run` reads only the scenario and `t`.
 *
 * The payload is the scenario document itself, so every key of it (every `cluster` setting, present
 * and future) travels, and reading a link is reading a scenario file. Links of format 1
 * (`#s1.`, a compact action list with nodes and scheduler only) still open.
 *
 * Decoding treats the hash as hostile: it is size-capped before and during decompression, parsed as
 * JSON only (never evaluated), validated field by field as a scenario file is, and any fault becomes a
 * message.
 */
import { deflateSync, Inflate } from 'fflate';
import { MAX_SCENARIO_MS, scenarioFromObject, scenarioToObject, ScenarioError, SCENARIO_API_VERSION } from './format';
import type { Scenario } from './format';
import { SPEEDS } from '../worker/protocol';
import type { Speed } from '../worker/protocol';
import { isWhy, linkEnglish, why } from './linkErrors';
import type { LinkErrorId, LinkWhy } from './linkErrors';

export const FORMAT_VERSION = 2;
/** Longest hash we try to read; real links are a few thousand characters. */
export const MAX_HASH_CHARS = 200_000;
/** Largest decompressed payload we accept: stops "zip bombs" early. */
export const MAX_PAYLOAD_BYTES = 2_000_000;
/** Furthest virtual time a link may ask to rebuild to: 24 hours. */
export const MAX_TIME_MS = MAX_SCENARIO_MS;
export const MAX_ACTIONS = 1000;

/** The most hops a trace step may name (a trace has a few dozen). */
export const MAX_TRACE_STEP = 10_000;

/** The longest editor text a link carries (a long lesson's manifests are a few thousand). */
export const MAX_EDITOR_CHARS = 200_000;

/** What the page showed when the link was made, beyond the scenario and its time. */
export interface ShareUi {
  /** the step shown of the latest trace action performed by the link's time */
  traceStep?: number;
  /** the manifest editor's text */
  editor?: string;
  /** the clock's speed */
  speed?: Speed;
}

/** Why a link was refused, in kubetab's own words: the English of src/scenario/linkErrors.ts, or an id the page says in its language. */
export type DecodeResult = { ok: true; scenario: Scenario; atMs: number; ui?: ShareUi } | { ok: false; error: string; why: LinkWhy };

const refuse = (id: LinkErrorId, params: Record<string, string | number> = {}): DecodeResult => {
  const w = why(id, params);
  return { ok: false, error: linkEnglish(w), why: w };
};

export function encodeShare(scenario: Scenario, atMs: number, ui: ShareUi = {}): string {
  const shown: ShareUi = {
    ...(ui.traceStep !== undefined ? { traceStep: Math.max(0, Math.round(ui.traceStep)) } : {}),
    ...(ui.editor !== undefined ? { editor: ui.editor } : {}),
    ...(ui.speed !== undefined ? { speed: ui.speed } : {}),
  };
  const payload = { scenario: scenarioToObject(scenario), t: Math.max(0, Math.round(atMs)), ...(Object.keys(shown).length ? { ui: shown } : {}) };
  const bytes = deflateSync(new TextEncoder().encode(JSON.stringify(payload)), { level: 9, mem: 8 });
  return `#s${FORMAT_VERSION}.${toBase64Url(bytes)}`;
}

/** Reads a hash (with or without '#'), a full URL, or nothing. Never throws. */
export function decodeShare(input: string): DecodeResult {
  try {
    return decode(input);
  } catch (e) {
    return refuse('unreadable', { error: e instanceof Error ? e.message : 'unknown error' });
  }
}

function decode(input: string): DecodeResult {
  let hash = input.trim();
  const at = hash.indexOf('#');
  if (at >= 0) hash = hash.slice(at + 1);
  if (hash === '') return refuse('empty');
  if (hash.length > MAX_HASH_CHARS) return refuse('tooLong', { chars: hash.length });
  const m = /^s(\d{1,6})\.(.*)$/s.exec(hash);
  if (!m) return refuse('notKubetab');
  const version = Number(m[1]);
  if (version > FORMAT_VERSION) return refuse('newerFormat', { version, supported: FORMAT_VERSION });
  if (version !== 1 && version !== 2) return refuse('unknownFormat', { version });
  const body = m[2]!;
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return refuse('badCharacters');
  const bytes = inflateCapped(fromBase64Url(body));
  if (bytes === 'too-big') return refuse('tooBig', { mb: MAX_PAYLOAD_BYTES / 1_000_000 });
  if (bytes === 'corrupt') return refuse('corrupt');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refuse('notScenario');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return refuse('notScenario');
  const p = raw as Record<string, unknown>;
  const allowed = version === 1 ? ['seed', 'cluster', 'a', 't'] : ['scenario', 't', 'ui'];
  for (const k of Object.keys(p)) if (!allowed.includes(k)) return refuse('unknownField', { field: JSON.stringify(k) });
  const t = p.t;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return refuse('badTime');
  if (t > MAX_TIME_MS) return refuse('timeTooLate', { hours: Math.round(t / 3_600_000) });
  const ui = version === 2 ? readUi(p.ui) : undefined;
  if (isWhy(ui)) return refuse(ui.id, ui.params);
  let doc: unknown;
  if (version === 1) {
    doc = fromFormat1(p);
    if (isWhy(doc)) return refuse(doc.id, doc.params);
  } else {
    doc = p.scenario;
    const actions = (doc as { actions?: unknown } | null)?.actions;
    if (Array.isArray(actions) && actions.length > MAX_ACTIONS) return refuse('tooManyActions', { actions: actions.length, max: MAX_ACTIONS });
  }
  try {
    return { ok: true, scenario: scenarioFromObject(doc), atMs: Math.round(t), ...(ui ? { ui } : {}) };
  } catch (e) {
    if (e instanceof ScenarioError) return refuse('invalid', { error: e.message });
    throw e;
  }
}

/** A link's `ui`, or why it is refused. */
function readUi(raw: unknown): ShareUi | LinkWhy | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return why('badView');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'traceStep' && k !== 'editor' && k !== 'speed') return why('unknownViewField', { field: JSON.stringify(k) });
  const ui: ShareUi = {};
  const n = o.traceStep;
  if (n !== undefined) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_TRACE_STEP) return why('badTraceStep', { max: MAX_TRACE_STEP });
    ui.traceStep = n;
  }
  const e = o.editor;
  if (e !== undefined) {
    if (typeof e !== 'string') return why('editorNotText');
    if (e.length > MAX_EDITOR_CHARS) return why('editorTooLong', { max: MAX_EDITOR_CHARS });
    ui.editor = e;
  }
  const v = o.speed;
  if (v !== undefined) {
    if (!(SPEEDS as readonly unknown[]).includes(v)) return why('badSpeed', { speeds: SPEEDS.map((x) => `${x}×`).join(', ') });
    ui.speed = v as Speed;
  }
  return ui;
}

/** A format-1 payload as the scenario document it stands for, or the reason it is not one. */
function fromFormat1(p: Record<string, unknown>): unknown {
  if (!Array.isArray(p.a)) return why('noActions');
  if (p.a.length > MAX_ACTIONS) return why('tooManyActions', { actions: p.a.length, max: MAX_ACTIONS });
  const actions: Record<string, unknown>[] = [];
  for (let i = 0; i < p.a.length; i++) {
    const x: unknown = p.a[i];
    const textual = (x: unknown[]): boolean => (x[1] === 'a' || x[1] === 'k') && typeof x[2] === 'string';
    const fault = (x: unknown[]): boolean => x[1] === 'f' && x[2] !== null && typeof x[2] === 'object' && !Array.isArray(x[2]);
    if (!Array.isArray(x) || x.length !== 3 || typeof x[0] !== 'number' || !(textual(x) || fault(x))) return why('malformedAction', { n: i + 1 });
    actions.push({ at: `${x[0]}ms`, ...(x[1] === 'a' ? { apply: x[2] } : x[1] === 'f' ? { fault: x[2] } : { kubectl: x[2] }) });
  }
  return { apiVersion: SCENARIO_API_VERSION, kind: 'Scenario', seed: p.seed, ...(p.cluster !== undefined ? { cluster: p.cluster } : {}), actions };
}

export function inflateCapped(data: Uint8Array): Uint8Array | 'too-big' | 'corrupt' {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooBig = false;
  const inf = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_PAYLOAD_BYTES) tooBig = true;
    else chunks.push(chunk);
  });
  try {
    // Feed in small pieces so an oversized stream is noticed before it is all unpacked.
    for (let i = 0; i < data.length && !tooBig; i += 4096) inf.push(data.subarray(i, i + 4096), i + 4096 >= data.length);
  } catch {
    return 'corrupt';
  }
  if (tooBig) return 'too-big';
  if (data.length === 0) return 'corrupt';
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out;
}

export function fromBase64Url(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const v = [0, 1, 2, 3].map((j) => (i + j < s.length ? B64.indexOf(s[i + j]!) : 0));
    const n = (v[0]! << 18) | (v[1]! << 12) | (v[2]! << 6) | v[3]!;
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (i + 2 < s.length && o < out.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < s.length && o < out.length) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}
