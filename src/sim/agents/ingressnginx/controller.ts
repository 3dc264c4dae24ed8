/**
 * The ingress-nginx controller (controller-v1.11.3) in one pod: it lists and watches, with the
 * ingress-nginx ServiceAccount, Ingresses, IngressClasses, Services, EndpointSlices, Secrets, its
 * ConfigMap and its own pods, and runs nginx, which answers on 80 and 443 of the pod.
 *
 * - Which Ingresses it handles (store.go's GetIngressClass, with --ingress-class=nginx and
 *   --controller-class=k8s.io/ingress-nginx): `spec.ingressClassName` when set, whose IngressClass must
 *   exist and name this controller; else the `kubernetes.io/ingress.class` annotation when present (it
 *   must say `nginx`); else none, as --watch-ingress-without-class is false. A default IngressClass
 *   does not change that: the API server's DefaultIngressClass admission writes its name into new
 *   class-less Ingresses, and those created before it was marked default stay unhandled.
 * - Every add or change of such an Ingress records the Event `Sync` `Scheduled for sync` (source
 *   nginx-ingress-controller) and queues a sync. The sync queue runs at most 0.3 times a second
 *   (--sync-rate-limit); a sync rebuilds nginx's configuration and, when it changed, reloads nginx
 *   (log lines, and the `RELOAD` Event on the pod). Requests see the configuration of the last reload.
 * - Status: without --publish-service, the addresses of the nodes that run the controller's pods go
 *   into each handled Ingress's `status.loadBalancer.ingress` (with it, the published Service's
 *   load-balancer addresses); the leader writes them once it leads and then every 60 s. Leadership:
 *   the oldest running controller pod (the Lease election is not modelled).
 * - Each request is written to stdout in ingress-nginx's log format (remote address, request, status,
 *   upstream name, upstream address and status, request ID).
 */
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import type { Component, ComponentContext } from '../../component';
import type { TimerId } from '../../clock';
import { SIM_EPOCH_MS } from '../../clock';
import { SharedInformer } from '../../client/informer';
import type { HttpRequest, HttpResponse, Listener, ProxyDecision, ServedCertificate } from '../../network/traffic/socket';
import { clfTime } from '../../node/behavior';
import type { EndpointSlice, KObject, Node, Pod, Secret, Service, StoredObject } from '../../types';
import { klogLine } from '../klog';
import type { AgentHost } from '../registry';
import { INGRESS_NGINX_CONTROLLER_CLASS, INGRESS_NGINX_NAMESPACE } from '../../bootstrap/ingressNginx';
import { nginxErrorResponse, relayed } from './pages';
import { admissionApp } from './admission';
import type { Endpoint, RouterConfig, RouterWorld } from './router';
import { buildConfig, certificateFor, describeMatch, FAKE_CERT_CN, route } from './router';

type Obj<T> = T & StoredObject;

export interface ControllerOptions {
  /** --publish-service=ingress-nginx/ingress-nginx-controller (the cloud manifest, with a load balancer) */
  publishService: boolean;
}

const STATUS_PERIOD_MS = 60_000;
/** --sync-rate-limit 0.3: one sync every 3.33 s at most. */
const SYNC_MIN_GAP_MS = 1000 / 0.3;
const HEALTHZ_PORT = 10254;
const INGRESS_CLASS = 'nginx';
const CONTROLLER_LABELS = 'app.kubernetes.io/component=controller,app.kubernetes.io/instance=ingress-nginx,app.kubernetes.io/name=ingress-nginx';

export class IngressNginxController implements Component {
  readonly name: string;
  private readonly ingresses: SharedInformer<Obj<Ingress>>;
  private readonly classes: SharedInformer<Obj<IngressClass>>;
  private readonly services: SharedInformer<Obj<Service>>;
  private readonly slices: SharedInformer<Obj<EndpointSlice>>;
  private readonly secrets: SharedInformer<Obj<Secret>>;
  private readonly pods: SharedInformer<Obj<Pod>>;
  private readonly nodes: SharedInformer<Obj<Node>>;
  private running = false;
  /** nginx is up: the listeners answer */
  private serving = false;
  private config: RouterConfig | undefined;
  private configText = '';
  private syncTimer: TimerId | undefined;
  private lastSyncMs = -Infinity;
  private statusTimer: TimerId | undefined;
  private startTimer: TimerId | undefined;
  private leading = false;
  private readonly rr = new Map<string, number>();
  readonly pod: { namespace: string; name: string };

