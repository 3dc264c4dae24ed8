/**
 * The sockets the containers on this machine listen on, as the container runtime knows them: each
 * running container's process binds the ports its program serves (once it is up: an app that takes
 * time to start listens only then), in the pod's namespace or, for hostNetwork pods, the host's.
 */
import { HOST_NETNS } from '../machine';
import type { App, Listener, SocketSource } from '../../network/traffic/socket';
import type { Program, ServedPort } from '../behavior';
import { SIM_EPOCH_MS } from '../../clock';
import { httpAppFor, httpDate } from '../httpapps';
import { clfTime } from '../behavior';
import type { ContainerRecord, PodRecord } from '../runtime';
import type { Kubelet } from './kubelet';

export class ContainerSockets implements SocketSource {
  constructor(private readonly k: Kubelet) {}

  private inNetns(rec: PodRecord, netns: string): boolean {
    const sb = rec.sandbox;
    if (!sb) return false;
    return netns === HOST_NETNS ? !!sb.hostNetwork : sb.netns === netns;
  }

  listeners(netns: string): readonly Listener[] {
    const now = this.k.ctx.clock.now();
    const out: Listener[] = netns === HOST_NETNS && this.k.isRunning() ? this.kubeletSockets() : [];
    for (const rec of this.k.podRecords()) {
      if (!this.inNetns(rec, netns)) continue;
      for (const c of rec.containers) {
        const run = c.run;
        if (!run || c.state.kind !== 'running') continue;
        const prog = run.program;
        const listening = prog.overrides.readyAfterMs === undefined || now - run.startedAtMs >= prog.overrides.readyAfterMs;
        if (!listening) continue;
        // A system agent's process (CoreDNS) binds its own sockets; an image's server binds the ports it serves.
        const own = run.sockets?.();
        if (own && own.length > 0) {
          out.push(...own);
          continue;
        }
        for (const s of prog.serves) out.push({ proto: 'tcp', port: s.port, addr: '0.0.0.0', app: this.appFor(rec, c, prog, s), pid: 1, program: programName(prog) });
      }
    }
    return out;
  }

  /** The kubelet's own: its API (10250, TLS, which kubetab does not speak) and its healthz on localhost. */
  private kubeletSockets(): Listener[] {
    const healthz: App = {
      kind: 'http',
      serve: (req) => {
        const ok = req.path === '/healthz';
        const body = ok ? 'ok' : '404 page not found\n';
        return { status: ok ? 200 : 404, reason: ok ? 'OK' : 'Not Found', headers: [['Content-Type', 'text/plain; charset=utf-8'], ...(ok ? [] : [['X-Content-Type-Options', 'nosniff'] as const]), ['Date', httpDate(SIM_EPOCH_MS + this.k.ctx.clock.now())], ['Content-Length', String(body.length)]], body };
      },
    };
    return [
      { proto: 'tcp', port: 10250, addr: '0.0.0.0', app: { kind: 'tcp' }, pid: 1, program: 'kubelet' },
      { proto: 'tcp', port: 10248, addr: '127.0.0.1', app: healthz, pid: 1, program: 'kubelet' },
    ];
  }

  podOf(netns: string): string | undefined {
    for (const rec of this.k.podRecords()) if (rec.sandbox?.netns === netns) return rec.key;
    return undefined;
  }

  private appFor(rec: PodRecord, c: ContainerRecord, prog: Program, s: ServedPort): App {
    if (s.proto === 'tcp') return { kind: 'tcp' };
    if (s.proto === 'grpc') return { kind: 'grpc' };
    const hostname = c.run?.inputs.hostname ?? rec.pod.metadata?.name ?? '';
    const app = httpAppFor(c.spec.image ?? '', { hostname, podIP: rec.sandbox?.ip ?? '', nowWallMs: () => SIM_EPOCH_MS + this.k.ctx.clock.now(), args: [...(c.spec.command ?? []), ...(c.spec.args ?? [])] });
    // An image whose HTTP answers are not modelled accepts the connection and says nothing kubetab knows.
    if (!app || app.kind !== 'http') return app ?? { kind: 'tcp' };
    const run = c.run;
    if (!run || prog.image.cmd[0] !== 'nginx' || prog.script) return app;
    // nginx writes one access-log line per request to its stdout (kubectl logs shows who asked).
    return {
      kind: 'http',
      serve: (req) => {
        const res = app.serve(req);
        const now = this.k.ctx.clock.now();
        const ua = req.headers.find(([h]) => h.toLowerCase() === 'user-agent')?.[1] ?? '-';
        const bytes = req.method === 'HEAD' ? 0 : new TextEncoder().encode(res.body).length;
        if (c.run === run && run.extra.length < 5_000) run.extra.push({ at: now - run.startedAtMs, text: `${req.clientIP} - - [${clfTime(SIM_EPOCH_MS + now)}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${bytes} "-" "${ua}" "-"` });
        return res;
      },
    };
  }
}

function programName(p: Program): string {
  return (p.argv[0] ?? p.image.cmd[0] ?? 'app').replace(/^.*\//, '');
}
