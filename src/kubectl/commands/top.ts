/**
 * `kubectl top pod|node`, reading the resource metrics API (metrics.k8s.io/v1beta1) through the API
 * server, which proxies it to metrics-server; when discovery has no such group, `Metrics API not
 * available`. Columns, formats and the empty-answer checks of kubectl 1.31's top commands.
 */
import type { NodeMetrics, PodMetrics } from '../../sim/agents/metricsserver/backend';
import type { Client } from '../../sim/client/types';
import type { Node, Pod } from '../../sim/types';
import { parseQuantity, milliValue, value as quantityValue } from '../../sim/api/quantity';
import { formatGoDuration } from '../../sim/node/images';
import { KubectlError, usageError } from '../errors';
import { flagBool, flagString, type FlagSpec, type ParsedFlags, type Subcommand } from '../flags';
import { tabwrite } from '../tabwriter';
import type { CommandIO } from './context';
import { goQuote } from '../../sim/api/validation/fieldErrors';
import type { Scope } from './fetch';

/** kubectl top's metricsCreationDelay: a pod younger than this is simply not measured yet. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;
const METRICS_GROUP = 'metrics.k8s.io';
const METRICS_VERSION = 'v1beta1';

/** `kubectl top` itself has no flags of its own. */
export const TOP_FLAGS: FlagSpec[] = [];

const NO_HEADERS: FlagSpec = { long: 'no-headers', kind: 'bool' };
const SELECTOR: FlagSpec = { long: 'selector', short: 'l', kind: 'string' };
const SORT_BY: FlagSpec = { long: 'sort-by', kind: 'string' };
const PROTOBUF: FlagSpec = { long: 'use-protocol-buffers', kind: 'bool', default: true };

export const TOP_SUBCOMMANDS: Subcommand[] = [
  {
    name: 'pod',
    aliases: ['pods', 'po'],
    flags: [{ long: 'all-namespaces', short: 'A', kind: 'bool' }, { long: 'containers', kind: 'bool' }, { long: 'field-selector', kind: 'string' }, NO_HEADERS, SELECTOR, SORT_BY, { long: 'sum', kind: 'bool' }, PROTOBUF],
  },
  { name: 'node', aliases: ['nodes', 'no'], flags: [NO_HEADERS, SELECTOR, { long: 'show-capacity', kind: 'bool' }, SORT_BY, PROTOBUF] },
];

/** kubectl top's tabwriter (cli-runtime's GetNewTabWriter): minwidth 6, tabwidth 4, padding 3. */
const TOP_TABWRITER = { minwidth: 6, tabwidth: 4, padding: 3 };

const nanoToMilli = (cpu: string): number => Math.floor(Number(cpu.replace(/n$/, '')) / 1_000_000);
const kiToBytes = (mem: string): number => Number(mem.replace(/Ki$/, '')) * 1024;
const cpuStr = (m: number) => `${m}m`;
const memStr = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

function row(cells: string[]): string {
  return cells.map((c) => `${c}\t`).join('') + '\n';
}

export function runTop(io: CommandIO, f: ParsedFlags, scope: Scope): void {
  const [what, ...rest] = f.args;
  if (!what) {
    io.out('Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\nUse "kubectl top <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n');
    // DefaultSubCommandRun exits 1 after the help.
    io.exitCode = 1;
    return;
  }
  const sortBy = flagString(f, 'sort-by');
  const isPod = ['pod', 'pods', 'po'].includes(what);
  const isNode = ['node', 'nodes', 'no'].includes(what);
  if (!isPod && !isNode) throw usageError('kubectl top', `unknown command ${goQuote(f.args.join(' '))}`);
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') throw new KubectlError('error: --sort-by accepts only cpu or memory');
  if (isPod && rest[0] && (flagString(f, 'selector') || flagString(f, 'field-selector'))) throw new KubectlError('error: only one of NAME or selector can be provided');
  const client = io.ctx.client;
  if (!client.servesGroup?.(METRICS_GROUP) || !client.aggregated) throw new KubectlError('error: Metrics API not available');
  if (isPod) return topPods(io, f, scope, rest, client, sortBy);
  return topNodes(io, f, rest, client, sortBy);
}

function podMetricsOf(client: Client, ns: string | undefined, name: string | undefined, selector: string): PodMetrics[] {
  if (name) return [client.aggregated!<PodMetrics>(METRICS_GROUP, METRICS_VERSION, 'pods', ns, name)];
  return client.aggregated!<{ items: PodMetrics[] }>(METRICS_GROUP, METRICS_VERSION, 'pods', ns, undefined, selector ? { labelSelector: selector } : {}).items;
}

/** verifyEmptyMetrics: no metrics for pods older than metricsCreationDelay is an error naming the first. */
function verifyEmptyMetrics(io: CommandIO, scope: Scope, name: string | undefined, selector: string): void {
  const client = io.ctx.client;
  // kubectl reads the pods of the current namespace here, even with --all-namespaces.
  const pods = name ? [client.get<Pod>('pods', scope.namespace, name)] : client.list<Pod>('pods', scope.namespace, selector ? { labelSelector: selector } : {}).items;
  if (pods.length === 0) return;
  for (const pod of pods) {
    const age = io.ctx.nowMs() - (Date.parse(pod.metadata?.creationTimestamp ?? '') - Date.UTC(2024, 8, 2, 10, 0, 0));
    if (age > METRICS_CREATION_DELAY_MS) throw new KubectlError(`error: Metrics not available for pod ${pod.metadata?.namespace}/${pod.metadata?.name}, age: ${formatGoDuration(Math.max(0, age))}`);
  }
  throw new KubectlError('error: metrics not available yet');
}


