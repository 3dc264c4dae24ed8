/** `kubectl get`: tables (with -A, -o wide, -L, --show-labels, --no-headers, several kinds), -o name|yaml|json|jsonpath. */
import { StatusError } from '../../sim/api/types';
import type { ResourceDefinition } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { formatError, KubectlError, plainError } from '../errors';
import { flagBool, flagList, flagString, type FlagSpec, type ParsedFlags } from '../flags';
import { printerFor, tableLines } from '../printers';
import { executeJsonPath, parseJsonPath } from '../printers/jsonpath';
import { kindRef } from '../resources';
import { TABLE_TABWRITER, tabwrite } from '../tabwriter';
import { parseResourceArgs } from './args';
import { runGetWatch } from '../followGet';
import type { CommandIO } from './context';
import { getOne, listAll, type Scope } from './fetch';
import { asList, nameRef, parseOutputFlag, renderCustomColumns, renderStructured } from './output';

export { GET_FLAGS } from './readingFlags';

interface Item {
  def: ResourceDefinition;
  obj: KObject;
}

/** Sorts by a JSONPath field (`.metadata.name` or `{.metadata.name}`), numbers numerically. */
function sortItems(items: Item[], sortBy: string): Item[] {
  const expr = sortBy.startsWith('{') ? sortBy : `{${sortBy.startsWith('.') ? '' : '.'}${sortBy}}`;
  const tpl = parseJsonPath(expr);
  const keyed = items.map((it, i) => {
    const v = executeJsonPath(tpl, it.obj);
    return { it, i, v, n: v !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined };
  });
  keyed.sort((a, b) => {
    if (a.n !== undefined && b.n !== undefined && a.n !== b.n) return a.n - b.n;
    if (a.v !== b.v) return a.v < b.v ? -1 : 1;
    return a.i - b.i;
  });
  return keyed.map((k) => k.it);
}

export function runGet(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const nowMs = io.ctx.nowMs();
  const output = flagString(f, 'output');
  // Table output is settled now; any other printer is only built once the objects are fetched, so a
  // bad -o is reported after a missing resource type or a missing object, as kubectl does.
  const human = output === '' || output === 'wide';
  if (f.args.length === 0) {
    io.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n');
    throw new KubectlError(
      'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  }
  // -w and --watch-only keep printing as the objects change.
  if (flagBool(f, 'watch') || flagBool(f, 'watch-only')) {
    runGetWatch(io, f, scope);
    return;
  }
  const parsed = parseResourceArgs(f.args);
  const labelSel = flagString(f, 'selector');
  const fieldSel = flagString(f, 'field-selector');
  if (parsed.byName && (labelSel || fieldSel)) throw plainError(parsed.tuples ? 'selectors and the all flag cannot be used when passing resource/name arguments' : 'name cannot be provided when a selector is specified');
  const ignoreNotFound = flagBool(f, 'ignore-not-found');

  let items: Item[] = [];
  const groups: { def: ResourceDefinition; items: Item[] }[] = [];
  for (const req of parsed.requests) {
    try {
      const objs = req.name !== undefined ? [getOne(client, req.def, scope, req.name)] : listAll(client, req.def, scope, labelSel, fieldSel);
      const its = objs.map((obj) => ({ def: req.def, obj }));
      items.push(...its);
      const last = groups[groups.length - 1];
      if (last && last.def === req.def) last.items.push(...its);
      else groups.push({ def: req.def, items: its });
    } catch (e) {
      if (e instanceof StatusError && e.reason === 'NotFound' && ignoreNotFound) continue;
      if (e instanceof StatusError) {
        io.fail(e);
        continue;
      }
      throw e;
    }
  }
  const sortBy = flagString(f, 'sort-by');
  if (!human && parsed.singleItem && io.hasErrors()) return;
  const fmt = parseOutputFlag(output);

  if (fmt.kind === 'human') {
    const withKind = parsed.kinds > 1 || flagBool(f, 'show-kind');
    const noHeaders = flagBool(f, 'no-headers');
    let written = false;
    for (const g of groups) {
      const its = sortBy ? sortItems(g.items, sortBy) : g.items;
      const lines = tableLines(
        printerFor(g.def.plural, g.def.group),
        its.map((i) => i.obj),
        {
          wide: fmt.wide,
          noHeaders,
          withNamespace: scope.allNamespaces && g.def.namespaced,
          showLabels: flagBool(f, 'show-labels'),
          labelColumns: flagList(f, 'label-columns'),
          kindPrefix: withKind ? kindRef(g.def) : undefined,
          nowMs,
        },
      );
      if (lines === '') continue;
      if (written && !noHeaders) io.out('\n');
      io.out(tabwrite(lines, TABLE_TABWRITER));
      written = true;
    }
    if (!written && !io.hasErrors() && !ignoreNotFound) {
      const allNamespaced = !scope.allNamespaces && parsed.requests.every((r) => r.def.namespaced);
      io.err(allNamespaced ? `No resources found in ${scope.namespace} namespace.\n` : 'No resources found\n');
    }
  } else {
    if (sortBy) items = sortItems(items, sortBy);
    if (fmt.kind === 'name') {
      for (const it of items) io.out(nameRef(it.def, it.obj) + '\n');
    } else if (fmt.kind === 'custom-columns') {
      if (items.length > 0) io.out(renderCustomColumns(fmt.columns, items.map((i) => i.obj), flagBool(f, 'no-headers')));
      else if (!io.hasErrors()) io.err(!scope.allNamespaces && parsed.requests.every((r) => r.def.namespaced) ? `No resources found in ${scope.namespace} namespace.\n` : 'No resources found\n');
    } else {
      const data = parsed.singleItem && items.length === 1 ? items[0]!.obj : asList(items.map((i) => i.obj));
      if (!(parsed.singleItem && items.length === 0)) io.out(renderStructured(fmt, data));
    }
  }
}
