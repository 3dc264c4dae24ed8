/**
 * `kubectl describe namespace` (status, deletion conditions, then the namespace's quotas and limit
 * ranges) and `kubectl describe endpoints` (each subset's ready and not-ready addresses and ports).
 */
import type { Endpoints, Event, LimitRange, Namespace, ResourceQuota } from 'kubernetes-types/core/v1';
import { formatQuantity, parseQuantity } from '../../sim/api/quantity';
import { rfc1123z } from '../time';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { PrefixWriter } from './writer';

const byStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A quantity as Quantity.String() prints it; a missing one is the zero quantity. */
function qty(v: string | number | undefined): string {
  if (v === undefined) return '0';
  try {
    return formatQuantity(parseQuantity(v));
  } catch {
    return String(v);
  }
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** The help line kubectl prints under a quota scope ('' for scopes it has none for). */
export function scopeHelp(scope: string): string {
  return SCOPE_HELP[scope] ?? '';
}

function describeQuotas(w: PrefixWriter, quotas: ResourceQuota[]): void {
  if (quotas.length === 0) {
    w.write(0, 'No resource quota.\n');
    return;
  }
  w.write(0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => byStr(a.metadata?.name ?? '', b.metadata?.name ?? ''))) {
    w.write(1, `Name:\t${q.metadata?.name ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort(byStr);
    if (scopes.length > 0) {
      w.write(1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (scopeHelp(s)) w.write(1, `* ${scopeHelp(s)}\n`);
    }
    w.write(1, 'Resource\tUsed\tHard\n');
    w.write(1, '--------\t---\t---\n');
    // the rows are the quota's observed hard limits (status), as kubectl lists them
    for (const r of Object.keys(q.status?.hard ?? {}).sort(byStr)) {
      w.write(1, `${r}\t${qty(q.status?.used?.[r])}\t${qty(q.status?.hard?.[r])}\n`);
    }
  }
}

function describeLimitRanges(w: PrefixWriter, ranges: LimitRange[]): void {
  if (ranges.length === 0) {
    w.write(0, 'No LimitRange resource.\n');
    return;
  }
  w.write(0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) limitRangeRows(w, lr, ' ');
}

/**
 * One row per limit type and resource. Go ranges over a set here (random order); kubetab sorts the
 * resources, one stable order.
 */
export function limitRangeRows(w: PrefixWriter, lr: LimitRange, prefix: string): void {
  for (const item of lr.spec?.limits ?? []) {
    const cols = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio];
    const names = new Set<string>();
    for (const c of cols) for (const k of Object.keys(c ?? {})) names.add(k);
    for (const r of [...names].sort(byStr)) {
      const cell = (c: Record<string, string | number> | undefined): string => (c?.[r] === undefined ? '-' : qty(c[r]));
      w.write(0, `${prefix}${item.type}\t${r}\t${cols.map(cell).join('\t')}\n`);
    }
  }
}

export function describeNamespace(ns: Namespace, quotas: ResourceQuota[], limitRanges: LimitRange[]): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  const conds = ns.status?.conditions ?? [];
  if (conds.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime ?? '')}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  w.write(0, '\n');
  describeQuotas(w, quotas);
  w.write(0, '\n');
  describeLimitRanges(w, limitRanges);
  return w.toString();
}

export function describeEndpoints(ep: Endpoints, events: Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ep.metadata?.name ?? ''}\n`);
  w.write(0, `Namespace:\t${ep.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata?.annotations);
  w.write(0, 'Subsets:\n');
  for (const s of ep.subsets ?? []) {
    const ips = (list: { ip: string }[] | undefined): string => (list ?? []).map((a) => a.ip).join(',') || '<none>';
    w.write(1, `Addresses:\t${ips(s.addresses)}\n`);
    w.write(1, `NotReadyAddresses:\t${ips(s.notReadyAddresses)}\n`);
    if ((s.ports ?? []).length > 0) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of s.ports ?? []) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
    }
    w.write(0, '\n');
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}
