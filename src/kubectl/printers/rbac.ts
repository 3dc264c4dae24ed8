/**
 * Tables for roles, clusterroles, rolebindings and clusterrolebindings, as the 1.31 API server's
 * printers (pkg/printers/internalversion) make them: a role shows when it was created (RFC 3339, not
 * an age); a binding shows `Kind/name` of its role, and under -o wide its subjects by kind, service
 * accounts as `namespace/name`.
 */
import type { KObject } from '../../sim/types';
import { ageSince } from '../time';
import type { PrintContext, TablePrinter } from './table';

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}
type Binding = KObject & { roleRef?: { kind?: string; name?: string }; subjects?: Subject[] };

export const rolePrinter: TablePrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Created At' }],
  row: (o) => [o.metadata?.name ?? '', o.metadata?.creationTimestamp ?? ''],
};

/** Users, groups and service accounts of a binding's subjects, in their order (rbac.SubjectsStrings). */
export function subjectsStrings(subjects: readonly Subject[] | undefined): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name ?? '');
    else if (s.kind === 'Group') groups.push(s.name ?? '');
    else if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
  }
  return { users, groups, serviceAccounts };
}

export const roleBindingPrinter: TablePrinter = {
  columns: [
    { name: 'Name', isName: true },
    { name: 'Role' },
    { name: 'Age' },
    { name: 'Users', priority: 1 },
    { name: 'Groups', priority: 1 },
    { name: 'ServiceAccounts', priority: 1 },
  ],
  row: (o, ctx: PrintContext) => {
    const b = o as Binding;
    const cells = [b.metadata?.name ?? '', `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, ageSince(b.metadata?.creationTimestamp, ctx.nowMs)];
    if (!ctx.wide) return cells;
    const s = subjectsStrings(b.subjects);
    return [...cells, s.users.join(', '), s.groups.join(', '), s.serviceAccounts.join(', ')];
  },
};
