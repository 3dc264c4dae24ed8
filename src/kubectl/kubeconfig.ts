/**
 * The kubeconfig kubectl reads: kubeadm's admin.conf (cluster `kubernetes`, user `kubernetes-admin`,
 * context `kubernetes-admin@kubernetes`) plus one user and context per scenario user, as
 * `kubeadm kubeconfig user --client-name=NAME` writes them. It is the state of the terminal's kubectl:
 * `config use-context` and `config set-context` change it, and replaying the recorded lines rebuilds it.
 *
 * Each kubeconfig user holds a client certificate whose CN is its own name, so a user entry named
 * `alice` makes requests as the user `alice`.
 */
import { KubectlError } from './errors';

export const KUBEADM_CLUSTER = 'kubernetes';
export const KUBEADM_ADMIN = 'kubernetes-admin';

export interface KubeconfigCluster {
  readonly name: string;
  readonly server: string;
}

export interface KubeconfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** Which identity and namespace a kubectl command runs with, after the global flags are applied. */
export interface ResolvedContext {
  /** the kubeconfig user whose certificate authenticates (its CN), or undefined when the context names none that exists */
  user: string | undefined;
  /** the user the context names, for the message when it has no entry */
  userName: string;
  namespace: string | undefined;
}


export class Kubeconfig {
  readonly clusters: KubeconfigCluster[];
  /** user names; each has client-certificate-data and client-key-data */
  readonly users: string[];
  readonly contexts: KubeconfigContext[];
  currentContext: string;

  constructor(clusters: KubeconfigCluster[], users: string[], contexts: KubeconfigContext[], currentContext: string) {
    this.clusters = clusters;
    this.users = users;
    this.contexts = contexts;
    this.currentContext = currentContext;
  }

  /** admin.conf with a user and a context `NAME@kubernetes` for each of `people`, the admin's context current. */
  static kubeadm(server: string, people: readonly string[] = []): Kubeconfig {
    const users = [KUBEADM_ADMIN, ...people];
    const contexts = users.map((u) => ({ name: `${u}@${KUBEADM_CLUSTER}`, cluster: KUBEADM_CLUSTER, user: u }));
    return new Kubeconfig([{ name: KUBEADM_CLUSTER, server }], users, contexts, `${KUBEADM_ADMIN}@${KUBEADM_CLUSTER}`);
  }

  context(name: string): KubeconfigContext | undefined {
    return this.contexts.find((c) => c.name === name);
  }

  /** Context names in kubectl's order (it reads them from a map: sorted). */
  contextNames(): string[] {
    return this.contexts.map((c) => c.name).sort();
  }

  /**
   * The identity and namespace of a command, as clientcmd merges the kubeconfig with `--context` and
   * `--user`; `-n` is applied by the command itself.
   */
  resolve(flags: { context?: string; user?: string }): ResolvedContext {
    const ctxName = flags.context || this.currentContext;
    const ctx = this.context(ctxName);
    // clientcmd's two wordings: a missing context fails the config's validation, a missing user its loading.
    if (flags.context && !ctx) throw new KubectlError(`Error in configuration: context was not found for specified context: ${flags.context}`);
    if (flags.user && !this.users.includes(flags.user)) throw new KubectlError(`error: auth info ${JSON.stringify(flags.user)} does not exist`);
    const userName = flags.user || ctx?.user || '';
    return { user: this.users.includes(userName) ? userName : undefined, userName, namespace: ctx?.namespace || undefined };
  }
}
