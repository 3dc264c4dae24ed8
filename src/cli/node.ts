/**
 * The `kubetab` command's entry in Node (built into dist-cli/kubetab.cjs, run by bin/kubetab.mjs):
 * what the cluster fetches on demand (the API schema, kubectl, the node shell…) is loaded before the
 * first request, then the command line runs. The API documentation only `kubectl explain` reads is
 * loaded too when an argument (an --exec line, or a scenario file that may hold one) mentions explain.
 */
import { loadOnDemand } from '../scenario/onDemand';
import { mayExplain } from '../kubectl/commands/explainLine';
import { loadExplainSchema } from '../kubectl/commands/explainSchema';
import { main, nodeIO } from './main';

export async function start(argv: string[]): Promise<number> {
  await Promise.all([loadOnDemand(), argv.some(mayExplain) || scenarioMayExplain(argv) ? loadExplainSchema() : undefined]);
  return main(argv, nodeIO);
}

/** A scenario file given to `run` whose kubectl actions may explain. */
function scenarioMayExplain(argv: string[]): boolean {
  const path = argv[0] === 'run' ? argv[1] : undefined;
  if (path === undefined) return false;
  try {
    return mayExplain(nodeIO.readFile(path));
  } catch {
    // an unreadable file is main's to report
    return false;
  }
}
