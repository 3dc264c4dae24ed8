/**
 * How a program in a pod finds the API server and who it is there: client-go's in-cluster config
 * (rest.InClusterConfig, clientcmd's inClusterClientConfig). It is possible only when the kubelet set
 * KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT and the ServiceAccount token file is there.
 * The client presents the file's token as a bearer token; the API server decides who that is (a
 * token it issued, unexpired, whose ServiceAccount and pod still exist) or answers 401.
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
  /** the bearer token the client presents (the token file's content, whitespace trimmed as client-go does) */
  token: string;
  namespace: string;
}

/** The in-cluster config of a process with this environment and these files; undefined when it is not possible. */
export function inClusterConfig(env: Readonly<Record<string, string>>, readFile: (path: string) => string | undefined): InClusterConfig | undefined {
  if (!env['KUBERNETES_SERVICE_HOST'] || !env['KUBERNETES_SERVICE_PORT']) return undefined;
  const token = readFile(TOKEN_FILE);
  if (token === undefined) return undefined;
  const nsFile = readFile(NAMESPACE_FILE)?.trim();
  return { token: token.trim(), namespace: env['POD_NAMESPACE'] || nsFile || 'default' };
}
