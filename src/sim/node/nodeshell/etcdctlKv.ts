/**
 * etcdctl's key-value commands: get (at a revision, by prefix or range, in each output format),
 * watch (a running command until interrupted) and compaction.
 */
import type { KeyValue, StoreEvent } from '../../store/store';
import { CompactedError, FutureRevisionError } from '../../store/store';
import { isProtobuf, valueText } from '../../store/etcdValue';
import type { ShellResult } from './result';
import { ok } from './result';
import { base64, goQuote } from './etcdctlFormat';
import { errorExit, EXIT_BAD_ARGS, EXIT_ERROR, EXIT_INTERRUPTED, parseRev } from './etcdctlArgs';
import type { Session } from './etcdctlSession';
import { dec, headerFields, headerJson } from './etcdctlSession';

export const PROTOBUF_NOTE = '[kubetab] etcd holds these values as protobuf ("k8s\\x00" + apiVersion/kind + object), as the API server writes them; etcdctl shows them here decoded, as JSON.\n';

const b64 = base64;

function kvJson(kv: KeyValue, keysOnly: boolean): string {
  const value = keysOnly ? '' : valueText(kv);
  return `{"key":"${b64(kv.key)}","create_revision":${kv.createRevision},"mod_revision":${kv.modRevision},"version":${kv.version}${value ? `,"value":"${b64(value)}"` : ''}}`;
}

function kvFields(kv: KeyValue, keysOnly: boolean, pfx = ''): string {
  return `"${pfx}Key" : ${goQuote(kv.key)}\n"${pfx}CreateRevision" : ${kv.createRevision}\n"${pfx}ModRevision" : ${kv.modRevision}\n"${pfx}Version" : ${kv.version}\n"${pfx}Value" : ${goQuote(keysOnly ? '' : valueText(kv))}\n"${pfx}Lease" : 0\n`;
}

export function get(s: Session, args: string[], flags: Map<string, string>, out: string): ShellResult {
  if (args.length < 1 || args.length > 2) return errorExit('get command needs one argument as key and an optional argument as range_end', EXIT_BAD_ARGS);
  if (out === 'table') return errorExit('table is not supported as output format', 4);
  const keysOnly = flags.has('keys-only');
  const countOnly = flags.has('count-only');
  const valueOnly = flags.has('print-value-only');
  if (countOnly && out !== 'fields') return errorExit('--count-only is only for `--write-out=fields`', EXIT_BAD_ARGS);
  if (flags.has('prefix') && args.length === 2) return errorExit('`range_end` and `--prefix` are mutually exclusive', EXIT_BAD_ARGS);
  const rev = parseRev(flags.get('rev'), 'rev');
  if (typeof rev !== 'number') return rev.error;
  const limit = parseRev(flags.get('limit'), 'limit');
  if (typeof limit !== 'number') return limit.error;
  // --consistency=s reads the member's own copy: it answers without a leader.
  const serializable = flags.get('consistency') === 's';
  const member = serializable ? s.kvMember() : s.quorumMember();
  if (!member) return s.unreachable();
  const key = args[0]!;
  let all: KeyValue[];
  try {
    const rangeEnd = args[1];
    if (rangeEnd !== undefined) all = s.etcd.store.rangeAt('', rev).filter((kv) => kv.key >= key && kv.key < rangeEnd);
    else all = s.etcd.store.rangeAt(key, rev, !flags.has('prefix'));
  } catch (e) {
    if (e instanceof CompactedError || e instanceof FutureRevisionError) return errorExit(`etcdserver: ${e.message}`, EXIT_ERROR, s.warn(`rpc error: code = OutOfRange desc = etcdserver: ${e.message}`));
    throw e;
  }
  const kvs = limit > 0 ? all.slice(0, limit) : all;
  const more = kvs.length < all.length;
  const shown = countOnly ? [] : kvs;
  const note = !keysOnly && shown.some(isProtobuf) ? PROTOBUF_NOTE : '';
  const h = s.header(member);
  switch (out) {
    case 'json': {
      const body = shown.length ? `,"kvs":[${shown.map((kv) => kvJson(kv, keysOnly)).join(',')}]` : '';
      return { stdout: `{"header":${headerJson(h)}${body}${more ? ',"more":true' : ''}${all.length ? `,"count":${all.length}` : ''}}\n`, stderr: note, exitCode: 0 };
    }
    case 'fields':
      return { stdout: `${headerFields(h)}${shown.map((kv) => kvFields(kv, keysOnly)).join('')}"More" : ${more}\n"Count" : ${all.length}\n`, stderr: note, exitCode: 0 };
    case 'protobuf':
      return errorExit('kubetab does not print protobuf bytes; use -w json or -w fields', EXIT_BAD_ARGS);
    default: {
      let stdout = '';
      // etcdctl 3.5 prints the value line even with --keys-only, where it is empty.
      for (const kv of shown) stdout += `${valueOnly ? '' : `${kv.key}\n`}${keysOnly ? '' : valueText(kv)}\n`;
      return { stdout, stderr: note, exitCode: 0 };
    }
  }
}

