/**
 * calico/cni's installer (`/opt/cni/bin/install`, cni-plugin/pkg/install), as canal's install-cni init
 * container runs it: it copies the plugin binaries its image ships into the host's /opt/cni/bin, writes
 * the plugin's kubeconfig, and writes CNI_NETWORK_CONFIG to CNI_CONF_NAME in /etc/cni/net.d with its
 * placeholders filled in (__KUBERNETES_NODE_NAME__, __CNI_MTU__, __KUBECONFIG_FILEPATH__). Both
 * directories are reached through the container's hostPath mounts at /host/opt/cni/bin and
 * /host/etc/cni/net.d. The kubeconfig's CA data and ServiceAccount token are left out: kubetab has no
 * certificates or tokens to put there, and nothing reads them.
 */
import type { Container, Pod } from '../../types';
import type { Machine } from '../machine';
import { ELF_MAGIC, hostPathFor } from '../hostpath';

export const CALICO_CNI_IMAGE_REPO = 'docker.io/calico/cni';
/** The binaries calico/cni's image carries in /opt/cni/bin; the installer copies every one, itself included. */
const BINARIES = ['bandwidth', 'calico', 'calico-ipam', 'flannel', 'host-local', 'install', 'loopback', 'portmap', 'tuning'];
const KUBECONFIG = 'calico-kubeconfig';

function kubeconfig(env: Readonly<Record<string, string>>): string {
  const host = env.KUBERNETES_SERVICE_HOST ?? '10.96.0.1';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  return `# Kubeconfig file for Calico CNI plugin.
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://[${host}]:${port}
users:
- name: calico
contexts:
- name: calico-context
  context:
    cluster: local
    user: calico
current-context: calico-context`;
}

/** Runs the installer; returns the conflist's host path, or undefined when a mount is missing. */
export function calicoInstall(pod: Pod, c: Container, env: Readonly<Record<string, string>>, m: Machine): string | undefined {
  const binDir = hostPathFor(pod, c, '/host/opt/cni/bin');
  const netDir = hostPathFor(pod, c, '/host/etc/cni/net.d');
  if (!binDir || !netDir) return undefined;
  for (const b of BINARIES) m.writeFile(`${binDir}/${b}`, ELF_MAGIC, true);
  const kubeconfigPath = `/etc/cni/net.d/${KUBECONFIG}`;
  m.writeFile(`${netDir}/${KUBECONFIG}`, kubeconfig(env));
  const name = env.CNI_CONF_NAME || '10-calico.conflist';
  const conf = (env.CNI_NETWORK_CONFIG ?? '')
    .replaceAll('__KUBERNETES_NODE_NAME__', env.KUBERNETES_NODE_NAME ?? m.name)
    .replaceAll('__CNI_MTU__', env.CNI_MTU || '1500')
    .replaceAll('__KUBECONFIG_FILEPATH__', kubeconfigPath);
  const target = `${netDir}/${name}`;
  m.writeFile(target, conf);
  return target;
}
