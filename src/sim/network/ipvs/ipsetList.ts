/**
 * `ipset list [NAME]` in ipset's plain output mode (lib/session.c list_create / list_adt):
 *
 *   Name: NAME
 *   Type: TYPE
 *   Revision: N
 *   Header: <create options that differ from the defaults the kernel reports>
 *   Size in memory: N
 *   References: N
 *   Number of entries: N
 *   Members:
 *   <one member per line>
 *
 * Sets after the first are preceded by an empty line. An unknown name fails with ipset's
 * "The set with the given name does not exist".
 */
import type { CommandResult } from './ipvsadm';
import { IPSET_VERSION, type IpSet, type IpsetRegistry } from './ipset';

function block(set: IpSet, first: boolean): string {
  const members = set.members();
  return (
    `${first ? '' : '\n'}Name: ${set.name}\nType: ${set.type}\nRevision: ${set.revision}\nHeader: ${set.header()}\n` +
    `Size in memory: ${set.memsize()}\nReferences: ${set.references}\nNumber of entries: ${members.length}\nMembers:\n` +
    members.map((m) => `${m}\n`).join('')
  );
}

export function ipsetList(registry: IpsetRegistry, name?: string): CommandResult {
  if (name !== undefined) {
    const set = registry.get(name);
    if (!set) return { stdout: '', stderr: `ipset ${IPSET_VERSION}: The set with the given name does not exist\n`, exitCode: 1 };
    return { stdout: block(set, true), stderr: '', exitCode: 0 };
  }
  return { stdout: registry.list().map((s, i) => block(s, i === 0)).join(''), stderr: '', exitCode: 0 };
}