  constructor(
    private readonly ctx: ComponentContext,
    private readonly host: AgentHost,
    private readonly opts: ControllerOptions,
  ) {
    this.name = host.process.name;
    // The process is named kind/node/namespace/pod (one per pod).
    const parts = host.process.name.split('/');
    this.pod = { namespace: parts[2] ?? INGRESS_NGINX_NAMESPACE, name: parts[3] ?? '' };
    this.ingresses = new SharedInformer(ctx.client, ctx.clock, 'ingresses');
    this.classes = new SharedInformer(ctx.client, ctx.clock, 'ingressclasses');
    this.services = new SharedInformer(ctx.client, ctx.clock, 'services');
    this.slices = new SharedInformer(ctx.client, ctx.clock, 'endpointslices');
    this.slices.addIndexer('service', (s) => {
      const svc = s.metadata.labels?.['kubernetes.io/service-name'];
      return svc ? [`${s.metadata.namespace ?? ''}/${svc}`] : [];
    });
    this.secrets = new SharedInformer(ctx.client, ctx.clock, 'secrets');
    this.pods = new SharedInformer(ctx.client, ctx.clock, 'pods', { namespace: INGRESS_NGINX_NAMESPACE, labelSelector: CONTROLLER_LABELS });
    this.nodes = new SharedInformer(ctx.client, ctx.clock, 'nodes');
    this.watch();
  }

  private informers(): SharedInformer<StoredObject>[] {
    return [this.ingresses, this.classes, this.services, this.slices, this.secrets, this.pods, this.nodes] as SharedInformer<StoredObject>[];
  }

  start(): void {
    this.running = true;
    this.banner();
    for (const inf of this.informers()) inf.start();
    const poll = (): void => {
      this.startTimer = undefined;
      if (!this.running) return;
      if (!this.informers().every((i) => i.hasSynced())) {
        this.startTimer = this.ctx.clock.after(100, `${this.name}: wait for caches`, poll);
        return;
      }
      this.klog('I', 'nginx.go:317', '"Starting NGINX process"');
      this.serving = true;
      this.klog('I', 'leaderelection.go:250', `attempting to acquire leader lease ${INGRESS_NGINX_NAMESPACE}/ingress-nginx-leader...`);
      this.syncNow();
      this.klog('I', 'controller.go:224', '"Initial sync, sleeping for 1 second"');
      this.startTimer = this.ctx.clock.after(1000, `${this.name}: initial sync`, () => {
        this.startTimer = undefined;
        this.checkLeader();
      });
    };
    this.startTimer = this.ctx.clock.after(100, `${this.name}: wait for caches`, poll);
  }

  stop(): void {
    this.running = false;
    this.serving = false;
    this.leading = false;
    for (const t of [this.syncTimer, this.statusTimer, this.startTimer]) this.ctx.clock.cancel(t);
    this.syncTimer = this.statusTimer = this.startTimer = undefined;
    for (const inf of this.informers()) inf.stop();
  }

  private banner(): void {
    const rule = '-------------------------------------------------------------------------------';
    for (const l of [rule, 'NGINX Ingress controller', '  Release:       v1.11.3', '  Build:         0106de65cfccb74405a6dfa7d9daffc6f0a6ef1a', '  Repository:    https://github.com/kubernetes/ingress-nginx', '  nginx version: nginx/1.25.5', '', rule, '']) this.write(l);
    this.klog('W', 'client_config.go:659', 'Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.');
    this.klog('I', 'main.go:205', '"Creating API client" host="https://10.96.0.1:443"');
    this.klog('I', 'main.go:248', '"Running in Kubernetes cluster" major="1" minor="31" git="v1.31.0" state="clean" commit="9edcffcde5595e8a5b1a35f88c421764e575afce" platform="linux/amd64"');
    this.klog('I', 'main.go:101', '"SSL fake certificate created" file="/etc/ingress-controller/ssl/default-fake-certificate.pem"');
    this.klog('I', 'ssl.go:535', '"loading tls certificate" path="/usr/local/certificates/cert" key="/usr/local/certificates/key"');
    this.klog('I', 'nginx.go:271', '"Starting NGINX Ingress controller"');
  }

  // ------------------------------------------------------------------ watching

  /** Whether this controller handles `ing` (store.go's class check). */
  handles(ing: Ingress): boolean {
    const cls = ing.spec?.ingressClassName;
    if (cls !== undefined) return this.classes.get(cls)?.spec?.controller === INGRESS_NGINX_CONTROLLER_CLASS;
    const ann = ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
    if (ann !== undefined) return ann === INGRESS_CLASS;
    return false;
  }

