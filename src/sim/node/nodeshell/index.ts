/**
 * A root shell on a node (`ssh NODE`): the commands a learner runs to see a node's dataplane —
 * iproute2, bridge, iptables, ipvsadm, ipset, crictl and cat — answered from the node's Machine and
 * the kubelet's runtime. Anything else is what bash says of a command that is not installed.
 */
import type { Machine } from '../machine';
import { HOST_NETNS } from '../machine';
import type { NetNamespace } from '../netns';
import { Netfilter } from '../../network/netfilter';
import type { Kubelet } from '../kubelet';
import { IptablesError, iptablesList, iptablesSave, isTableName, IPTABLES_VARIANT } from '../../network/netfilter';
import type { TableName } from '../../network/netfilter';
import { ipsetList, ipvsadmList, IpsetRegistry, IpvsTable } from '../../network/ipvs';
import { ip } from './ip';
import { bridge } from './bridge';
import { crictlPods, crictlPs } from './crictl';
import { conntrackTableOf, ipsetsOf, ipvsOf, netfilterOf } from './dataplane';
import { Conntrack, conntrackCommand } from '../../network/conntrack';
import type { ShellResult } from './result';
import type { Fabric } from '../../network/traffic/fabric';
import { netHostFor } from '../../network/traffic/nethost';
import { networkOnDemand } from '../../network/lazy';
import { startCapture, stopCapture } from '../../network/traffic/capture';
import type { ImageNetTools } from '../../network/tools';
import { fnv1a32 } from '../../rng';
import { SIM_EPOCH_MS } from '../../clock';
import { fail, ok } from './result';
import type { EtcdCluster } from '../../store/etcd';
import { APISERVER_ETCD_CLIENT_FILES, ETCD_PKI_FILES, etcdctl } from './etcdctl';
import { ASSIGNMENT, splitWords } from './words';

export { splitWords } from './words';

/** The certificates on a control-plane node that etcdctl can be pointed at. */
const NODE_ETCD_FILES: ReadonlySet<string> = new Set([...ETCD_PKI_FILES, ...APISERVER_ETCD_CLIENT_FILES]);

export type { ShellResult } from './result';

export interface NodeShellTarget {
  machine: Machine;
  kubelet?: Kubelet;
  nowMs: number;
  /** the network, for the commands that send packets (curl, ping, dig) */
  fabric?: Fabric;
  /** inside a pod's namespace: its own, empty, kernel tables */
  podTables?: boolean;
  /** the cluster's etcd: a control-plane node (one of its members) has etcdctl */
  etcd?: EtcdCluster;
  /** variables set before the command (`ETCDCTL_API=3 etcdctl …`) */
  env?: Record<string, string>;
}

/** Runs one command line on the node. */
export function runNodeCommand(t: NodeShellTarget, line: string): ShellResult {
  return runWords(t, splitWords(line), t.machine.host);
}

/**
 * One command in a network namespace: `ip netns exec NAME …` runs the rest in a pod's. The files are
 * the node's; the kernel tables are the namespace's own (a pod's netfilter and IPVS tables are empty).
 */
function runWords(t: NodeShellTarget, words: string[], ns: NetNamespace): ShellResult {
  const [cmd, ...args] = words;
  if (cmd === undefined) return ok('');
  // NAME=value before a command sets it in that command's environment.
  const assign = ASSIGNMENT.exec(cmd);
  if (assign) return runWords({ ...t, env: { ...t.env, [assign[1]!]: assign[2]! } }, args, ns);
  if (ns.name !== HOST_NETNS && (cmd === 'iptables' || cmd === 'iptables-save' || cmd === 'ipvsadm' || cmd === 'ipset' || cmd === 'conntrack')) t = { ...t, podTables: true };
  switch (cmd) {
    case 'ip':
      if (args[0] === 'netns' && args[1] === 'exec') {
        const name = args[2];
        if (name === undefined) return fail('No netns name specified\n', 255);
        const inner = t.machine.netns(name);
        if (!inner || name === HOST_NETNS) return fail(`Cannot open network namespace "${name}": No such file or directory\n`, 255);
        return runWords(t, args.slice(3), inner);
      }
      return ip(t.machine, args, ns);
    case 'bridge':
      return bridge(ns, args);
    case 'cat':
      return cat(t.machine, args);
    case 'iptables':
      return iptables(t, args);
    case 'iptables-save':
      return iptablesSaveCmd(t, args);
    case 'ipvsadm':
      return ipvsadm(t, args);
    case 'ipset':
      return ipset(t, args);
    case 'crictl':
      return crictl(t, args);
    case 'conntrack':
      return conntrackCommand(t.podTables ? new Conntrack({ seed: 0 }) : conntrackTableOf(t.machine), args, t.nowMs);
    case 'hostname':
      return ok(`${t.machine.name}\n`);
    case 'true':
      return ok('');
    case 'curl':
    case 'ping':
    case 'dig':
    case 'nslookup':
      return networkCommand(t, ns, cmd, args);
    case 'tcpdump':
      return tcpdumpCommand(t, ns, args);
    case 'etcdctl': {
      const local = t.etcd?.members().find((m) => m.name === t.machine.name);
      if (!t.etcd || !local) return fail(`bash: ${cmd}: command not found\n`, 127);
      return etcdctl({ etcd: t.etcd, local, files: NODE_ETCD_FILES, nowMs: t.nowMs, ...(t.env ? { env: t.env } : {}) }, args);
    }
    default:
      return fail(`bash: ${cmd}: command not found\n`, 127);
  }
}

