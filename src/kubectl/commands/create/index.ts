/** `kubectl create`: from files (-f) or one of its generators, `create <kind> NAME …`. */
import { KubectlError, plainError, usageError } from '../../errors';
import { DRY_RUN_FLAG, flagList, PRINT_FLAGS, VALIDATE_FLAG, type FlagSpec, type ParsedFlags, type Subcommand } from '../../flags';
import type { CommandIO } from '../context';
import type { Scope } from '../fetch';
import { CONFIGMAP_FLAGS, runCreateConfigMap } from './configmap';
import { DEPLOYMENT_FLAGS, NAMESPACE_FLAGS, runCreateDeployment, runCreateNamespace } from './deployment';
import { INGRESS_FLAGS, runCreateIngress } from './ingress';
import { CRONJOB_FLAGS, JOB_FLAGS, runCreateCronJob, runCreateJob } from './job';
import { PDB_FLAGS, PRIORITYCLASS_FLAGS, QUOTA_FLAGS, runCreatePdb, runCreatePriorityClass, runCreateQuota, runCreateServiceAccount, SERVICEACCOUNT_FLAGS } from './misc';
import { CLUSTERROLE_FLAGS, CLUSTERROLEBINDING_FLAGS, ROLE_FLAGS, ROLEBINDING_FLAGS, runCreateClusterRole, runCreateClusterRoleBinding, runCreateRole, runCreateRoleBinding } from './rbac';
import { runCreateSecret, SECRET_FLAGS } from './secret';
import { runCreateService, SERVICE_FLAGS } from './service';
import { runCreateToken, TOKEN_FLAGS } from './token';

export { buildDeployment, containerNameFromImage } from './deployment';

/** `kubectl create`'s own flags (creating from files); its subcommands have theirs. */
export const CREATE_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { long: 'edit', kind: 'bool' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-create' },
  { long: 'filename', short: 'f', kind: 'strings' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'raw', kind: 'string' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'save-config', kind: 'bool' },
  { long: 'selector', short: 'l', kind: 'string' },
  VALIDATE_FLAG,
  { long: 'windows-line-endings', kind: 'bool' },
];

type Run = (io: CommandIO, f: ParsedFlags, scope: Scope) => void;

/** The generators, with cobra's names and aliases. */
const GENERATORS: (Subcommand & { run: Run })[] = [
  { name: 'clusterrole', flags: CLUSTERROLE_FLAGS, run: runCreateClusterRole },
  { name: 'clusterrolebinding', flags: CLUSTERROLEBINDING_FLAGS, run: runCreateClusterRoleBinding },
  { name: 'configmap', aliases: ['cm'], flags: CONFIGMAP_FLAGS, run: runCreateConfigMap },
  { name: 'cronjob', aliases: ['cj'], flags: CRONJOB_FLAGS, run: runCreateCronJob },
  { name: 'deployment', aliases: ['deploy'], flags: DEPLOYMENT_FLAGS, run: runCreateDeployment },
  { name: 'ingress', aliases: ['ing'], flags: INGRESS_FLAGS, run: runCreateIngress },
  { name: 'job', flags: JOB_FLAGS, run: runCreateJob },
  { name: 'namespace', aliases: ['ns'], flags: NAMESPACE_FLAGS, run: runCreateNamespace },
  { name: 'poddisruptionbudget', aliases: ['pdb'], flags: PDB_FLAGS, run: runCreatePdb },
  { name: 'priorityclass', aliases: ['pc'], flags: PRIORITYCLASS_FLAGS, run: runCreatePriorityClass },
  { name: 'quota', aliases: ['resourcequota'], flags: QUOTA_FLAGS, run: runCreateQuota },
  { name: 'role', flags: ROLE_FLAGS, run: runCreateRole },
  { name: 'rolebinding', flags: ROLEBINDING_FLAGS, run: runCreateRoleBinding },
  { name: 'secret', flags: SECRET_FLAGS, run: runCreateSecret },
  { name: 'service', aliases: ['svc'], flags: SERVICE_FLAGS, run: runCreateService },
  { name: 'serviceaccount', aliases: ['sa'], flags: SERVICEACCOUNT_FLAGS, run: runCreateServiceAccount },
  { name: 'token', flags: TOKEN_FLAGS, run: runCreateToken },
];

export const CREATE_SUBCOMMANDS: Subcommand[] = GENERATORS.map(({ name, aliases, flags }) => ({ name, ...(aliases ? { aliases } : {}), flags }));

export function runCreate(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const what = f.args[0];
  const gen = what === undefined ? undefined : GENERATORS.find((g) => g.name === what || (g.aliases ?? []).includes(what));
  if (gen) return gen.run(io, f, scope);
  if (flagList(f, 'filename').length > 0) throw plainError('create -f is not supported here; use kubectl apply -f');
  if (what === undefined) throw new KubectlError('error: must specify one of -f and -k');
  // Not a subcommand: cobra hands the words to `create` itself, which takes none.
  throw usageError('kubectl create', `Unexpected args: [${f.args.join(' ')}]`);
}
