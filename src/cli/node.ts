/**
 * The `kubetab` command's entry in Node (built into dist-cli/kubetab.cjs, run by bin/kubetab.mjs):
 * what the cluster fetches on demand (the API schema, kubectl, the node shell…) is loaded before the
 * first request, then the command line runs.
 */
import { loadOnDemand } from '../scenario/onDemand';
import { main, nodeIO } from './main';

export async function start(argv: string[]): Promise<number> {
  await loadOnDemand();
  return main(argv, nodeIO);
}
