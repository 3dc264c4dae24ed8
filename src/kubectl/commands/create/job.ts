/** `kubectl create job NAME --image=… [-- COMMAND]` or `--from=cronjob/NAME`, and `kubectl create cronjob`. */
import type { KObject } from '../../../sim/types';
import { plainError } from '../../errors';
import { flagString, type FlagSpec, type ParsedFlags } from '../../flags';
import { resolveOrFail, splitResourceTypeName } from '../args';
import type { CommandIO } from '../context';
import { getOne, type Scope } from '../fetch';
import { CREATE_COMMON, enforcedNamespace, finishCreate, genMeta, oneName, requireFlags, splitAtDash } from './common';

export const JOB_FLAGS: FlagSpec[] = [...CREATE_COMMON, { long: 'from', kind: 'string' }, { long: 'image', kind: 'string' }];
export const CRONJOB_FLAGS: FlagSpec[] = [...CREATE_COMMON, { long: 'image', kind: 'string' }, { long: 'restart', kind: 'string' }, { long: 'schedule', kind: 'string' }];

/** The job's one container: named after the job, the words after `--` as its command. */
function container(name: string, image: string, command: string[]): Record<string, unknown> {
  return { name, image, ...(command.length > 0 ? { command } : {}), resources: {} };
}

export function runCreateJob(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  // NAME is the one argument before `--`.
  const { before, after: command } = splitAtDash(f);
  const name = oneName({ ...f, args: before }, 'job');
  const image = flagString(f, 'image');
  const from = flagString(f, 'from');
  if ((image === '') === (from === '')) throw plainError('either --image or --from must be specified');
  if (command.length > 0 && from !== '') throw plainError('cannot specify --from and command');
  const ns = enforcedNamespace(f);
  let job: KObject;
  if (image !== '') {
    job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: genMeta(name, ns),
      spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
      status: {},
    } as unknown as KObject;
  } else {
    const ref = splitResourceTypeName(from);
    const def = ref ? resolveOrFail(ref.type) : undefined;
    if (!ref || !def) throw plainError(`from must be an existing cronjob: ${from}`);
    const src = getOne(io.ctx.client, def, scope, ref.name);
    if (src.kind !== 'CronJob') throw plainError(`unknown object type ${def.kind}`);
    const tpl = (src.spec as { jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } }).jobTemplate ?? {};
    // A job made by hand from a cronjob is marked so, and owned by the cronjob as its own jobs are.
    const annotations = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tpl.metadata?.annotations ?? {}) };
    job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: genMeta(name, ns, {
        annotations,
        ...(tpl.metadata?.labels ? { labels: tpl.metadata.labels } : {}),
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: src.metadata?.name, uid: src.metadata?.uid, controller: true, blockOwnerDeletion: true }],
      }),
      spec: JSON.parse(JSON.stringify(tpl.spec ?? {})),
      status: {},
    } as unknown as KObject;
  }
  finishCreate(io, f, scope, 'jobs', job, 'failed to create job: ');
}

export function runCreateCronJob(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  requireFlags(f, 'image', 'schedule');
  const { before, after: command } = splitAtDash(f);
  const name = oneName({ ...f, args: before }, 'cronjob');
  const restart = flagString(f, 'restart') || 'OnFailure';
  const cj = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: genMeta(name, enforcedNamespace(f)),
    spec: {
      jobTemplate: {
        metadata: { name, creationTimestamp: null },
        spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, flagString(f, 'image'), command)], restartPolicy: restart } } },
      },
      schedule: flagString(f, 'schedule'),
    },
    status: {},
  } as unknown as KObject;
  finishCreate(io, f, scope, 'cronjobs', cj, 'failed to create cronjob: ');
}
