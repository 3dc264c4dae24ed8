/**
 * `kubectl run NAME --image=IMAGE [--env] [--port] [--labels] [--restart] [--command] [--expose] -- [ARGS…]`:
 * one pod, built as kubectl's run-pod generator builds it, and with --expose a ClusterIP service.
 *
 * The sim has no terminal to attach a container's stdin to, so -i/-t/--attach create the pod as
 * without them and say on stderr that attaching is not available; --rm then deletes nothing.
 */
import { StatusError } from '../../sim/api/types';
import type { KObject } from '../../sim/types';
import { KubectlError, plainError, usageError } from '../errors';
import { dryRunStrategy, flagBool, flagList, flagString, PRINT_FLAGS, VALIDATE_FLAG, type FlagSpec, type ParsedFlags } from '../flags';
import { resolveOrFail } from './args';
import type { CommandIO } from './context';
import { refuseServerDryRun } from './dryRun';
import { withTypeMeta, type Scope } from './fetch';
import { nameRef, parseOutputFlag, renderStructured } from './output';

export const RUN_FLAGS: FlagSpec[] = [
  ...PRINT_FLAGS,
  VALIDATE_FLAG,
  { long: 'annotations', kind: 'stringArray' },
  { long: 'attach', kind: 'bool' },
  { long: 'cascade', kind: 'string', default: 'background', noOptDefVal: 'background' },
  { long: 'command', kind: 'bool' },
  { long: 'dry-run', kind: 'string', default: 'none', noOptDefVal: 'unchanged' },
  { long: 'env', kind: 'stringArray' },
  { long: 'expose', kind: 'bool' },
  { long: 'field-manager', kind: 'string', default: 'kubectl-run' },
  { long: 'filename', short: 'f', kind: 'strings' },
  { long: 'force', kind: 'bool' },
  { long: 'grace-period', kind: 'int', default: -1 },
  { long: 'image', kind: 'string' },
  { long: 'image-pull-policy', kind: 'string' },
  { long: 'kustomize', short: 'k', kind: 'string' },
  { long: 'labels', short: 'l', kind: 'string' },
  { long: 'leave-stdin-open', kind: 'bool' },
  { long: 'override-type', kind: 'string', default: 'merge' },
  { long: 'overrides', kind: 'string' },
  { long: 'pod-running-timeout', kind: 'string', default: '1m0s' },
  { long: 'port', kind: 'string' },
  { long: 'privileged', kind: 'bool' },
  { long: 'quiet', short: 'q', kind: 'bool' },
  { long: 'recursive', short: 'R', kind: 'bool' },
  { long: 'restart', kind: 'string', default: 'Always' },
  { long: 'rm', kind: 'bool' },
  { long: 'save-config', kind: 'bool' },
  { long: 'stdin', short: 'i', kind: 'bool' },
  { long: 'timeout', kind: 'string', default: '0s' },
  { long: 'tty', short: 't', kind: 'bool' },
  { long: 'wait', kind: 'bool' },
];

