/**
 * `npm run bench [SUITE...] [--cap=SECONDS]`: prints each benchmark's figure with its unit and target,
 * then the targets table (measure | value | target | met?). The scale suites each run in a process of
 * their own, stopped at a wall-time cap (theirs, or --cap / BENCH_CAP_S).
 */
import type { BenchResult } from './core';
import { caseInChild, childMain } from './child';

type Suite = () => Promise<BenchResult | BenchResult[]>;

function suites(capS: number | undefined): [string, Suite][] {
  const scale = (name: string): [string, Suite] => [name, async () => caseInChild(name, capS)];
  return [
    ['store', async () => (await import('./core')).storeWrites()],
    ['api', async () => (await import('./core')).apiWrites()],
    ['watch', async () => (await import('./core')).watchDelivery()],
    scale('deployment'),
    ['scheduler', async () => (await import('./scheduler')).schedulerBench()],
    scale('churn'),
    ['network', async () => (await import('./network')).networkBench()],
    ['timeline', async () => (await import('./timeline')).timelineBench()],
    scale('scale'),
    scale('schedulingbasic'),
    scale('huge'),
    scale('extreme'),
  ];
}

const fmt = (v: number): string => (Number.isNaN(v) ? '—' : v.toLocaleString('en-US'));

/** The targets as a table: every figure that has one. */
export function targetsTable(results: BenchResult[]): string {
  const rows = results.filter((r) => r.target).map((r) => [r.name, Number.isNaN(r.value) ? (r.detail ?? '—') : `${fmt(r.value)} ${r.unit}`, r.target!, r.met === undefined ? '?' : r.met ? 'yes' : 'no']);
  const head = ['measure', 'value', 'target', 'met?'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export async function runBench(argv: string[]): Promise<number> {
  if (argv[0] === '--child') return childMain(argv[1] ?? '');
  const capArg = argv.find((a) => a.startsWith('--cap='));
  const capS = capArg ? Number(capArg.slice('--cap='.length)) : process.env.BENCH_CAP_S ? Number(process.env.BENCH_CAP_S) : undefined;
  if (capS !== undefined && !(capS > 0)) {
    console.error(`error: --cap needs a number of seconds, got ${JSON.stringify(capArg ?? process.env.BENCH_CAP_S)}`);
    return 2;
  }
  const only = argv.filter((a) => !a.startsWith('--'));
  const all = suites(capS);
  const unknown = only.filter((n) => !all.some(([name]) => name === n));
  if (unknown.length) {
    console.error(`error: no benchmark ${unknown.map((n) => `"${n}"`).join(', ')} (there are: ${all.map(([n]) => n).join(' ')})`);
    return 2;
  }
  const results: BenchResult[] = [];
  for (const [name, fn] of all) {
    if (only.length > 0 && !only.includes(name)) continue;
    for (const r of [await fn()].flat()) {
      results.push(r);
      const value = Number.isNaN(r.value) ? '—' : r.value.toLocaleString('en-US');
      console.log(`${r.name.padEnd(64)} ${value.padStart(12)} ${r.unit}${r.target ? `   (target ${r.target})` : ''}${r.detail ? `\n${''.padEnd(66)}${r.detail}` : ''}`);
    }
  }
  if (results.some((r) => r.target)) console.log(`\n${targetsTable(results)}`);
  return 0;
}
