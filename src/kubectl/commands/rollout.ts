/** `kubectl rollout status|history|undo|restart|pause|resume` for Deployments. */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { deploymentReplicaSets, revisionOf, templatesEqual } from '../describe';
import { describePodTemplate } from '../describe/common';
import { KubectlError, PlainError, plainError, usageError } from '../errors';
import { FILENAME_FLAGS, flagInt, flagString, PRINT_FLAGS, type FlagSpec, type ParsedFlags, type Subcommand } from '../flags';
import { DESCRIBE_TABWRITER, tabwrite } from '../tabwriter';
import { timestampOf } from '../time';
import { parseResourceArgs } from './args';
import type { CommandIO } from './context';
import { goQuote } from '../../sim/api/validation/fieldErrors';
import { getOne, type Scope } from './fetch';
import { nameRef } from './output';
import { PrefixWriter } from '../describe/writer';
import { runRolloutStatus } from '../followRollout';

/** `kubectl rollout` itself has no flags of its own; each subcommand has its set. */
export const ROLLOUT_FLAGS: FlagSpec[] = [];

const SELECTOR: FlagSpec = { long: 'selector', short: 'l', kind: 'string' };
const FIELD_MANAGER: FlagSpec = { long: 'field-manager', kind: 'string', default: 'kubectl-rollout' };

export const ROLLOUT_SUBCOMMANDS: Subcommand[] = [
  { name: 'history', flags: [...PRINT_FLAGS, ...FILENAME_FLAGS, SELECTOR, { long: 'revision', kind: 'int', default: 0 }] },
  { name: 'pause', flags: [...PRINT_FLAGS, ...FILENAME_FLAGS, SELECTOR, FIELD_MANAGER] },
  { name: 'restart', flags: [...PRINT_FLAGS, ...FILENAME_FLAGS, SELECTOR, FIELD_MANAGER] },
  { name: 'resume', flags: [...PRINT_FLAGS, ...FILENAME_FLAGS, SELECTOR, FIELD_MANAGER] },
  {
    name: 'status',
    flags: [...FILENAME_FLAGS, SELECTOR, { long: 'revision', kind: 'int', default: 0 }, { long: 'timeout', kind: 'string', default: '0s' }, { long: 'watch', short: 'w', kind: 'bool', default: true }],
  },
  { name: 'undo', flags: [...PRINT_FLAGS, ...FILENAME_FLAGS, SELECTOR, { long: 'dry-run', kind: 'string', noOptDefVal: 'unchanged' }, { long: 'to-revision', kind: 'int', default: 0 }] },
];

const SUBCOMMANDS = ROLLOUT_SUBCOMMANDS.map((c) => c.name);

