/**
 * How a program in a pod finds the API server and who it is there: client-go's in-cluster config
 * (rest.InClusterConfig, clientcmd's inClusterClientConfig). It is possible only when the kubelet set
 * KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT and the ServiceAccount token file is there;
 * the API server then authenticates the token as `system:serviceaccount:<ns>:<name>` (its `sub`).
 * The namespace commands default to is POD_NAMESPACE, else the mounted `namespace` file, else `default`.
 */
import { parseImageRef } from '../images';

export const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const TOKEN_FILE = `${SA_DIR}/token`;
export const NAMESPACE_FILE = `${SA_DIR}/namespace`;

/** Images that carry a kubectl binary on their PATH. */
const KUBECTL_IMAGES = new Set(['docker.io/bitnami/kubectl', 'registry.k8s.io/kubectl', 'docker.io/rancher/kubectl', 'docker.io/alpine/k8s', 'docker.io/alpine/kubectl']);

export function imageHasKubectl(image: string): boolean {
  return KUBECTL_IMAGES.has(parseImageRef(image).repo);
}

/** True for a command word that runs kubectl (`kubectl`, `/opt/bitnami/kubectl/bin/kubectl`). */
export function isKubectlWord(word: string | undefined): boolean {
  return !!word && word.replace(/^.*\//, '') === 'kubectl';
}

export interface InClusterConfig {
  /** the user the API server authenticates the token as */
  user: string;
  namespace: string;
}

/** The in-cluster config of a process with this environment and these files; undefined when it is not possible. */
export function inClusterConfig(env: Readonly<Record<string, string>>, readFile: (path: string) => string | undefined): InClusterConfig | undefined {
  if (!env['KUBERNETES_SERVICE_HOST'] || !env['KUBERNETES_SERVICE_PORT']) return undefined;
  const token = readFile(TOKEN_FILE);
  if (token === undefined) return undefined;
  const user = tokenSubject(token);
  if (!user) return undefined;
  const nsFile = readFile(NAMESPACE_FILE)?.trim();
  return { user, namespace: env['POD_NAMESPACE'] || nsFile || 'default' };
}

/** The `sub` claim of a JWT-shaped token, or undefined when it is not one. */
export function tokenSubject(token: string): string | undefined {
  const payload = token.trim().split('.')[1];
  if (!payload) return undefined;
  try {
    const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))) as { sub?: unknown };
    return typeof json.sub === 'string' ? json.sub : undefined;
  } catch {
    return undefined;
  }
}
