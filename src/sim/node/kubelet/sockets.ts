/**
 * The sockets the containers on this machine listen on, as the container runtime knows them: each
 * running container's process binds the ports its program serves (once it is up: an app that takes
 * time to start listens only then), in the pod's namespace or, for hostNetwork pods, the host's.
 */
import { HOST_NETNS } from '../machine';
import type { App, Listener, SocketSource } from '../../network/traffic/socket';
import type { Program, ServedPort } from '../behavior';
import { SIM_EPOCH_MS } from '../../clock';
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
    const out: Listener[] = [];
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
        if (own) {
          out.push(...own);
          continue;
        }
        for (const s of prog.serves) out.push({ proto: 'tcp', port: s.port, addr: '0.0.0.0', app: this.appFor(rec, c, prog, s), pid: 1, program: programName(prog) });
      }
    }
    return out;
  }

  podOf(netns: string): string | undefined {
    for (const rec of this.k.podRecords()) if (rec.sandbox?.netns === netns) return rec.key;
    return undefined;
  }

  private appFor(rec: PodRecord, c: ContainerRecord, prog: Program, s: ServedPort): App {
    if (s.proto === 'tcp') return { kind: 'tcp' };
    if (s.proto === 'grpc') return { kind: 'grpc' };
    void SIM_EPOCH_MS;
    const hostname = c.run?.inputs.hostname ?? rec.pod.metadata?.name ?? '';
    return { kind: 'http', serve: () => ({ status: 200, reason: 'OK', headers: [], body: `${prog.image.cmd.join(' ')} on ${hostname}\n` }) };
  }
}

function programName(p: Program): string {
  return (p.argv[0] ?? p.image.cmd[0] ?? 'app').replace(/^.*\//, '');
}
