/**
 * The kubectl emulator, loaded on demand: only the user's requests (kubectl lines, applies, the
 * Inspector's describe and YAML) run it, so the cluster worker fetches it with the API schema after
 * the cluster has booted and painted. Node callers load it before running.
 */
type KubectlModule = typeof import('./kubectl');

let mod: KubectlModule | undefined;

export async function loadKubectl(): Promise<void> {
  mod ??= await import('./kubectl');
}

export function kubectlModule(): KubectlModule {
  if (!mod) throw new Error('kubectl is not loaded yet (call loadKubectl first)');
  return mod;
}
