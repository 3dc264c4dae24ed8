/**
 * What kubectl prints when the API server answers its first request with 401 (a token it did not issue,
 * expired, or whose ServiceAccount or pod is gone). Most commands first load discovery: client-go's
 * memory cache logs the failed group list a few times (how many depends on the command's RESTMapper
 * use) and kubectl ends with `You must be logged in to the server (…)` quoting the discovery error.
 * Commands that post without discovery quote the Status message `Unauthorized` instead; the create
 * generators wrap it in their own `failed to create …` text. Checked against kubectl 1.32 with a
 * server that answers every request 401.
 */
import { SIM_EPOCH_MS } from '../../clock';
import { klogPrefix } from './klog';

const CREDENTIALS = 'the server has asked for the client to provide credentials';
const LOGGED_IN = 'error: You must be logged in to the server';

/** `kubectl create <generator>`: the message its failed POST gives (`secret` has no colon: kubectl's own wording). */
const CREATE_FAILED: Record<string, string> = {
  configmap: 'failed to create configmap: ',
  cm: 'failed to create configmap: ',
  deployment: 'failed to create deployment: ',
  deploy: 'failed to create deployment: ',
  job: 'failed to create job: ',
  cronjob: 'failed to create cronjob: ',
  cj: 'failed to create cronjob: ',
  serviceaccount: 'failed to create serviceaccount: ',
  sa: 'failed to create serviceaccount: ',
  token: 'failed to create token: ',
  quota: 'failed to create quota: ',
  resourcequota: 'failed to create quota: ',
  rolebinding: 'failed to create rolebinding: ',
  clusterrolebinding: 'failed to create clusterrolebinding: ',
  secret: 'failed to create secret ',
  poddisruptionbudget: 'failed to create poddisruptionbudgets: ',
  pdb: 'failed to create poddisruptionbudgets: ',
  priorityclass: 'failed to create priorityclass: ',
  pc: 'failed to create priorityclass: ',
  ingress: 'failed to create ingress: ',
  ing: 'failed to create ingress: ',
};

/** Flags whose value is the next word when written apart (`-n default get pods`). */
const VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-c', '--container', '-f', '--filename', '-k', '--kustomize', '--context', '--kubeconfig', '--image', '--field-selector']);

/** The words that are not flags or flag values: the command path and its arguments. */
function positional(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (VALUE_FLAGS.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

/** How many times the memory cache logs the failed discovery before the command gives up. */
const DISCOVERY_ATTEMPTS: Record<string, number> = { logs: 4, exec: 4, set: 4, run: 1, top: 0 };

function discoveryLines(n: number, nowMs: number, pid: number): string {
  const err = `"Unhandled Error" err="couldn't get current server API group list: ${CREDENTIALS}"`;
  let out = '';
  for (let i = 0; i < n; i++) out += `${klogPrefix(SIM_EPOCH_MS + nowMs, 180 + i * 2_113, pid)}${err}\n`;
  return out;
}

/** The file a `-f` flag names (`-f x`, `-fx`, `--filename=x`). */
function filenameArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-f' || a === '--filename') return args[i + 1];
    const m = /^(?:--filename=|-f)(.+)$/.exec(a);
    if (m) return m[1];
  }
  return undefined;
}

/** kubectl's stderr for `args` (the words after `kubectl`) when its first request got 401. */
export function unauthorizedOutput(args: readonly string[], nowMs: number, pid: number): string {
  const words = positional(args);
  const [cmd, sub] = words;
  const file = filenameArg(args);
  if ((cmd === 'apply' || cmd === 'create' || cmd === 'replace' || cmd === 'delete') && file !== undefined) {
    const validate = cmd !== 'delete' && !args.some((a) => a === '--validate=false' || a === '--validate=ignore');
    if (validate) return `error: error validating "${file}": error validating data: failed to download openapi: ${CREDENTIALS}; if you choose to ignore these errors, turn validation off with --validate=false\n`;
    return `${discoveryLines(1, nowMs, pid)}error: unable to recognize "${file}": ${CREDENTIALS}\n`;
  }
  if (cmd === 'auth' && sub === 'whoami') return `${LOGGED_IN} (Unauthorized)\n`;
  if (cmd === 'auth' && sub === 'can-i') {
    const resource = words[3];
    if (args.includes('--list') || resource === undefined || resource.startsWith('/')) return `${LOGGED_IN} (Unauthorized)\n`;
    return `${discoveryLines(2, nowMs, pid)}Warning: the server doesn't have a resource type '${resource.split('/')[0]}'\n\n${LOGGED_IN} (Unauthorized)\n`;
  }
  if (cmd === 'create' && (sub === 'namespace' || sub === 'ns')) return `${LOGGED_IN} (Unauthorized)\n`;
  if (cmd === 'create' && sub === 'service') return `error: failed to create ${serviceType(words[2])} service: Unauthorized\n`;
  if (cmd === 'create' && sub !== undefined && CREATE_FAILED[sub]) return `error: ${CREATE_FAILED[sub]}Unauthorized\n`;
  const attempts = cmd === 'create' ? 2 : (DISCOVERY_ATTEMPTS[cmd ?? ''] ?? 5);
  return `${discoveryLines(attempts, nowMs, pid)}${LOGGED_IN} (${CREDENTIALS})\n`;
}

function serviceType(kind: string | undefined): string {
  switch (kind) {
    case 'nodeport':
      return 'NodePort';
    case 'loadbalancer':
      return 'LoadBalancer';
    case 'externalname':
      return 'ExternalName';
    default:
      return 'ClusterIP';
  }
}
