/**
 * kube-webhook-certgen, the image of ingress-nginx's two admission Jobs, as a system agent: one run
 * per pod, then the container exits (0 on success, so the Job completes; 1 on an error, so the Job
 * retries), with the identity of the `ingress-nginx-admission` ServiceAccount.
 *
 * - `create` makes the Secret `--secret-name` with the keys `ca`, `cert` and `key` unless it exists.
 * - `patch` reads that Secret and writes its `ca` into the caBundle of every hook of the
 *   ValidatingWebhookConfiguration `--webhook-name`, with `--patch-failure-policy` as failurePolicy.
 *
 * The certificates are deterministic placeholders: PEM-shaped text drawn from the pod's random
 * stream, not real keys — nothing in kubetab verifies TLS.
 */
import type { Component, ComponentContext } from '../../component';
import { parseImageRef } from '../../node/images';
import { base64Encode } from '../../api/schema/goBase64';
import type { Container, KObject, Pod } from '../../types';
import type { AgentHost, AgentKind } from '../registry';
import { isStatusError } from '../../api/types';

export const CERTGEN_IMAGE = 'registry.k8s.io/ingress-nginx/kube-webhook-certgen';
export const CERTGEN_USER = 'system:serviceaccount:ingress-nginx:ingress-nginx-admission';

/** What the Job's container asks for: `create` or `patch` and their flags (`--name=value`). */
export interface CertgenArgs {
  command: string;
  flags: Record<string, string>;
}

export function parseCertgenArgs(args: readonly string[]): CertgenArgs {
  const flags: Record<string, string> = {};
  let command = '';
  for (const a of args) {
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(a);
    if (m) flags[m[1]!] = m[2] ?? 'true';
    else if (!command) command = a;
  }
  return { command, flags };
}

/** `$(POD_NAMESPACE)` in args, expanded from the container's env as the kubelet does. */
function expand(args: readonly string[], pod: Pod, container: Container): string[] {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env.set(e.name, e.value);
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') env.set(e.name, pod.metadata?.namespace ?? '');
  }
  return args.map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env.get(name) ?? whole));
}

function pem(kind: string, bytes: number[]): string {
  const b64 = base64Encode(bytes);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----\n`;
}

class CertgenRun implements Component {
  readonly name = 'kube-webhook-certgen';

  constructor(private readonly ctx: ComponentContext, private readonly host: AgentHost, private readonly args: CertgenArgs) {}

  start(): void {
    // The program starts, reads its flags and talks to the API server once.
    this.ctx.clock.after(150, 'kube-webhook-certgen', () => this.run());
  }

  private log(level: 'info' | 'fatal', msg: string): void {
    this.host.process.write(JSON.stringify({ level, msg, source: this.args.command === 'patch' ? 'k8s/k8s.go:103' : 'k8s/k8s.go:219', time: this.ctx.clock.timestamp() }));
  }

  private bytes(n: number): number[] {
    return Array.from({ length: n }, () => this.ctx.stream.intn(256));
  }

  private run(): void {
    const ns = this.args.flags['namespace'] ?? 'default';
    const secretName = this.args.flags['secret-name'] ?? '';
    try {
      if (this.args.command === 'create') this.create(ns, secretName);
      else if (this.args.command === 'patch') this.patch(ns, secretName);
      else throw new Error(`unknown command "${this.args.command}" for "kube-webhook-certgen"`);
    } catch (e) {
      const msg = isStatusError(e) ? e.message : (e as Error).message;
      this.log('fatal', msg);
      this.host.process.exit(1, []);
      return;
    }
    this.host.process.exit(0, []);
  }

  private create(ns: string, secretName: string): void {
    try {
      this.ctx.client.get('secrets', ns, secretName);
      this.log('info', 'secret already exists');
      return;
    } catch (e) {
      if (!isStatusError(e, 'NotFound')) throw e;
    }
    this.log('info', 'creating new secret');
    const ca = pem('CERTIFICATE', this.bytes(390));
    const cert = pem('CERTIFICATE', this.bytes(480));
    const key = pem('EC PRIVATE KEY', this.bytes(121));
    const b = (s: string) => base64Encode([...new TextEncoder().encode(s)]);
    this.ctx.client.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace: ns }, data: { ca: b(ca), cert: b(cert), key: b(key) } } as KObject);
  }

  private patch(ns: string, secretName: string): void {
    const secret = this.ctx.client.get<KObject & { data?: Record<string, string> }>('secrets', ns, secretName);
    const ca = secret.data?.['ca'];
    if (!ca) throw new Error('no secret with \'ca\' found');
    const webhookName = this.args.flags['webhook-name'] ?? '';
    if (this.args.flags['patch-validating'] !== 'false') {
      const cfg = this.ctx.client.get<KObject & { webhooks?: Record<string, unknown>[] }>('validatingwebhookconfigurations', undefined, webhookName);
      const policy = this.args.flags['patch-failure-policy'];
      const webhooks = (cfg.webhooks ?? []).map((h) => ({ ...h, clientConfig: { ...(h['clientConfig'] as object), caBundle: ca }, ...(policy ? { failurePolicy: policy } : {}) }));
      this.ctx.client.update('validatingwebhookconfigurations', { ...cfg, webhooks } as KObject);
      this.log('info', 'patched hook(s)');
    }
  }
}

export function certgenAgent(): AgentKind {
  return {
    name: 'kube-webhook-certgen',
    user: CERTGEN_USER,
    perPod: true,
    matches: (_pod: Pod, c: Container) => parseImageRef(c.image ?? '').repo === CERTGEN_IMAGE,
    build: (ctx, host) => {
      const pod = host.pod;
      const container = pod?.spec?.containers?.find((c) => parseImageRef(c.image ?? '').repo === CERTGEN_IMAGE);
      const args = pod && container ? expand(container.args ?? [], pod, container) : [];
      return [new CertgenRun(ctx, host, parseCertgenArgs(args))];
    },
  };
}
