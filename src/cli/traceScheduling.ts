/**
 * `kubetab run … --trace-scheduling[=N]`: the scheduler's glass-box traces as text — one block per
 * scheduling cycle: the queue pop, PreFilter, each node's Filter verdicts, the score table (raw →
 * normalized × weight = weighted, and the total), the tie and the choice, Reserve/Permit/PreBind/Bind —
 * or the FitError and each preemption step. With --json the same traces go into the result as data.
 */
import type { Cluster } from '../sim/cluster';
import type { Scheduler } from '../sim/scheduler/scheduler';
import type { CycleTrace, PluginVerdict } from '../sim/scheduler/framework/trace';

/** How many cycles the ring keeps when the flag gives no number. */
export const DEFAULT_TRACE_CAPACITY = 100;

/** The cluster's scheduler component (the leader's), if it runs one. */
export function findScheduler(cluster: Cluster): Scheduler | undefined {
  return cluster.scheduler();
}

/** Turns tracing on (the last `capacity` cycles kept). Call before running the scenario. */
export function enableSchedulingTrace(cluster: Cluster, capacity = DEFAULT_TRACE_CAPACITY): Scheduler | undefined {
  const s = findScheduler(cluster);
  s?.setTracing(true, capacity);
  return s;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function verdictText(v: PluginVerdict): string {
  return v.reasons.length ? `${v.plugin} ${v.code}: ${v.reasons.join(', ')}` : `${v.plugin} ${v.code}`;
}

/** Plugins that ran (not skipped), then the skipped ones on one line. */
function pointLine(label: string, vs: readonly PluginVerdict[]): string[] {
  if (vs.length === 0) return [];
  const ran = vs.filter((v) => v.code !== 'Skip');
  const skipped = vs.filter((v) => v.code === 'Skip').map((v) => v.plugin);
  const out = [`  ${label}: ${ran.length ? ran.map(verdictText).join('; ') : '(nothing to do)'}`];
  if (skipped.length) out.push(`    skipped: ${skipped.join(', ')}`);
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function padLeft(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** One cycle as text. */
export function formatTrace(t: CycleTrace): string {
  const out: string[] = [];
  out.push(`=== cycle ${t.cycle} at ${seconds(t.atMs)}: pod ${t.pod.namespace}/${t.pod.name} (priority ${t.pod.priority}), profile ${t.profile}`);
  out.push(`  Pop: from ${t.pop.queue}, attempt ${t.pop.attempts}`);
  out.push(...pointLine('PreFilter', t.preFilter));
  if (t.preFilterNodeNames) out.push(`    PreFilter narrowed the nodes to: ${t.preFilterNodeNames.join(', ')}`);
  if (t.filter.length > 0) {
    out.push(`  Filter: ${t.filter.length} of ${t.numAllNodes} nodes checked (looking for ${t.numNodesToFind} feasible, starting at index ${t.startIndex}${t.nominatedNode ? `; nominated node ${t.nominatedNode} first` : ''})`);
    const w = Math.max(4, ...t.filter.map((f) => f.node.length));
    for (const f of t.filter) {
      const fail = f.plugins.find((p) => p.code !== 'Success' && p.code !== 'Skip');
      const ran = f.plugins.filter((p) => p.code !== 'Skip').map((p) => p.plugin);
      out.push(`    ${pad(f.node, w)}  ${fail ? `✗ ${verdictText(fail)}` : `✓ passed ${ran.length} filters`}`);
    }
    out.push(`  Feasible: ${t.feasible.length ? t.feasible.join(', ') : '(none)'}`);
  }
  if (t.shortcut === 'one-feasible-node') out.push(`  Score: skipped — only one feasible node`);
  if (t.shortcut === 'no-score-plugins') out.push(`  Score: skipped — no Score plugins`);
  out.push(...pointLine('PreScore', t.preScore));
  if (t.scores.length > 0) {
    const cols = t.scorePlugins.map((p) => `${p.name}×${p.weight}`);
    const w = Math.max(4, ...t.scores.map((s) => s.node.length));
    const cw = cols.map((c) => Math.max(c.length, 14));
    out.push(`  Score (raw → normalized → weighted):`);
    out.push(`    ${pad('node', w)}  ${cols.map((c, i) => pad(c, cw[i]!)).join('  ')}  total`);
    for (const s of t.scores) {
      const cells = s.raw.map((r, i) => pad(`${num(r)}→${num(s.normalized[i]!)}→${num(s.weighted[i]!)}`, cw[i]!));
      out.push(`    ${pad(s.node, w)}  ${cells.join('  ')}  ${padLeft(num(s.total), 5)}`);
    }
  }
  if (t.top.length > 0) {
    out.push(`  Select: top ${t.top.map((x) => `${x.node} (${num(x.total)})`).join(', ')}${t.ties > 1 ? `; ${t.ties} nodes tied — picked by reservoir sampling` : ''}`);
  }
  if (t.chosen) out.push(`  Chosen: ${t.chosen}`);
  if (t.postFilter) {
    const pf = t.postFilter;
    out.push(`  PostFilter: ${verdictText(pf)}${pf.nominatedNodeName ? ` → nominated node ${pf.nominatedNodeName}` : pf.nominatedNodeName === '' ? ' → nomination cleared' : ''}`);
    const p = t.preemption;
    if (p) {
      if (p.notEligible) out.push(`    not eligible: ${p.notEligible}`);
      else {
        out.push(`    ${p.potentialNodes} node(s) could be helped; dry run from offset ${p.offset}, up to ${p.numCandidates} candidate(s)`);
        for (const d of p.dryRun) out.push(d.victims ? `    ${d.node}: evict ${d.victims.join(', ')}${d.pdbViolations ? ` (${d.pdbViolations} PDB violation(s))` : ''}` : `    ${d.node}: ${d.reason}`);
        if (p.chosen) out.push(`    chose ${p.chosen} (${p.decidedBy}); evicted ${p.evicted.join(', ') || 'nothing'}`);
        if (p.clearedNominations.length) out.push(`    cleared the nomination of ${p.clearedNominations.join(', ')}`);
      }
    }
  }
  out.push(...pointLine('Reserve', t.reserve));
  out.push(...pointLine('Permit', t.permit));
  out.push(...pointLine('PreBind', t.preBind));
  out.push(...pointLine('Bind', t.bind));
  switch (t.outcome) {
    case 'Scheduled': out.push(`  => Scheduled: ${t.pod.namespace}/${t.pod.name} to ${t.chosen}`); break;
    case 'Skipped': out.push(`  => Skipped (the pod was being deleted, already assumed, or no profile has its schedulerName)`); break;
    default: out.push(`  => ${t.outcome}: ${t.message ?? ''}`);
  }
  return out.join('\n') + '\n';
}

/** Every trace, oldest first, separated by a blank line. */
export function formatTraces(traces: readonly CycleTrace[]): string {
  if (traces.length === 0) return 'No scheduling cycles were traced.\n';
  return traces.map(formatTrace).join('\n');
}
