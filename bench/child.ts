/**
 * Runs a scale case (bench/scale.ts) in a process of its own with a wall-time cap: the parent times
 * the whole process, from its start to its exit, and stops it at the cap, reporting that it did not
 * finish rather than waiting on it. The child writes its progress to stderr (shown as it goes) and its
 * report as one line on stdout.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { runCase, SCALE_CASES } from './scale';
import type { CaseReport } from './scale';
import type { BenchResult } from './core';

const REPORT = 'kubetab-bench-report ';

/** The child's side: runs the case and prints its report. */
export function childMain(name: string): number {
  const report = runCase(name);
  process.stdout.write(`${REPORT}${JSON.stringify(report)}\n`);
  return 0;
}

/** The parent's side: the case's headline figure (whole process), then the child's own figures. */
export function caseInChild(name: string, capOverrideS?: number): BenchResult[] {
  const c = SCALE_CASES[name]!;
  const capS = capOverrideS ?? c.capS;
  const script = process.argv[1]!;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', ...(c.heapLimitMiB ? [`--max-old-space-size=${c.heapLimitMiB}`] : []), script, '--child', name], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: capS * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Math.round(performance.now() - t0);
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(REPORT));
  if (!line) {
    const why = r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `did not finish within ${capS} s` : r.signal ? `ended by ${r.signal} after ${(wallMs / 1000).toFixed(1)} s` : `failed (exit ${r.status})`;
    return [{ name: c.measure, value: Number.NaN, unit: 'ms', target: c.target, met: false, detail: why }];
  }
  const report = JSON.parse(line.slice(REPORT.length)) as CaseReport;
  const met = report.ok && wallMs < c.targetMs && (c.alsoMet?.(report) ?? true);
  return [
    { name: c.measure, value: wallMs, unit: 'ms', target: c.target, met, detail: `${report.ok ? '' : 'NOT MET: '}${report.facts}; peak heap ${report.peakHeapMiB.toLocaleString('en-US')} MiB, max RSS ${report.maxRssMiB.toLocaleString('en-US')} MiB` },
    ...report.results,
  ];
}
