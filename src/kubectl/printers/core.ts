/** Tables for namespaces, configmaps, secrets, serviceaccounts, leases, priorityclasses, and the generic NAME / AGE fallback. */
import type { ConfigMap, Namespace, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { KObject } from '../../sim/types';
import { ageSince } from '../time';
import type { PrintContext, TablePrinter } from './table';

const name = (o: KObject): string => o.metadata?.name ?? '';
const age = (o: KObject, ctx: PrintContext): string => ageSince(o.metadata?.creationTimestamp, ctx.nowMs);

export const namespacePrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Status' }, { name: 'Age' }],
  row: (o, ctx) => [name(o), (o as Namespace).status?.phase ?? '', age(o, ctx)],
};

export const configMapPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Data' }, { name: 'Age' }],
  row: (o, ctx) => {
    const cm = o as ConfigMap;
    return [name(o), String(Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length), age(o, ctx)];
  },
};

export const secretPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Type' }, { name: 'Data' }, { name: 'Age' }],
  row: (o, ctx) => {
    const s = o as Secret;
    return [name(o), s.type ?? '', String(Object.keys(s.data ?? {}).length), age(o, ctx)];
  },
};

export const serviceAccountPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Secrets' }, { name: 'Age' }],
  row: (o, ctx) => [name(o), String(((o as ServiceAccount).secrets ?? []).length), age(o, ctx)],
};

export const leasePrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Holder' }, { name: 'Age' }],
  row: (o, ctx) => [name(o), (o as Lease).spec?.holderIdentity ?? '', age(o, ctx)],
};

/** The 1.31 API server's columns (PREEMPTIONPOLICY joined them, under -o wide, only in 1.32). */
export const priorityClassPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Value' }, { name: 'Global-Default' }, { name: 'Age' }],
  row: (o, ctx) => {
    const pc = o as unknown as PriorityClass;
    return [name(o), String(pc.value ?? 0), String(pc.globalDefault ?? false), age(o, ctx)];
  },
};

/** printValidatingWebhook / printMutatingWebhook: how many webhooks the configuration holds. */
export const webhookConfigurationPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Webhooks' }, { name: 'Age' }],
  row: (o, ctx) => [name(o), String(((o as { webhooks?: unknown[] }).webhooks ?? []).length), age(o, ctx)],
};

export const genericPrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Age' }],
  row: (o, ctx) => [name(o), age(o, ctx)],
};
