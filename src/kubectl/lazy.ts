/**
 * The kubectl emulator, loaded on demand: only the user's requests (kubectl lines, applies, the
 * Inspector's describe and YAML) run it, so the cluster worker fetches it with the API schema after
 * the cluster has booted and painted. Node callers load it before running.
 */
import { onDemandModule } from '../sim/onDemandModule';

const onDemand = onDemandModule(() => import('./kubectl'), 'kubectl is not loaded yet (call loadKubectl first)');

export const loadKubectl = onDemand.load;
export const kubectlModule = onDemand.get;
