/** `npm run bench`'s entry in Node (built into dist-cli/bench.cjs, run by bin/bench.mjs). */
import { loadOnDemand } from '../src/scenario/onDemand';
import { runBench } from './main';

export async function start(argv: string[]): Promise<number> {
  await loadOnDemand();
  return runBench(argv);
}
