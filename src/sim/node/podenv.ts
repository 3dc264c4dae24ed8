/**
 * What a container sees of its pod: the environment the kubelet builds (declared env with
 * `valueFrom`, `envFrom`, the downward API, the default variables), and the files it finds
 * (the kubelet-managed /etc/hosts, /etc/hostname and /etc/resolv.conf, configMap, secret and
 * service-account token volumes at their mount paths, a few files of the stock images).
 */
import { KUBELET_TOKEN_SECONDS } from '../auth/token';
import type { Container, Pod } from '../types';
import { parseImageRef } from './images';
import { DEFAULT_CLUSTER_DNS, podResolvConf } from './poddns';

/**
 * The projected ServiceAccount token the kubelet got from the API server for a token source of the
 * pod's volumes (undefined before it has one: the file is not there).
 */
export type TokenLookup = (src: { audience?: string; expirationSeconds?: number }) => string | undefined;

export type ConfigLookup = (kind: 'configmaps' | 'secrets', namespace: string, name: string) => { data?: Record<string, string>; binaryData?: Record<string, string> } | undefined;

export function podHostname(pod: Pod): string {
  return pod.spec?.hostname ?? pod.metadata?.name ?? '';
}

function decodeB64(s: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0)));
  } catch {
    return s;
  }
}

function fieldRef(pod: Pod, path: string, podIP: string, nodeIP: string, nodeName: string): string {
  switch (path) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'spec.nodeName':
      return nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
      return podIP;
    case 'status.hostIP':
      return nodeIP;
  }
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2]!] ?? '';
  return '';
}

/**
 * The container's environment, or the CreateContainerConfigError text when a referenced ConfigMap
 * or Secret (or key) is missing and not optional.
 */
export function containerEnv(pod: Pod, c: Container, podIP: string, nodeIP: string, nodeName: string, lookup: ConfigLookup, kubernetesServiceIP = '10.96.0.1'): { env: Record<string, string> } | { error: string } {
  const ns = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: podHostname(pod),
  };
  for (const src of c.envFrom ?? []) {
    const kind = src.configMapRef ? 'configmaps' : 'secrets';
    const ref = src.configMapRef ?? src.secretRef;
    if (!ref?.name) continue;
    const obj = lookup(kind, ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      return { error: `${kind === 'configmaps' ? 'configmap' : 'secret'} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(obj.data ?? {})) env[(src.prefix ?? '') + k] = kind === 'secrets' ? decodeB64(v) : v;
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env[e.name] = (e.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => env[n] ?? m);
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) env[e.name] = fieldRef(pod, vf.fieldRef.fieldPath, podIP, nodeIP, nodeName);
    else if (vf.resourceFieldRef) env[e.name] = resourceField(c, vf.resourceFieldRef.resource);
    else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const kind = vf.configMapKeyRef ? 'configmaps' : 'secrets';
      const ref = (vf.configMapKeyRef ?? vf.secretKeyRef)!;
      const obj = lookup(kind, ns, ref.name ?? '');
      const word = kind === 'configmaps' ? 'configmap' : 'secret';
      if (!obj) {
        if (ref.optional) continue;
        return { error: `${word} "${ref.name}" not found` };
      }
      const v = obj.data?.[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        return { error: `couldn't find key ${ref.key} in ${kind === 'configmaps' ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}` };
      }
      env[e.name] = kind === 'secrets' ? decodeB64(v) : v;
    }
  }
  if (pod.spec?.enableServiceLinks !== false || true) {
    env.KUBERNETES_SERVICE_HOST ??= kubernetesServiceIP;
    env.KUBERNETES_SERVICE_PORT ??= '443';
    env.KUBERNETES_SERVICE_PORT_HTTPS ??= '443';
    env.KUBERNETES_PORT ??= `tcp://${kubernetesServiceIP}:443`;
    env.KUBERNETES_PORT_443_TCP ??= `tcp://${kubernetesServiceIP}:443`;
    env.KUBERNETES_PORT_443_TCP_PROTO ??= 'tcp';
    env.KUBERNETES_PORT_443_TCP_PORT ??= '443';
    env.KUBERNETES_PORT_443_TCP_ADDR ??= kubernetesServiceIP;
  }
  const repo = parseImageRef(c.image ?? '').repo;
  if (repo === 'docker.io/library/nginx') Object.assign(env, { NGINX_VERSION: '1.27.1', NJS_VERSION: '0.8.5', NJS_RELEASE: '1~bookworm', PKG_RELEASE: '1~bookworm' }, { ...pickDeclared(env, c) });
  env.HOME ??= '/root';
  return { env };
}

function pickDeclared(env: Record<string, string>, c: Container): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of c.env ?? []) if (env[e.name] !== undefined) out[e.name] = env[e.name]!;
  return out;
}