export function watch(s: Session, args: string[], flags: Map<string, string>): ShellResult {
  if (args.length < 1 || args.length > 2) return errorExit('watch in non-interactive mode requires one or two arguments as key or prefix, with range end', EXIT_BAD_ARGS);
  const rev = parseRev(flags.get('rev'), 'rev');
  if (typeof rev !== 'number') return rev.error;
  const member = s.kvMember();
  if (!member) return s.unreachable();
  const store = s.etcd.store;
  const key = args[0]!;
  const prefix = flags.has('prefix');
  const prevKv = flags.has('prev-kv');
  const matches = (ev: StoreEvent): boolean => (prefix ? ev.key.startsWith(key) : args[1] !== undefined ? ev.key >= key && ev.key < args[1] : ev.key === key);
  // A watch starts at --rev, or just after the revision current when it was created.
  const from = rev > 0 ? rev : store.revision + 1;
  const canceled = (): ShellResult => ({ stdout: '', stderr: `watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n`, exitCode: EXIT_INTERRUPTED });
  // etcd cancels a watch only below the compacted revision: from it, the values written at that
  // revision are still there (compaction keeps each key's latest version), without their prevKv.
  if (from < store.compactRevision) return canceled();
  const finish = (): ShellResult => {
    let events: StoreEvent[];
    try {
      const at = store.compactRevision;
      const atCompacted = from === at ? store.rangeAt('', at).filter((kv) => kv.modRevision === at).map((kv): StoreEvent => ({ type: 'PUT', key: kv.key, kv, revision: at })) : [];
      events = [...atCompacted, ...store.historySince(Math.max(from - 1, at))].filter(matches);
    } catch (e) {
      if (e instanceof CompactedError) return canceled();
      throw e;
    }
    let stdout = '';
    let protobuf = false;
    for (const ev of events) {
      stdout += `${ev.type}\n`;
      if (prevKv && ev.prevKv) stdout += `${ev.prevKv.key}\n${valueText(ev.prevKv)}\n`;
      if (ev.type === 'DELETE') stdout += `${ev.key}\n\n`;
      else stdout += `${ev.key}\n${valueText(ev.kv)}\n`;
      // Only a value printed needs the note: a DELETE prints its key alone.
      protobuf ||= (ev.type === 'PUT' && isProtobuf(ev.kv)) || (prevKv && !!ev.prevKv && isProtobuf(ev.prevKv));
    }
    return { stdout, stderr: protobuf ? PROTOBUF_NOTE : '', exitCode: 0 };
  };
  return { stdout: '', stderr: '', exitCode: 0, running: finish };
}

export function compaction(s: Session, args: string[]): ShellResult {
  if (args.length !== 1) return errorExit('compaction command needs 1 argument.', EXIT_BAD_ARGS);
  const raw = args[0]!;
  if (!/^-?\d+$/.test(raw)) return errorExit(`strconv.ParseInt: parsing "${raw}": invalid syntax`, EXIT_BAD_ARGS);
  const rev = Number(raw);
  if (!s.quorumMember()) return s.unreachable();
  const store = s.etcd.store;
  const fail = (msg: string): ShellResult => errorExit(`etcdserver: ${msg}`, EXIT_ERROR, s.warn(`rpc error: code = OutOfRange desc = etcdserver: ${msg}`));
  if (rev <= store.compactRevision) return fail(new CompactedError(rev, store.compactRevision).message);
  if (rev > store.revision) return fail(new FutureRevisionError(rev, store.revision).message);
  store.compact(rev, s.ctx.nowMs);
  return ok(`compacted revision ${rev}\n`);
}