  private watch(): void {
    const sync = () => this.queueSync();
    this.ingresses.addEventHandler({
      add: (ing) => {
        if (!this.handles(ing)) return;
        this.ctx.recorder.event(ing, 'Normal', 'Sync', 'Scheduled for sync');
        sync();
      },
      update: (old, cur) => {
        const was = this.handles(old);
        const is = this.handles(cur);
        if (!was && !is) return;
        if (is && JSON.stringify(old) !== JSON.stringify(cur)) this.ctx.recorder.event(cur, 'Normal', 'Sync', 'Scheduled for sync');
        sync();
      },
      delete: (ing) => {
        if (this.handles(ing)) sync();
      },
    });
    for (const inf of [this.classes, this.services, this.slices, this.secrets] as SharedInformer<StoredObject>[]) inf.addEventHandler({ add: sync, update: sync, delete: sync });
  }

  private queueSync(): void {
    if (!this.running || !this.serving || this.syncTimer !== undefined) return;
    const at = Math.max(this.ctx.clock.now(), this.lastSyncMs + SYNC_MIN_GAP_MS);
    this.syncTimer = this.ctx.clock.at(at, `${this.name}: sync ingress`, () => {
      this.syncTimer = undefined;
      this.syncNow();
    });
  }

  /** The world the router reads: this controller's caches. */
  private world(): RouterWorld {
    return {
      ingresses: this.ingresses.list().filter((i) => this.handles(i) && !i.metadata.deletionTimestamp),
      service: (ns, name) => this.services.get(`${ns}/${name}`),
      slices: (ns, svc) => this.slices.byIndex('service', `${ns}/${svc}`),
      secret: (ns, name) => this.secrets.get(`${ns}/${name}`),
    };
  }

  private syncNow(): void {
    this.lastSyncMs = this.ctx.clock.now();
    const next = buildConfig(this.world());
    const text = JSON.stringify(next.servers);
    const first = this.config === undefined;
    const changed = text !== this.configText;
    this.config = next;
    this.configText = text;
    // createServers' certificate warnings, on every sync (klog.Warningf, not structured). The line is
    // the one recent controllers print for the missing-Secret warning; the others sit a few lines on.
    for (const w of next.warnings) this.klog('W', 'controller.go:1372', w);
    if (!changed && !first) return;
    this.klog('I', 'controller.go:193', '"Configuration changes detected, backend reload required"');
    this.klog('I', 'controller.go:213', '"Backend successfully reloaded"');
    const pod = this.pods.get(`${this.pod.namespace}/${this.pod.name}`);
    if (pod) this.ctx.recorder.event(pod, 'Normal', 'RELOAD', 'NGINX reload triggered due to a change in configuration');
  }

  // ------------------------------------------------------------------ status

