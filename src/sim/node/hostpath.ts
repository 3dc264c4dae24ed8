/**
 * What a container leaves on its machine through a hostPath volume. The writers modelled are the
 * installer's `cp [-f] SRC DST` — how flannel's init containers put the flannel binary in
 * /opt/cni/bin and the conflist in /etc/cni/net.d: when it completes, DST's file on the host holds SRC —
 * and calico/cni's `/opt/cni/bin/install`, which canal's install-cni runs
 * (cni/calicoInstall.ts, registered here by canal's on-demand chunk).
 */
import type { Container, Pod } from '../types';
import type { Machine } from './machine';
import { parseImageRef } from './images';

/** Binaries an image ships, which an installer may copy out (content is what `cat` of an ELF shows first). */
const IMAGE_BINARIES: Record<string, string[]> = {
  'docker.io/flannel/flannel-cni-plugin': ['/flannel'],
  'docker.io/flannel/flannel': ['/opt/bin/flanneld'],
};

export const ELF_MAGIC = '\u007fELF';

/** An installer program an image ships: what it leaves on the host; returns the main path written. */
export type HostInstaller = (pod: Pod, c: Container, env: Readonly<Record<string, string>>, m: Machine) => string | undefined;

/**
 * Installers by `<image repository> <command>`. calico/cni's is added by canal's on-demand chunk when
 * it loads (registerHostInstaller), so a flannel cluster does not ship it.
 */
const INSTALLERS = new Map<string, HostInstaller>();

export function registerHostInstaller(imageRepo: string, command: string, install: HostInstaller): void {
  INSTALLERS.set(`${imageRepo} ${command}`, install);
}

export function hostPathFor(pod: Pod, c: Container, path: string): string | undefined {
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  let best: { mount: string; host: string } | undefined;
  for (const vm of c.volumeMounts ?? []) {
    const host = volumes.get(vm.name)?.hostPath?.path;
    if (!host || vm.readOnly) continue;
    const mount = vm.mountPath.replace(/\/+$/, '');
    if ((path === mount || path.startsWith(`${mount}/`)) && (!best || mount.length > best.mount.length)) best = { mount, host: host.replace(/\/+$/, '') };
  }
  return best && `${best.host}${path.slice(best.mount.length)}`;
}

/**
 * Applies a completed `cp` to the machine. `readFile` is how the container sees its own files
 * (volumes, image files). Returns the host path written, if any.
 */
export function applyHostPathCopy(pod: Pod, c: Container, argv: readonly string[], readFile: (path: string) => string | undefined, m: Machine, env: Readonly<Record<string, string>> = {}): string | undefined {
  const installer = INSTALLERS.get(`${parseImageRef(c.image ?? '').repo} ${argv[0] ?? ''}`);
  if (installer) return installer(pod, c, env, m);
  if ((argv[0] ?? '').replace(/^.*\//, '') !== 'cp') return undefined;
  const operands = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (operands.length !== 2) return undefined;
  const [src, dst] = operands as [string, string];
  const binary = (IMAGE_BINARIES[parseImageRef(c.image ?? '').repo] ?? []).includes(src);
  const content = binary ? ELF_MAGIC : readFile(src);
  if (content === undefined) return undefined;
  let target = hostPathFor(pod, c, dst);
  if (!target) return undefined;
  // Copying onto a mounted directory puts the file inside it.
  if ((c.volumeMounts ?? []).some((vm) => vm.mountPath.replace(/\/+$/, '') === dst.replace(/\/+$/, ''))) target = `${target}/${src.replace(/^.*\//, '')}`;
  m.writeFile(target, content, binary);
  return target;
}
