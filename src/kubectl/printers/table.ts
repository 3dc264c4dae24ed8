/**
 * Server-side-table equivalents: each kind's printer yields column definitions and one row of cells
 * per object, as the API server's table convertor does; `renderTable` then decorates and lays them out
 * the way kubectl's human-readable printer does (NAMESPACE first with -A, one column per -L label key
 * after the kind's own columns, LABELS last with --show-labels, `kind/name` in the name column when
 * several kinds are printed, wide-only columns).
 */
import type { KObject } from '../../sim/types';
import { formatLabels } from '../labelfmt';

export interface Column {
  name: string;
  /** 0 = always shown; 1 = only with -o wide */
  priority?: number;
  /** the column kubectl prefixes with `kind/` when printing several kinds */
  isName?: boolean;
}

export interface PrintContext {
  nowMs: number;
  wide: boolean;
}

export interface TablePrinter {
  columns: Column[];
  /** Cells for all columns (wide-only included, or omitted when !wide — both are accepted). */
  row(obj: KObject, ctx: PrintContext): string[];
}

export interface RenderOptions {
  wide: boolean;
  noHeaders: boolean;
  withNamespace: boolean;
  showLabels: boolean;
  /** label keys given with -L / --label-columns, in the order given (repeats kept) */
  labelColumns?: readonly string[];
  /** prefix for the name column, e.g. `deployment.apps`, when several kinds are printed */
  kindPrefix?: string;
  nowMs: number;
}

/** A -L column's heading: the key's last `/`-separated segment, upper-cased (`topology.kubernetes.io/zone` → ZONE). */
export function labelColumnHeader(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).toUpperCase();
}

/** Cuts a cell at its first line break, marking the cut with `...`, as kubectl does. */
function cellText(s: string): string {
  const m = /[\n\r\f]/.exec(s);
  return m ? s.slice(0, m.index) + '...' : s;
}

/**
 * Rows of one kind as tab-separated lines (tabwriter input), headers first unless suppressed or the
 * list is empty. Returns '' for no objects.
 */
export function tableLines(printer: TablePrinter, objs: readonly KObject[], opts: RenderOptions): string {
  if (objs.length === 0) return '';
  const cols = printer.columns;
  const shown: number[] = [];
  cols.forEach((c, i) => {
    if (opts.wide || !c.priority) shown.push(i);
  });
  const nameIdx = cols.findIndex((c) => c.isName);
  const labelKeys = opts.labelColumns ?? [];
  const out: string[] = [];
  if (!opts.noHeaders) {
    const h: string[] = [];
    if (opts.withNamespace) h.push('NAMESPACE');
    for (const i of shown) h.push(cols[i]!.name.toUpperCase());
    for (const key of labelKeys) h.push(labelColumnHeader(key));
    if (opts.showLabels) h.push('LABELS');
    out.push(h.join('\t'));
  }
  const ctx: PrintContext = { nowMs: opts.nowMs, wide: opts.wide };
  for (const obj of objs) {
    const cells = printer.row(obj, ctx);
    const r: string[] = [];
    if (opts.withNamespace) r.push(obj.metadata?.namespace ?? '');
    for (const i of shown) {
      let c = cells[i] ?? '';
      if (i === nameIdx && opts.kindPrefix) c = `${opts.kindPrefix}/${c}`;
      r.push(cellText(c));
    }
    // An object without the label gets an empty cell, not <none>.
    for (const key of labelKeys) r.push(cellText(obj.metadata?.labels?.[key] ?? ''));
    if (opts.showLabels) r.push(formatLabels(obj.metadata?.labels));
    out.push(r.join('\t'));
  }
  return out.join('\n') + '\n';
}

/** Joins container names and images for the CONTAINERS / IMAGES wide columns. */
export function containerCells(containers: readonly { name: string; image?: string }[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}