function topPods(io: CommandIO, f: ParsedFlags, scope: Scope, names: string[], client: Client, sortBy: string): void {
  const sel = flagString(f, 'selector');
  if (names.length > 1) throw usageError('kubectl top pod', 'pod [NAME | -l label]');
  let items = podMetricsOf(client, scope.allNamespaces ? undefined : scope.namespace, names[0], sel);
  if (items.length === 0) {
    verifyEmptyMetrics(io, scope, names[0], sel);
    io.err(scope.allNamespaces ? 'No resources found\n' : `No resources found in ${scope.namespace} namespace.\n`);
    return;
  }
  const usage = (m: PodMetrics) => ({
    cpu: m.containers.reduce((a, c) => a + nanoToMilli(c.usage.cpu), 0),
    mem: m.containers.reduce((a, c) => a + kiToBytes(c.usage.memory), 0),
  });
  if (sortBy) items = [...items].sort((a, b) => (sortBy === 'cpu' ? usage(b).cpu - usage(a).cpu : usage(b).mem - usage(a).mem));
  const containers = flagBool(f, 'containers');
  let out = '';
  if (!flagBool(f, 'no-headers')) {
    const cols = [...(scope.allNamespaces ? ['NAMESPACE'] : []), ...(containers ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
    out += row(cols);
  }
  let sumCpu = 0;
  let sumMem = 0;
  for (const m of items) {
    const nsCol = scope.allNamespaces ? [m.metadata.namespace] : [];
    if (containers) {
      for (const c of m.containers) out += row([...nsCol, m.metadata.name, c.name, cpuStr(nanoToMilli(c.usage.cpu)), memStr(kiToBytes(c.usage.memory))]);
    } else {
      const u = usage(m);
      out += row([...nsCol, m.metadata.name, cpuStr(u.cpu), memStr(u.mem)]);
    }
    const u = usage(m);
    sumCpu += u.cpu;
    sumMem += u.mem;
  }
  if (flagBool(f, 'sum')) {
    const pad = (scope.allNamespaces ? 1 : 0) + (containers ? 2 : 1);
    out += row([...Array(pad).fill(''), '________', '________']);
    out += row([...Array(pad).fill(''), cpuStr(sumCpu), memStr(sumMem)]);
  }
  io.out(tabwrite(out, TOP_TABWRITER));
}

function topNodes(io: CommandIO, f: ParsedFlags, names: string[], client: Client, sortBy: string): void {
  const sel = flagString(f, 'selector');
  if (names.length > 1) throw usageError('kubectl top node', 'node [NAME | -l label]');
  const metrics: NodeMetrics[] = names[0]
    ? [client.aggregated!<NodeMetrics>(METRICS_GROUP, METRICS_VERSION, 'nodes', undefined, names[0])]
    : client.aggregated!<{ items: NodeMetrics[] }>(METRICS_GROUP, METRICS_VERSION, 'nodes', undefined, undefined, sel ? { labelSelector: sel } : {}).items;
  if (metrics.length === 0) throw new KubectlError('error: metrics not available yet');
  const nodes: Node[] = names[0] ? [io.ctx.client.get<Node>('nodes', undefined, names[0])] : io.ctx.client.list<Node>('nodes', undefined, sel ? { labelSelector: sel } : {}).items;
  const byName = new Map(metrics.map((m) => [m.metadata.name, m]));
  const capacity = flagBool(f, 'show-capacity');
  const rows = nodes
    .map((n) => {
      const m = byName.get(n.metadata?.name ?? '');
      const alloc = (capacity ? n.status?.capacity : n.status?.allocatable) ?? {};
      const cpuAlloc = alloc.cpu ? milliValue(parseQuantity(String(alloc.cpu))) : 0;
      const memAlloc = alloc.memory ? quantityValue(parseQuantity(String(alloc.memory))) : 0;
      if (!m) return { name: n.metadata?.name ?? '', cpu: -1, mem: -1, cells: [n.metadata?.name ?? '', '<unknown>', '<unknown>', '<unknown>', '<unknown>'] };
      const cpu = nanoToMilli(m.usage.cpu);
      const mem = kiToBytes(m.usage.memory);
      const cpuPct = cpuAlloc ? Math.floor((cpu * 100) / cpuAlloc) : 0;
      const memPct = memAlloc ? Math.floor((mem * 100) / memAlloc) : 0;
      return { name: n.metadata?.name ?? '', cpu, mem, cells: [n.metadata?.name ?? '', cpuStr(cpu), `${cpuPct}%`, memStr(mem), `${memPct}%`] };
    })
    .sort((a, b) => (sortBy === 'cpu' ? b.cpu - a.cpu : sortBy === 'memory' ? b.mem - a.mem : a.name < b.name ? -1 : 1));
  let out = flagBool(f, 'no-headers') ? '' : row(['NAME', 'CPU(cores)', 'CPU%', 'MEMORY(bytes)', 'MEMORY%']);
  // Nodes with metrics come first; those without are listed after with <unknown>.
  for (const r of rows.filter((x) => x.cpu >= 0)) out += row(r.cells);
  for (const r of rows.filter((x) => x.cpu < 0)) out += row(r.cells);
  io.out(tabwrite(out, TOP_TABWRITER));
}
