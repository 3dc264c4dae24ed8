/**
 * Who a kubectl command's requests come from: the user of the kubeconfig context (the current one, or
 * `--context`, or `--user`), then `--as`/`--as-group`/`--as-uid` impersonation on top, as client-go's
 * rest config carries them (Impersonate-User, Impersonate-Group, Impersonate-Uid headers).
 */
import type { CommandIO, KubectlContext } from './commands/context';
import { plainError } from './errors';
import { flagList, flagString, type ParsedFlags } from './flags';

export function identityFor(io: CommandIO, f: ParsedFlags): KubectlContext {
  const ctx = io.ctx;
  let client = ctx.client;
  let namespace = ctx.namespace;
  let userName = client.user;
  // Without clientFor (an observer) the command keeps its client whatever the context names.
  if (ctx.kubeconfig && ctx.clientFor) {
    const resolved = ctx.kubeconfig.resolve({ context: flagString(f, 'context'), user: flagString(f, 'user') });
    if (resolved.user === undefined) {
      // A context whose user has no entry has no credentials: kubectl asks for basic auth on a terminal it cannot read.
      io.out('Please enter Username: ');
      throw plainError('EOF');
    }
    userName = resolved.user;
    if (resolved.user !== client.user) client = ctx.clientFor(resolved.user);
    if (resolved.namespace) namespace = resolved.namespace;
  }
  const as = flagString(f, 'as');
  const groups = flagList(f, 'as-group');
  const uid = flagString(f, 'as-uid');
  if (as === '' && (groups.length > 0 || uid !== '')) throw plainError(`requesting uid, groups or user-extra for ${userName} without impersonating a user`);
  if (as !== '') {
    if (!client.impersonate) throw plainError('impersonation is not supported by this client');
    // --as-uid is sent as Impersonate-Uid; the API server here serves the user and groups.
    client = client.impersonate({ user: as, ...(groups.length > 0 ? { groups } : {}) });
  }
  return { ...ctx, client, ...(namespace !== undefined ? { namespace } : {}) };
}