  /** The oldest running controller pod leads (it would win the Lease first). */
  private checkLeader(): void {
    if (!this.running) return;
    const running = this.pods.list().filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp);
    running.sort((a, b) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : (a.metadata.creationTimestamp ?? '') > (b.metadata.creationTimestamp ?? '') ? 1 : a.metadata.name < b.metadata.name ? -1 : 1));
    const leader = running[0]?.metadata.name ?? this.pod.name;
    if (leader === this.pod.name && !this.leading) {
      this.leading = true;
      this.klog('I', 'leaderelection.go:260', `successfully acquired lease ${INGRESS_NGINX_NAMESPACE}/ingress-nginx-leader`);
      this.klog('I', 'status.go:85', `"New leader elected" identity="${this.pod.name}"`);
      this.syncStatus();
    }
    this.statusTimer = this.ctx.clock.after(STATUS_PERIOD_MS, `${this.name}: status sync`, () => {
      this.statusTimer = undefined;
      if (this.leading) this.syncStatus();
      this.checkLeader();
    });
  }

  /** The addresses to publish: the published Service's load balancer, or the nodes of the controller's pods. */
  private addresses(): { ip?: string; hostname?: string }[] {
    if (this.opts.publishService) {
      const svc = this.services.get(`${INGRESS_NGINX_NAMESPACE}/ingress-nginx-controller`);
      return (svc?.status?.loadBalancer?.ingress ?? []).map((i) => (i.ip ? { ip: i.ip } : { hostname: i.hostname ?? '' }));
    }
    const ips = new Set<string>();
    for (const p of this.pods.list()) {
      if (p.status?.phase !== 'Running' || !p.spec?.nodeName) continue;
      const node = this.nodes.get(p.spec.nodeName);
      const addrs = node?.status?.addresses ?? [];
      const ip = addrs.find((a) => a.type === 'ExternalIP')?.address ?? addrs.find((a) => a.type === 'InternalIP')?.address;
      if (ip) ips.add(ip);
    }
    return [...ips].sort().map((ip) => ({ ip }));
  }

  private syncStatus(): void {
    if (!this.running) return;
    const want = this.addresses();
    for (const ing of this.ingresses.list().filter((i) => this.handles(i) && !i.metadata.deletionTimestamp)) {
      const cur = ing.status?.loadBalancer?.ingress ?? [];
      if (JSON.stringify(cur) === JSON.stringify(want)) continue;
      this.klog('I', 'status.go:304', `"updating Ingress status" namespace="${ing.metadata.namespace}" ingress="${ing.metadata.name}" currentValue=${cur.length ? JSON.stringify(cur) : 'null'} newValue=${JSON.stringify(want)}`);
      try {
        this.ctx.client.update('ingresses', { ...ing, status: { loadBalancer: { ingress: want } } } as KObject, { subresource: 'status' });
      } catch (e) {
        this.klog('W', 'status.go:312', `"Error updating ingress rule" err="${(e as Error).message}"`);
      }
    }
  }

  // ------------------------------------------------------------------ serving

  listeners(): readonly Listener[] {
    if (!this.running) return [];
    const l = (port: number, app: Listener['app']): Listener => ({ proto: 'tcp', port, addr: '0.0.0.0', app, pid: port === HEALTHZ_PORT ? 1 : 27, program: port === HEALTHZ_PORT ? 'nginx-ingress-c' : 'nginx' });
    const out: Listener[] = [l(HEALTHZ_PORT, { kind: 'http', serve: () => this.healthz() })];
    if (!this.serving) return out;
    out.push(l(80, { kind: 'proxy', route: (req, conn) => this.route(req, false, conn.quiet) }));
    out.push(l(443, { kind: 'proxy', route: (req, conn) => (conn.tls ? this.route(req, true, conn.quiet) : this.plainOnTls(req, conn.quiet)), tls: { certificate: (sni) => this.certificate(sni) } }));
    out.push(l(8443, admissionApp({ ingresses: () => this.ingresses.list(), ingressClasses: () => this.classes.list(), config: () => ({}), log: (sev, line) => this.klog(sev, sev === 'I' ? 'main.go:107' : 'main.go:100', line) })));
    return out;
  }

  private wallMs(): number {
    return SIM_EPOCH_MS + this.ctx.clock.now();
  }

  private healthz(): HttpResponse {
    const ok = this.serving;
    const body = ok ? 'ok' : 'nginx not running';
    return { status: ok ? 200 : 500, reason: ok ? 'OK' : 'Internal Server Error', headers: [['Date', new Date(this.wallMs()).toUTCString()], ['Content-Length', String(body.length)], ['Content-Type', 'text/plain; charset=utf-8']], body };
  }

  private certificate(sni: string): ServedCertificate {
    const c = this.config ? certificateFor(this.config, sni) : { kind: 'fake' as const };
    // The Secret's certificate is not decoded (its subject and issuer are whatever the learner put in it):
    // it is named instead, and taken as not signed by a CA the client trusts.
    if (c.kind === 'secret') return { subject: `the certificate in Secret ${c.name}`, issuer: `the certificate in Secret ${c.name}`, source: `the Secret ${c.name}`, selfSigned: true };
    return { subject: `O=Acme Co; CN=${FAKE_CERT_CN}`, issuer: `O=Acme Co; CN=${FAKE_CERT_CN}`, source: "the controller's fake certificate", selfSigned: true };
  }

  /** A plain HTTP request on the HTTPS port: nginx's 400 page for its code 497. */
  private plainOnTls(req: HttpRequest, quiet: boolean): ProxyDecision {
    const res = nginxErrorResponse(400, this.wallMs());
    const ua = req.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '-';
    if (!quiet) this.write(`${req.clientIP} - - [${clfTime(this.wallMs())}] "${req.method} ${req.path} HTTP/1.1" 400 ${res.body.length} "-" "${ua}" 0 0.000 [] [] - - - - ${this.ctx.stream.hex(16)}`);
    return { kind: 'respond', note: 'nginx: a plain HTTP request on the HTTPS port: 400 Bad Request', response: res };
  }

  /** Round robin over an upstream's endpoints (ingress-nginx's default load-balance). */
  private pick(upstream: string, eps: readonly Endpoint[], quiet: boolean): Endpoint {
    const n = this.rr.get(upstream) ?? 0;
    if (!quiet) this.rr.set(upstream, n + 1);
    return eps[n % eps.length]!;
  }

  /** `quiet`: a check that only asks where the request would go (no log line, no round-robin step, no ID drawn). */
  private route(req: HttpRequest, https: boolean, quiet: boolean): ProxyDecision {
    const config = this.config ?? buildConfig({ ingresses: [], service: () => undefined, slices: () => [], secret: () => undefined });
    const r = route(config, this.world(), { host: req.host, path: req.path, https });
    const reqId = quiet ? '' : this.ctx.stream.hex(16);
    const reqLen = new TextEncoder().encode(`${req.method} ${req.path} HTTP/1.1\r\n${req.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`).length;
    const ua = req.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '-';
    const log = (status: number, bytes: number, upstream: string, upAddr: string, upStatus: string, upLen: string, ms: number): void => {
      if (quiet) return;
      this.write(`${req.clientIP} - - [${clfTime(this.wallMs())}] "${req.method} ${req.path} HTTP/1.1" ${status} ${bytes} "-" "${ua}" ${reqLen} ${(ms / 1000).toFixed(3)} [${upstream}] [] ${upAddr} ${upLen} ${(ms / 1000).toFixed(3)} ${upStatus} ${reqId}`);
    };
    const note = describeMatch(r);
    const scheme = https ? 'https' : 'http';
    if (r.kind === 'redirect') {
      const res = nginxErrorResponse(308, this.wallMs(), r.location_);
      log(308, res.body.length, r.location.backend ? `${r.location.backend.namespace}-${r.location.backend.service}-${r.location.backend.port}` : 'upstream-default-backend', '-', '-', '-', 0);
      return { kind: 'respond', note: `nginx: ${note}; ssl-redirect: 308 to ${r.location_}`, response: res };
    }
    if (r.kind === 'default-backend') {
      const res = nginxErrorResponse(404, this.wallMs());
      log(404, res.body.length, 'upstream-default-backend', '127.0.0.1:8181', '404', String(res.body.length), 0);
      return { kind: 'respond', note: `nginx: ${note}: 404 Not Found`, response: res };
    }
    if (r.kind === 'unavailable') {
      if (!quiet) this.klog('W', 'controller.go:1216', `"${r.why}"`);
      const res = nginxErrorResponse(503, this.wallMs());
      log(503, res.body.length, r.upstream, '-', '-', '-', 0);
      return { kind: 'respond', note: `nginx: ${note}: ${r.why}: 503 Service Temporarily Unavailable`, response: res };
    }
    const ep = this.pick(r.upstream, r.endpoints, quiet);
    const hostHeader = req.host;
    const port = String(req.localPort);
    const request = {
      method: req.method,
      path: r.uri,
      host: hostHeader,
      headers: [
        ['Host', hostHeader],
        ['X-Request-ID', reqId],
        ['X-Real-IP', req.clientIP],
        ['X-Forwarded-For', req.clientIP],
        ['X-Forwarded-Host', hostHeader],
        ['X-Forwarded-Port', port],
        ['X-Forwarded-Proto', scheme],
        ['X-Forwarded-Scheme', scheme],
        ['X-Scheme', scheme],
        ...req.headers.filter(([k]) => !['host', 'connection'].includes(k.toLowerCase())),
      ] as [string, string][],
    };
    const rewritten = r.uri !== req.path ? `, rewritten to ${r.uri}` : '';
    return {
      kind: 'forward',
      note: `nginx: ${note} → upstream ${r.upstream}: endpoint ${ep.ip}:${ep.port} of ${r.endpoints.length} (round robin, straight to the pod: the Service's ClusterIP is not used)${rewritten}`,
      to: ep,
      request,
      finish: (up) => {
        if ('error' in up) {
          const status = up.error === 'ETIMEDOUT' ? 504 : 502;
          const res = nginxErrorResponse(status, this.wallMs());
          log(status, res.body.length, r.upstream, `${ep.ip}:${ep.port}`, '502', '0', up.error === 'ETIMEDOUT' ? 5000 : 1);
          return res;
        }
        const res = relayed(up.response, this.wallMs(), https);
        const len = new TextEncoder().encode(up.response.body).length;
        log(up.response.status, len, r.upstream, `${ep.ip}:${ep.port}`, String(up.response.status), String(len), 1);
        return res;
      },
    };
  }

  // ------------------------------------------------------------------ logging

  private write(line: string): void {
    this.host.process.write(line);
  }

  private klog(sev: 'I' | 'W' | 'E', source: string, message: string): void {
    // klog's time has whole microseconds; virtual time may carry fractions of a millisecond.
    this.write(klogLine(sev, Math.floor(this.wallMs()), source, message));
  }
}