function resourceField(c: Container, resource: string): string {
  const [kind, name] = resource.split('.') as [string, string];
  const v = (kind === 'limits' ? c.resources?.limits : c.resources?.requests)?.[name];
  return v === undefined ? (name === 'cpu' ? '4' : '8589934592') : String(v);
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const CA_CRT = '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIa3ViZXRhYjAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNDA5MDIxMDAwMDBaFw0zNDA4MzExMDAwMDBaMBUx\nEzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK\n-----END CERTIFICATE-----\n';

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const OS_RELEASE: Record<string, string> = {
  'docker.io/library/busybox': '',
  'docker.io/library/alpine': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
};
const DEBIAN_OS = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n';

/** Every file path the model knows in this container, with its content (lazily: a map of getters). */
export function podFiles(pod: Pod, c: Container, podIP: string, lookup: ConfigLookup, resolvConf?: string, tokenFor: TokenLookup = () => undefined): Map<string, () => string | undefined> {
  const files = new Map<string, () => string | undefined>();
  const ns = pod.metadata?.namespace ?? 'default';
  const name = podHostname(pod);
  const sub = pod.spec?.subdomain ? `${name}.${pod.spec.subdomain}.${ns}.svc.cluster.local\t${name}` : name;
  files.set('/etc/hostname', () => `${name}\n`);
  files.set('/etc/hosts', () => `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${podIP}\t${sub}\n`);
  // The runtime wrote it for the sandbox from the kubelet's DNS settings (poddns.ts).
  files.set('/etc/resolv.conf', () => resolvConf ?? podResolvConf(pod, DEFAULT_CLUSTER_DNS));
  const repo = parseImageRef(c.image ?? '').repo;
  const os = OS_RELEASE[repo] ?? DEBIAN_OS;
  if (os) files.set('/etc/os-release', () => os);
  if (repo === 'docker.io/library/nginx') {
    files.set('/usr/share/nginx/html/index.html', () => NGINX_INDEX);
    files.set('/usr/share/nginx/html/50x.html', () => '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n');
    files.set('/etc/nginx/conf.d/default.conf', () => 'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n');
  }
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) continue;
    const dir = m.mountPath.replace(/\/$/, '');
    const addKeys = (kind: 'configmaps' | 'secrets', objName: string, items: { key: string; path: string }[] | undefined, base = dir) => {
      const obj = lookup(kind, ns, objName);
      if (!obj) return;
      const entries = Object.entries(obj.data ?? {});
      const chosen = items?.length ? items.map((it) => [it.path, obj.data?.[it.key]] as const) : entries.map(([k, val]) => [k, val] as const);
      for (const [p, val] of chosen) {
        if (val === undefined) continue;
        const full = m.subPath ? (p === m.subPath ? dir : undefined) : `${base}/${p}`;
        if (full) files.set(full, () => (kind === 'secrets' ? decodeB64(val) : val));
      }
    };
    if (v.configMap?.name) addKeys('configmaps', v.configMap.name, v.configMap.items);
    if (v.secret?.secretName) addKeys('secrets', v.secret.secretName, v.secret.items);
    if (v.projected) {
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) {
          const src = s.serviceAccountToken;
          if (tokenFor(src) !== undefined) files.set(`${dir}/${src.path}`, () => tokenFor(src));
        }
        if (s.configMap?.name) {
          if (s.configMap.name === 'kube-root-ca.crt' && s.configMap.items?.some((i) => i.key === 'ca.crt')) files.set(`${dir}/ca.crt`, () => lookup('configmaps', ns, 'kube-root-ca.crt')?.data?.['ca.crt'] ?? CA_CRT);
          else addKeys('configmaps', s.configMap.name, s.configMap.items);
        }
        if (s.secret?.name) addKeys('secrets', s.secret.name, s.secret.items);
        if (s.downwardAPI) for (const it of s.downwardAPI.items ?? []) if (it.fieldRef) files.set(`${dir}/${it.path}`, () => fieldRef(pod, it.fieldRef!.fieldPath, podIP, '', pod.spec?.nodeName ?? ''));
      }
    }
    if (v.downwardAPI) for (const it of v.downwardAPI.items ?? []) {
      if (it.fieldRef) files.set(`${dir}/${it.path}`, () => fieldRef(pod, it.fieldRef!.fieldPath, podIP, '', pod.spec?.nodeName ?? ''));
    }
  }
  // Without an explicit volume, an admission-less pod still gets the token mount when automount is on.
  if (!(c.volumeMounts ?? []).some((m) => m.mountPath === SA_DIR) && pod.spec?.automountServiceAccountToken !== false && (pod.spec?.volumes ?? []).some((v) => v.name.startsWith('kube-api-access-'))) {
    const token = tokenFor({ expirationSeconds: KUBELET_TOKEN_SECONDS });
    if (token !== undefined) files.set(`${SA_DIR}/token`, () => token);
    files.set(`${SA_DIR}/ca.crt`, () => CA_CRT);
    files.set(`${SA_DIR}/namespace`, () => ns);
  }
  return files;
}

export function podFile(pod: Pod, c: Container, path: string, podIP: string, lookup: ConfigLookup, resolvConf?: string, tokenFor?: TokenLookup): string | undefined {
  return podFiles(pod, c, podIP, lookup, resolvConf, tokenFor).get(path)?.();
}
