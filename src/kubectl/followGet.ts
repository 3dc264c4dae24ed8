/**
 * `kubectl get -w` / `--watch-only` / `--output-watch-events`, as kubectl 1.31's GetOptions.watch does
 * it: one resource type; the current objects first (the list's table, flushed at once), then one print
 * per watch event from the list's resourceVersion. Each print is flushed on its own, so a watched row is
 * aligned only with itself (kubectl's tabwriter does the same); the table header comes once, with the
 * first print; `-o yaml` puts `---` before every object after the first.
 */
import { StatusError } from '../sim/api/types';
import type { ResourceDefinition, WatchEventType } from '../sim/api/types';
import type { KObject } from '../sim/types';
import { plainError } from './errors';
import { flagBool, flagList, flagString, type ParsedFlags } from './flags';
import { FollowStream } from './follow';
import { printerFor, tableLines } from './printers';
import { TABLE_TABWRITER, tabwrite } from './tabwriter';
import { kindRef } from './resources';
import { parseResourceArgs } from './commands/args';
import type { CommandIO } from './commands/context';
import { explainListError, nsFor, withTypeMeta, type Scope } from './commands/fetch';
import { nameRef, parseOutputFlag, renderStructured } from './commands/output';

export function runGetWatch(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const parsed = parseResourceArgs(f.args);
  if (new Set(parsed.requests.map((r) => r.def)).size > 1 || parsed.requests.length > 1) throw plainError('you may only specify a single resource type');
  const req = parsed.requests[0]!;
  const def = req.def;
  const labelSel = flagString(f, 'selector');
  const fieldSel = flagString(f, 'field-selector');
  if (req.name !== undefined && (labelSel || fieldSel)) throw plainError('name cannot be provided when a selector is specified');
  const ns = nsFor(def, scope);
  const fmt = parseOutputFlag(flagString(f, 'output'));
  const events = flagBool(f, 'output-watch-events');
  const watchOnly = flagBool(f, 'watch-only');
  const selector = req.name !== undefined ? `metadata.name=${req.name}` : fieldSel;

  let initial: KObject[];
  let rv: string;
  try {
    if (req.name !== undefined) {
      const one = client.get<KObject>(def.plural, def.namespaced ? scope.namespace : undefined, req.name);
      initial = [withTypeMeta(def, one)];
      rv = one.metadata.resourceVersion ?? '0';
    } else {
      const list = client.list<KObject>(def.plural, ns, { ...(labelSel ? { labelSelector: labelSel } : {}), ...(fieldSel ? { fieldSelector: fieldSel } : {}) });
      initial = list.items.map((o) => withTypeMeta(def, o));
      rv = list.metadata.resourceVersion;
    }
  } catch (e) {
    if (e instanceof StatusError && e.reason === 'NotFound' && flagBool(f, 'ignore-not-found')) return;
    throw req.name === undefined ? explainListError(e, def, labelSel, fieldSel) : e;
  }

  const printer = new WatchPrinter(def, f, scope, fmt, events, () => io.ctx.nowMs());
  if (!watchOnly) io.out(printer.print(initial.map((obj) => ({ type: 'ADDED' as const, obj }))));

  const stream = new FollowStream();
  const w = client.watch<KObject>(def.plural, ns, { resourceVersion: rv, ...(labelSel ? { labelSelector: labelSel } : {}), ...(selector ? { fieldSelector: selector } : {}) }, (ev) => {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
    stream.write(printer.print([{ type: ev.type, obj: withTypeMeta(def, ev.object) }]));
  });
  stream.onEnd(() => w.stop());
  io.follow = stream;
}

/** One printer for the whole watch: it remembers whether the header was printed and how many objects were. */
class WatchPrinter {
  private headerDone = false;
  private printed = 0;
  constructor(
    private readonly def: ResourceDefinition,
    private readonly f: ParsedFlags,
    private readonly scope: Scope,
    private readonly fmt: ReturnType<typeof parseOutputFlag>,
    private readonly events: boolean,
    private readonly nowMs: () => number,
  ) {}

  /** What one flush prints: these objects, aligned together. */
  print(items: { type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>; obj: KObject }[]): string {
    if (items.length === 0) return '';
    const fmt = this.fmt;
    if (fmt.kind === 'human') {
      const noHeaders = flagBool(this.f, 'no-headers') || this.headerDone;
      const lines = tableLines(
        printerFor(this.def.plural, this.def.group),
        items.map((i) => i.obj),
        {
          wide: fmt.wide,
          noHeaders,
          withNamespace: this.scope.allNamespaces && this.def.namespaced,
          showLabels: flagBool(this.f, 'show-labels'),
          labelColumns: flagList(this.f, 'label-columns'),
          kindPrefix: flagBool(this.f, 'show-kind') ? kindRef(this.def) : undefined,
          nowMs: this.nowMs(),
        },
      );
      const rows = lines.split('\n').slice(0, -1);
      // --output-watch-events: the event's type is the first column.
      const withEvents = this.events ? rows.map((r, i) => `${!noHeaders && i === 0 ? 'EVENT' : items[noHeaders ? i : i - 1]!.type}\t${r}`) : rows;
      this.headerDone = true;
      return tabwrite(withEvents.join('\n') + '\n', TABLE_TABWRITER);
    }
    let out = '';
    for (const { type, obj } of items) {
      if (fmt.kind === 'name') {
        out += `${nameRef(this.def, obj)}\n`;
        continue;
      }
      const data = this.events ? { type, object: obj } : obj;
      const text = renderStructured(fmt, data);
      // kubectl's YAML printer separates the second and later documents with ---.
      out += fmt.kind === 'yaml' && this.printed > 0 ? `---\n${text}` : text;
      this.printed++;
    }
    return out;
  }
}
