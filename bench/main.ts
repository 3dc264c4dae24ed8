/**
 * `npm run bench`: prints each benchmark's figure with its unit and target.
 */
import type { BenchResult } from './core';

type Suite = () => Promise<BenchResult | BenchResult[]>;
const suites: [string, Suite][] = [
  ['store', async () => (await import('./core')).storeWrites()],
  ['api', async () => (await import('./core')).apiWrites()],
  ['watch', async () => (await import('./core')).watchDelivery()],
  ['deployment', async () => (await import('./deployment')).thousandPods()],
  ['scheduler', async () => (await import('./scheduler')).schedulerBench()],
  ['churn', async () => (await import('./churn')).churn()],
  ['network', async () => (await import('./network')).networkBench()],
  ['timeline', async () => (await import('./timeline')).timelineBench()],
];

export async function runBench(argv: string[]): Promise<number> {
  const only = argv;
  for (const [name, fn] of suites) {
    if (only.length > 0 && !only.includes(name)) continue;
    for (const r of [await fn()].flat()) {
      const value = r.value.toLocaleString('en-US');
      console.log(`${r.name.padEnd(64)} ${value.padStart(12)} ${r.unit}${r.target ? `   (target ${r.target})` : ''}${r.detail ? `\n${''.padEnd(66)}${r.detail}` : ''}`);
    }
  }
  return 0;
}