/** The distribution reference grammar (name[:tag][@digest]), as `reference.ReferenceRegexp` accepts it. */
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}))?$`);

/** `a=b,c=d` into a map, as the generator's ParseLabels does. */
function parseLabels(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2 || kv[0] === '') throw plainError(`invalid label spec: ${pair}`);
    out[kv[0]!] = kv[1]!;
  }
  return out;
}

function parseEnv(specs: string[]): { name: string; value: string }[] {
  return specs.map((s) => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw plainError(`invalid env: ${s}`);
    return { name: s.slice(0, eq), value: s.slice(eq + 1) };
  });
}

function buildPod(f: ParsedFlags, name: string, args: string[], restartPolicy: string): KObject {
  const labelsText = flagString(f, 'labels');
  const labels = labelsText ? parseLabels(labelsText) : { run: name };
  const annotations: Record<string, string> = {};
  for (const a of flagList(f, 'annotations')) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw plainError(`invalid annotation spec: ${a}`);
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const stdin = flagBool(f, 'stdin');
  const container: Record<string, unknown> = {};
  if (args.length > 0) container[flagBool(f, 'command') ? 'command' : 'args'] = args;
  const env = parseEnv(flagList(f, 'env'));
  if (env.length > 0) container.env = env;
  container.image = flagString(f, 'image');
  const pull = flagString(f, 'image-pull-policy');
  if (pull) container.imagePullPolicy = pull;
  container.name = name;
  const port = flagString(f, 'port');
  if (port !== '') {
    if (!/^[+-]?[0-9]+$/.test(port)) throw plainError(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
    container.ports = [{ containerPort: Number(port) }];
  }
  container.resources = {};
  if (flagBool(f, 'privileged')) container.securityContext = { privileged: true };
  if (stdin) container.stdin = true;
  if (stdin && !flagBool(f, 'leave-stdin-open')) container.stdinOnce = true;
  if (flagBool(f, 'tty')) container.tty = true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...(Object.keys(annotations).length > 0 ? { annotations } : {}), creationTimestamp: null, labels, name },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy },
    status: {},
  } as unknown as KObject;
}

/** The ClusterIP service --expose adds: the pod's port, selecting the pod's labels. */
function buildService(f: ParsedFlags, name: string): KObject {
  const labelsText = flagString(f, 'labels');
  const selector = labelsText ? parseLabels(labelsText) : { run: name };
  const port = Number(flagString(f, 'port'));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: null, ...(labelsText ? { labels: parseLabels(labelsText) } : {}), name },
    spec: { ports: [{ port, protocol: 'TCP', targetPort: port }], selector },
    status: { loadBalancer: {} },
  } as unknown as KObject;
}

/** Drops what the client never sends: the zero creation time and the status. */
function requestBody(obj: KObject): KObject {
  const { status: _status, ...rest } = obj as KObject & { status?: unknown };
  const meta = { ...(rest.metadata as Record<string, unknown>) };
  delete meta.creationTimestamp;
  return { ...rest, metadata: meta } as KObject;
}

export function runRun(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  if (!f.changed.has('image')) throw new KubectlError('error: required flag(s) "image" not set');
  if (f.args.length === 0 || f.argsLenAtDash === 0) throw new KubectlError("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const dryRun = dryRunStrategy(f);
  const out = flagString(f, 'output');
  if (out !== '' && out !== 'name') parseOutputFlag(out);
  const image = flagString(f, 'image');
  if (image === '') throw plainError('--image is required');
  if (!REFERENCE.test(image)) throw plainError(`Invalid image name ${JSON.stringify(image)}: invalid reference format`);
  const stdin = flagBool(f, 'stdin');
  const tty = flagBool(f, 'tty');
  if (tty && !stdin) throw usageError('kubectl run', '-i/--stdin is required for containers with -t/--tty=true');
  if (flagBool(f, 'expose') && flagString(f, 'port') === '') throw usageError('kubectl run', '--port must be set when exposing a service');
  const restart = flagString(f, 'restart');
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw usageError('kubectl run', `invalid restart policy: ${restart}`);
  // -i implies --attach unless --attach was given.
  const attach = f.changed.has('attach') ? flagBool(f, 'attach') : stdin;
  if (!attach && flagBool(f, 'rm')) throw usageError('kubectl run', '--rm should only be used for attached containers');
  if (attach && dryRun !== 'none') throw usageError('kubectl run', "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  const pull = flagString(f, 'image-pull-policy');
  if (pull && !['Always', 'IfNotPresent', 'Never'].includes(pull)) throw usageError('kubectl run', `invalid image pull policy: ${pull}`);
  refuseServerDryRun(dryRun);
  const [name, ...args] = f.args;
  const pod = buildPod(f, name!, args, restart);
  const print = (def: ReturnType<typeof resolveOrFail>, obj: KObject): void => {
    if (out === '') io.out(`${nameRef(def, obj)} created${dryRun === 'client' ? ' (dry run)' : ''}\n`);
    else if (out === 'name') io.out(`${nameRef(def, obj)}\n`);
    else io.out(renderStructured(parseOutputFlag(out), obj));
  };
  const send = (resource: string, obj: KObject): KObject => {
    const def = resolveOrFail(resource);
    if (dryRun === 'client') return obj;
    return withTypeMeta(def, io.ctx.client.create(def.plural, requestBody(obj), { namespace: scope.namespace, fieldValidation: 'Strict' }));
  };
  const createdPod = send('pods', pod);
  if (flagBool(f, 'expose')) {
    try {
      print(resolveOrFail('services'), send('services', buildService(f, name!)));
      if (out === 'yaml') io.out('---\n');
    } catch (e) {
      if (e instanceof StatusError) io.fail(e);
      else throw e;
    }
  }
  if (attach) {
    if (tty) io.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    io.err(`error: attaching to pod/${name} is not available here: the pod runs without a terminal attached; use "kubectl logs ${name}" to read its output\n`);
    io.exitCode = 1;
    return;
  }
  print(resolveOrFail('pods'), createdPod);
}
