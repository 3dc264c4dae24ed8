/**
 * canal's own code (onDemand.ts), loaded on demand: the cluster worker fetches it before it loads a
 * scenario whose cluster.network.cni is canal (and with the other on-demand modules after boot); Node
 * callers load it before running. Once it is here, libcni can run the calico and bandwidth plugins and
 * the node can run calico/cni's installer, as if their binaries had come with it.
 */
import { onDemandModule } from '../../onDemandModule';
import { registerCniPlugin } from '../../node/cni/libcni';
import { registerHostInstaller } from '../../node/hostpath';

const onDemand = onDemandModule(() => import('./onDemand'), 'canal is not loaded yet (call loadCalico first)');

export async function loadCalico(): Promise<void> {
  await onDemand.load();
  const m = onDemand.get();
  registerCniPlugin('calico', m.calicoCniPlugin);
  registerCniPlugin('bandwidth', m.bandwidthCniPlugin);
  registerHostInstaller(m.CALICO_CNI_IMAGE_REPO, '/opt/cni/bin/install', m.calicoInstall);
}
export const calico = onDemand.get;