/**
 * tcpdump 4.99 on the node: it checks its arguments at once, then captures what the packet path
 * carries across the namespace's devices until it has its `-c` packets or is stopped; its output is
 * what it captured from the moment it started.
 */
function tcpdumpCommand(t: NodeShellTarget, ns: NetNamespace, args: string[]): ShellResult {
  const interfaces = ns.links.map((l) => l.name);
  const defaultInterface = ns.links.find((l) => l.type !== 'loopback' && l.state !== 'DOWN')?.name ?? 'lo';
  const { tcpdump } = networkOnDemand();
  const check = tcpdump(args, { interfaces, packets: [], defaultInterface });
  if (check.exitCode !== 0 || !t.fabric) return { stdout: check.stdout, stderr: check.stderr, exitCode: check.exitCode };
  const fabric = t.fabric;
  const capture = startCapture(fabric, t.machine, ns.name);
  const finish = (): ShellResult => {
    stopCapture(fabric, capture);
    const r = tcpdump(args, { interfaces, packets: capture.records, defaultInterface });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
  return { stdout: '', stderr: '', exitCode: 0, running: finish };
}

/** A Debian 12 node's curl 7.88.1, iputils ping and BIND 9.18 dig, sending through the packet path. */
const nodeTools = (): ImageNetTools => ({ tools: { curl: 'curl', ping: 'iputils', dig: 'bind', nslookup: 'unmodelled' }, libc: 'glibc', curl: networkOnDemand().DEBIAN_BOOKWORM_CURL, bind: '9.18.28-1~deb12u2-Debian' });

function networkCommand(t: NodeShellTarget, ns: NetNamespace, cmd: string, args: string[]): ShellResult {
  if (!t.fabric) return fail(`bash: ${cmd}: command not found\n`, 127);
  const NODE_TOOLS = nodeTools();
  if (NODE_TOOLS.tools[cmd] === 'unmodelled') return fail(`${cmd}: BIND's ${cmd} is not modelled by kubetab; dig answers the same questions\n`, 1);
  const seed = fnv1a32(`${t.machine.name}|${t.nowMs}|${cmd} ${args.join(' ')}`);
  let id = seed & 0xffff;
  const host = netHostFor({
    fabric: t.fabric,
    machine: t.machine,
    netns: ns.name,
    hostname: t.machine.name,
    resolvConf: t.machine.readFile('/etc/resolv.conf') ?? '',
    lib: 'glibc',
    nowMs: t.nowMs,
    startWallMs: SIM_EPOCH_MS + t.nowMs,
    nextDnsId: () => (id = (id + 1) & 0xffff),
  });
  // ping with no -c runs until interrupted: the learner's Ctrl-C after about four replies.
  const r = networkOnDemand().runNetTool(cmd, args, host, NODE_TOOLS, { interruptAtMs: 3_500, dnsId: seed & 0xffff, cookie: seed.toString(16).padStart(8, '0').repeat(2) });
  return r ? { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode } : fail(`bash: ${cmd}: command not found\n`, 127);
}

function cat(m: Machine, files: string[]): ShellResult {
  let stdout = '';
  let stderr = '';
  for (const f of files) {
    const path = f.startsWith('/') ? f : `/root/${f}`;
    const body = m.readFile(path);
    if (body !== undefined) stdout += body;
    else if (m.list(path).length) stderr += `cat: ${f}: Is a directory\n`;
    else stderr += `cat: ${f}: No such file or directory\n`;
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}

/** Short options may be bundled (`-nvL`); returns each option with its argument where it takes one. */
function shortOpts(args: string[], withArg: Set<string>): { opts: [string, string | undefined][]; error?: string } {
  const opts: [string, string | undefined][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      opts.push([a, undefined]);
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      opts.push(['', a]);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = `-${a[j]}`;
      if (withArg.has(c)) {
        const rest = a.slice(j + 1);
        const v = rest || args[++i];
        if (v === undefined) return { opts, error: c };
        opts.push([c, v]);
        break;
      }
      opts.push([c, undefined]);
    }
  }
  return { opts };
}

function iptables(t: NodeShellTarget, args: string[]): ShellResult {
  const { opts, error } = shortOpts(args, new Set(['-t']));
  if (error) return fail(`iptables ${IPTABLES_VARIANT}: option "${error}" requires an argument\nTry \`iptables -h' or 'iptables --help' for more information.\n`, 2);
  let table: TableName = 'filter';
  let list = false;
  let chain: string | undefined;
  const o = { numeric: false, verbose: false, exact: false, lineNumbers: false };
  for (let i = 0; i < opts.length; i++) {
    const [f, v] = opts[i]!;
    if (f === '-t' || f === '--table') {
      if (!v || !isTableName(v)) return fail(`iptables ${IPTABLES_VARIANT}: can't initialize iptables table \`${v}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n`, 3);
      table = v;
    } else if (f === '-L' || f === '--list') {
      list = true;
      const next = opts[i + 1];
      if (next && next[0] === '') {
        chain = next[1];
        i++;
      }
    } else if (f === '-n' || f === '--numeric') o.numeric = true;
    else if (f === '-v' || f === '--verbose') o.verbose = true;
    else if (f === '-x' || f === '--exact') o.exact = true;
    else if (f === '--line-numbers') o.lineNumbers = true;
    else if (f === '') return fail(`Bad argument \`${v}'\nTry \`iptables -h' or 'iptables --help' for more information.\n`, 2);
    else return fail(`iptables ${IPTABLES_VARIANT}: unknown option "${f}"\nTry \`iptables -h' or 'iptables --help' for more information.\n`, 2);
  }
  if (!list) return fail(`iptables ${IPTABLES_VARIANT}: no command specified\nTry \`iptables -h' or 'iptables --help' for more information.\n`, 2);
  try {
    return iptablesList((t.podTables ? new Netfilter() : netfilterOf(t.machine)), { table, ...(chain !== undefined ? { chain } : {}), ...o });
  } catch (e) {
    if (e instanceof IptablesError) return fail(`${e.message}\n`, 1);
    throw e;
  }
}

function iptablesSaveCmd(t: NodeShellTarget, args: string[]): ShellResult {
  const { opts, error } = shortOpts(args, new Set(['-t']));
  if (error) return fail(`iptables-save: option requires an argument -- '${error.slice(1)}'\n`, 1);
  let table: TableName | undefined;
  let counters = false;
  for (const [f, v] of opts) {
    if (f === '-t' || f === '--table') {
      if (!v || !isTableName(v)) return fail(`iptables-save ${IPTABLES_VARIANT}: Cannot initialize: Table does not exist (do you need to insmod?)\n`, 1);
      table = v;
    } else if (f === '-c' || f === '--counters') counters = true;
    else return fail(`Unknown arguments found on commandline\n`, 1);
  }
  return ok(iptablesSave((t.podTables ? new Netfilter() : netfilterOf(t.machine)), { ...(table ? { table } : {}), counters, nowMs: t.nowMs }));
}

function ipvsadm(t: NodeShellTarget, args: string[]): ShellResult {
  const { opts } = shortOpts(args, new Set());
  let list = false;
  let stats = false;
  let rate = false;
  for (const [f, v] of opts) {
    if (f === '-L' || f === '-l' || f === '--list') list = true;
    else if (f === '-n' || f === '--numeric') continue;
    else if (f === '--stats') stats = true;
    else if (f === '--rate') rate = true;
    else return fail(`ipvsadm: invalid option -- '${(v ?? f).replace(/^-+/, '')}'\n`, 2);
  }
  // ipvsadm with no command lists, as -L does.
  void list;
  return ipvsadmList((t.podTables ? undefined : ipvsOf(t.machine)) ?? new IpvsTable(), { stats, rate });
}

function ipset(t: NodeShellTarget, args: string[]): ShellResult {
  const [sub, name] = args;
  if (sub !== 'list' && sub !== '-L') return fail(`ipset v7.17: ${sub === undefined ? 'No command specified.' : `No command specified: unknown argument ${sub}`}\nTry \`ipset help' for more help.\n`, 1);
  return ipsetList((t.podTables ? undefined : ipsetsOf(t.machine)) ?? new IpsetRegistry(), name);
}

function crictl(t: NodeShellTarget, args: string[]): ShellResult {
  const [sub, ...rest] = args;
  const pods = t.kubelet ? [...t.kubelet.pods.values()] : [];
  if (sub === 'pods') return crictlPods(pods, t.nowMs);
  if (sub === 'ps') return crictlPs(pods, t.nowMs, rest.includes('-a') || rest.includes('--all'));
  return fail(`crictl: No help topic for '${sub ?? ''}'\n`, 1);
}