/** What `kubectl rollout` alone prints. */
const ROLLOUT_HELP = `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const SKIP_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** The line `rollout status` prints for the deployment's current state, and whether the rollout is done. */
export function deploymentStatusLine(d: Deployment): { text: string; done: boolean; error?: string } {
  const name = d.metadata?.name ?? '';
  const st = d.status ?? {};
  if ((d.metadata?.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const prog = (st.conditions ?? []).find((c) => c.type === 'Progressing');
    if (prog && prog.reason === 'ProgressDeadlineExceeded') return { text: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
    const replicas = d.spec?.replicas;
    const updated = st.updatedReplicas ?? 0;
    if (replicas !== undefined && updated < replicas) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    if ((st.replicas ?? 0) > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
    if ((st.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
    return { text: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
}

function rawTemplate(t: ReplicaSet['spec'] extends infer S ? (S extends { template?: infer T } ? T : never) : never): string {
  const w = new PrefixWriter(true);
  describePodTemplate(w, t);
  return w.toString();
}

export function runRollout(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const client = io.ctx.client;
  const [sub, ...args] = f.args;
  if (!sub) {
    // DefaultSubCommandRun: the help, then exit 1.
    io.out(ROLLOUT_HELP);
    io.exitCode = 1;
    return;
  }
  if (!SUBCOMMANDS.includes(sub)) throw usageError('kubectl rollout', `unknown command ${goQuote(f.args.join(' '))}`);
  if (args.length === 0) throw new KubectlError(`error: required resource not specified`);
  // status follows the rollout as time passes (followRollout).
  if (sub === 'status') {
    runRolloutStatus(io, f, scope, args);
    return;
  }
  const parsed = parseResourceArgs(args);
  for (const req of parsed.requests) {
    if (req.name === undefined) throw plainError('resource(s) were provided, but no name was specified');
    let obj: KObject;
    try {
      obj = getOne(client, req.def, scope, req.name);
    } catch (e) {
      if (e instanceof StatusError) {
        io.fail(e);
        continue;
      }
      throw e;
    }
    const ref = nameRef(req.def, obj);
    if (req.def.group !== 'apps' || req.def.plural !== 'deployments') {
      const what = sub === 'status' ? 'status viewer' : sub === 'history' ? 'history viewer' : sub === 'undo' ? 'rollbacker' : sub === 'restart' ? 'restarter' : 'pauser';
      io.fail(plainError(`no ${what} has been implemented for {"${req.def.group}" "${req.def.kind}"}`));
      continue;
    }
    const d = obj as unknown as Deployment & KObject;
    const ns = d.metadata?.namespace;
    const name = d.metadata?.name ?? '';
    try {
      switch (sub) {
        case 'status': {
          const r = deploymentStatusLine(d);
          if (r.error) throw plainError(r.error);
          io.out(r.text);
          break;
        }
        case 'history': {
          const { all } = deploymentReplicaSets(client, d);
          const history = new Map<number, ReplicaSet>();
          for (const rs of all) {
            const v = revisionOf(rs as KObject);
            if (rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === undefined) continue;
            history.set(v, rs);
          }
          const revision = flagInt(f, 'revision', 0);
          if (history.size === 0) {
            io.out(`${ref} \nNo rollout history found.\n`);
            break;
          }
          if (revision > 0) {
            const rs = history.get(revision);
            if (!rs) throw plainError('unable to find the specified revision');
            const tpl = JSON.parse(JSON.stringify(rs.spec?.template ?? {}));
            const cause = rs.metadata?.annotations?.[CHANGE_CAUSE];
            if (cause) tpl.metadata = { ...(tpl.metadata ?? {}), annotations: { ...(tpl.metadata?.annotations ?? {}), [CHANGE_CAUSE]: cause } };
            io.out(`${ref} with revision #${revision}\n${rawTemplate(tpl)}\n`);
            break;
          }
          const revs = [...history.keys()].sort((a, b) => a - b);
          const lines = ['REVISION\tCHANGE-CAUSE', ...revs.map((r) => `${r}\t${history.get(r)!.metadata?.annotations?.[CHANGE_CAUSE] || '<none>'}`)];
          io.out(`${ref} \n${tabwrite(lines.join('\n') + '\n', DESCRIBE_TABWRITER)}\n`);
          break;
        }
        case 'undo': {
          const toRevision = flagInt(f, 'to-revision', 0);
          if (toRevision < 0) throw plainError(`unable to find specified revision ${toRevision} in history`);
          const { all } = deploymentReplicaSets(client, d);
          let target: ReplicaSet | undefined;
          if (toRevision > 0) {
            target = all.find((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] !== undefined && revisionOf(rs as KObject) === toRevision);
            if (!target) throw plainError(`unable to find specified revision ${toRevision} in history`);
          } else {
            let latest = -1;
            let previous = -1;
            let latestRS: ReplicaSet | undefined;
            for (const rs of all) {
              if (rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === undefined) continue;
              const v = revisionOf(rs as KObject);
              if (latest < v) {
                previous = latest;
                target = latestRS;
                latest = v;
                latestRS = rs;
              } else if (previous < v) {
                previous = v;
                target = rs;
              }
            }
            if (!target) throw plainError(`no rollout history found for deployment "${name}"`);
          }
          if (d.spec?.paused) throw plainError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
          if (templatesEqual(target.spec?.template, d.spec?.template)) {
            io.out(`${ref} skipped rollback (current template already matches revision ${toRevision})\n`);
            break;
          }
          const tpl = JSON.parse(JSON.stringify(target.spec?.template ?? {}));
          if (tpl.metadata?.labels) delete tpl.metadata.labels['pod-template-hash'];
          const annotations: Record<string, string> = {};
          for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) if (SKIP_ANNOTATIONS.has(k)) annotations[k] = v;
          for (const [k, v] of Object.entries(target.metadata?.annotations ?? {})) if (!SKIP_ANNOTATIONS.has(k)) annotations[k] = v;
          client.patch(
            'deployments',
            ns,
            name,
            [
              { op: 'replace', path: '/spec/template', value: tpl },
              { op: 'replace', path: '/metadata/annotations', value: annotations },
            ],
            { type: 'json' },
          );
          io.out(`${ref} rolled back\n`);
          break;
        }
        case 'restart': {
          if (d.spec?.paused) throw new PlainError(`error: deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`);
          const now = timestampOf(io.ctx.nowMs());
          if (d.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] === now) {
            throw plainError(`failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`);
          }
          client.patch('deployments', ns, name, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now } } } } }, { type: 'strategic' });
          io.out(`${ref} restarted\n`);
          break;
        }
        case 'pause':
        case 'resume': {
          const want = sub === 'pause';
          if (!!d.spec?.paused === want) {
            io.out(`${ref} already ${want ? 'paused' : 'resumed'}\n`);
            break;
          }
          client.patch('deployments', ns, name, { spec: { paused: want ? true : null } }, { type: 'strategic' });
          io.out(`${ref} ${want ? 'paused' : 'resumed'}\n`);
          break;
        }
      }
    } catch (e) {
      if (e instanceof StatusError || e instanceof PlainError) io.fail(e);
      else throw e;
    }
  }
  void flagString;
}
