/**
 * Containers as the kubelet's runtime manager drives them (pkg/kubelet/kuberuntime): pull, create,
 * start with the postStart hook, the process's own end, and stop with preStop and the grace period.
 */
import { podToken } from './tokens';
import type { ProcessHost } from '../../process';
import type { Pod } from '../../types';
import { imageInfo, repoDigestOf } from '../images';
import { SIM_EPOCH_MS } from '../../clock';
import { fnv1a32 } from '../../rng';
import type { Container } from '../../types';
import type { ProgramInputs } from '../behavior';
import { buildProgram } from '../behavior';
import { imageHasKubectl } from '../incluster/config';
import { driveKubectl } from './podKubectl';
import { parseScript, runScript, ShellSyntaxError } from '../shell';
import { containerEnv, podFile, podHostname } from '../podenv';
import { applyHostPathCopy } from '../hostpath';
import type { ContainerRun } from '../runtime';
import type { ContainerRecord, PodRecord } from '../runtime';
import { isSidecar } from '../runtime';
import { isProbeKill, memoryLimit, processName, stopBehaviour } from './util';
import type { Kubelet } from './kubelet';
import { servesSockets } from '../../agents/registry';

export class ContainerManager {
  constructor(readonly k: Kubelet) {}

  /** Starts a container: its image first (the image manager), then create and start. */
  startContainer(rec: PodRecord, c: ContainerRecord): void {
    this.k.imageManager.ensureImageExists(rec, c, () => this.createContainer(rec, c));
  }

  /** A blocked container is tried again by a later sync of its pod. */
  retryLater(rec: PodRecord, c: ContainerRecord, delayMs: number): void {
    this.k.later(rec, Math.max(0, delayMs), 'retry container', () => {
      if (rec.stage !== 'running' || c.step !== 'blocked') return;
      c.step = 'idle';
      if (c.init) this.k.workers.advance(rec);
      else this.startContainer(rec, c);
    });
  }

  createContainer(rec: PodRecord, c: ContainerRecord): void {
    c.step = 'creating';
    this.k.later(rec, 30 + this.k.rs.intn(90), 'create container', () => {
      if (rec.stage !== 'running') return;
      const env = containerEnv(rec.pod, c.spec, rec.sandbox?.ip ?? '', this.k.config.nodeIP, this.k.config.nodeName, (kind, ns, name) => this.k.volumes.lookupConfig(kind, ns, name), this.k.config.kubernetesServiceIP);
      if ('error' in env) {
        c.step = 'blocked';
        c.state = { kind: 'waiting', reason: 'CreateContainerConfigError', message: env.error };
        this.k.containerEvent(rec, c, 'Warning', 'Failed', `Error: ${env.error}`);
        this.k.statusManager.markDirty(rec, false);
        this.retryLater(rec, c, 10_000 + this.k.rs.intn(5_000));
        this.k.workers.advance(rec);
        return;
      }
      const info = imageInfo(c.spec.image ?? '');
      c.containerID = `containerd://${this.k.rs.hex(32)}`;
      c.image = info.ref.normalized;
      c.imageID = repoDigestOf(info);
      c.created = true;
      c.step = 'starting';
      this.k.containerEvent(rec, c, 'Normal', 'Created', `Created container ${c.name}`);
      this.k.later(rec, 40 + this.k.rs.intn(120), 'start container', () => this.launch(rec, c, env.env));
    });
  }

  /** The runtime starts the process; the kubelet runs the postStart hook, then moves the pod on. */
  launch(rec: PodRecord, c: ContainerRecord, env: Record<string, string>): void {
    if (rec.stage !== 'running') return;
    const now = this.k.ctx.clock.now();
    const inputs: ProgramInputs = {
      pod: rec.pod,
      container: c.spec,
      env,
      hostname: podHostname(rec.pod),
      podIP: rec.sandbox?.ip ?? '',
      cpus: this.k.cpus,
      startWallMs: SIM_EPOCH_MS + now,
    };
    const readFile = (p: string): string | undefined => podFile(rec.pod, c.spec, p, rec.sandbox?.ip ?? '', (k, ns, n) => this.k.volumes.lookupConfig(k, ns, n), rec.sandbox?.resolvConf, (src) => podToken(rec, src));
    if (imageHasKubectl(c.spec.image ?? '')) inputs.kubectl = { done: [] };
    const program = buildProgram(inputs, readFile);
    if (c.run) c.prevRun = c.run;
    const run: ContainerRun = { id: c.containerID ?? '', startedAtMs: now, program, inputs, extra: [] };
    c.run = run;
    c.killing = undefined;
    c.step = 'running';
    this.k.prober.wake(rec);
    c.state = { kind: 'running', startedAtMs: now };
    const sidecar = isSidecar(c);
    c.started = !c.spec.startupProbe || (c.init && !sidecar);
    c.ready = (!c.init || sidecar) && !c.spec.readinessProbe && !c.spec.startupProbe;
    this.k.containerEvent(rec, c, 'Normal', 'Started', `Started container ${c.name}`);
    this.scheduleExit(rec, c, run);
    if (inputs.kubectl && !program.exit) driveKubectl(this.k, rec, c, run, readFile);
    this.runProcess(rec, c, run);
    const proceed = (): void => {
      if (c.run !== run || rec.stage !== 'running') return;
      if (c.spec.readinessProbe && c.started) this.k.prober.triggerProbe(rec, c, 'readiness');
      this.k.statusManager.markDirty(rec, false);
      this.k.workers.advance(rec);
    };
    const hook = c.spec.lifecycle?.postStart;
    if (!hook) {
      proceed();
      return;
    }
    const h = this.runHook(rec, c, run, hook, 'PostStart');
    this.k.later(rec, h.ms, 'postStart hook', () => {
      if (c.run !== run) return;
      if (h.error) {
        this.k.containerEvent(rec, c, 'Warning', 'FailedPostStartHook', h.error);
        this.stopContainer(rec, c, this.k.graceMs(rec), 'FailedPostStartHook');
        return;
      }
      proceed();
    });
  }

  /** Runs a lifecycle hook against the container model: how long it takes and whether it fails. */
  runHook(rec: PodRecord, c: ContainerRecord, run: ContainerRun, hook: NonNullable<NonNullable<Container['lifecycle']>['postStart']>, kind: 'PostStart' | 'PreStop'): { ms: number; error?: string } {
    const pod = `${rec.pod.metadata?.name}_${rec.pod.metadata?.namespace}(${rec.uid})`;
    if (hook.sleep) return { ms: (hook.sleep.seconds ?? 0) * 1000 };
    if (hook.httpGet) {
      const port = typeof hook.httpGet.port === 'number' ? hook.httpGet.port : c.spec.ports?.find((p) => p.name === hook.httpGet!.port)?.containerPort ?? Number(hook.httpGet.port);
      const ok = run.program.serves.some((s) => s.port === port);
      if (ok) return { ms: 5 };
      const url = `http://${hook.httpGet.host || rec.sandbox?.ip}:${port}${hook.httpGet.path ?? '/'}`;
      return { ms: 5, error: `HTTP lifecycle hook (${hook.httpGet.path ?? ''}) for Container "${c.name}" in Pod "${pod}" failed - error: Get "${url}": dial tcp ${hook.httpGet.host || rec.sandbox?.ip}:${port}: connect: connection refused, message: ""` };
    }
    const cmd = hook.exec?.command ?? [];
    const isShell = /(^|\/)(sh|bash|ash)$/.test(cmd[0] ?? '') && cmd[1] === '-c';
    let res;
    try {
      const stmts = parseScript(isShell ? (cmd[2] ?? '') : cmd.map((a) => (/^[A-Za-z0-9_./=:,+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '));
      res = runScript(stmts, run.program.env, { startWallMs: run.inputs.startWallMs, hostname: run.inputs.hostname, readFile: () => undefined, external: (argv) => (argv.includes('-s') || argv[0] === 'kill' ? { kind: 'ok', status: 0 } : { kind: 'ok', status: 0 }) }, { horizonMs: kind === 'PreStop' ? this.k.graceMs(rec) : 120_000 });
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      return { ms: 5, error: `Exec lifecycle hook (${JSON.stringify(cmd).replace(/","/g, ' ').replace(/^\["|"\]$/g, '[').replace(/\[$/, ']')}) for Container "${c.name}" in Pod "${pod}" failed - error: command '${cmd.join(' ')}' exited with 2: , message: ""` };
    }
    const ms = Math.max(5, res.exit?.at ?? (kind === 'PreStop' ? this.k.graceMs(rec) : 120_000));
    if (res.exit && res.exit.code !== 0) {
      const out = res.lines.map((l) => l.text).join('\n');
      return { ms, error: `Exec lifecycle hook ([${cmd.join(' ')}]) for Container "${c.name}" in Pod "${pod}" failed - error: command '${cmd.join(' ')}' exited with ${res.exit.code}: ${out}, message: "${out}"` };
    }
    return { ms };
  }

  /** Arms the process's own end: its program exiting, or the OOM killer when memory passes the limit. */
  scheduleExit(rec: PodRecord, c: ContainerRecord, run: ContainerRun): void {
    const p = run.program;
    let at: number | undefined;
    let code = 0;
    let reason: string | undefined;
    if (p.exit) {
      at = run.startedAtMs + p.exit.atMs;
      code = p.exit.code;
    }
    const limit = memoryLimit(c.spec);
    if (limit !== undefined && p.memBytes > limit) {
      // Memory grows for a moment after start, then the cgroup's OOM killer ends the process.
      const oomAt = run.startedAtMs + 600 + Math.min(4_000, Math.round((limit / p.memBytes) * 3_000));
      if (at === undefined || oomAt < at) {
        at = oomAt;
        code = 137;
        reason = 'OOMKilled';
      }
    }
    if (at === undefined) return;
    run.exitTimer = this.k.ctx.clock.at(at, `${this.k.name}: process exits ${rec.key}/${c.name}`, () => {
      if (c.run !== run || run.finishedAtMs !== undefined) return;
      if (reason === 'OOMKilled') this.k.nodeEvent('Warning', 'SystemOOM', `System OOM encountered, victim process: ${processName(run)}, pid: ${1000 + (fnv1a32(run.id) % 60000)}`);
      this.processExited(rec, c, run, code, reason);
    });
  }

  /** The runtime saw the process end. The kubelet reacts at its next relist. */
  processExited(rec: PodRecord, c: ContainerRecord, run: ContainerRun, code: number, reason?: string): void {
    const now = this.k.ctx.clock.now();
    // An installer that copied into a hostPath volume has left its file on the machine.
    if (code === 0 && !run.stopProcess) applyHostPathCopy(rec.pod, c.spec, run.program.argv, (p) => this.k.volumes.podFileFor(rec, c, p), this.k.machine, run.program.env);
    run.stopProcess?.();
    run.finishedAtMs = now;
    run.exitCode = code;
    this.k.ctx.clock.cancel(run.exitTimer);
    c.state = { kind: 'terminated', exitCode: code, reason: reason ?? (code === 0 ? 'Completed' : 'Error'), startedAtMs: run.startedAtMs, finishedAtMs: now, containerID: run.id || undefined };
    c.ready = false;
    c.started = false;
    c.step = 'exited';
    this.k.prober.wake(rec);
    if (rec.stage !== 'running') return;
    this.k.statusManager.markDirty(rec, false);
    // A container killed for a failed probe is started again by the sync that killed it, once it is down.
    if (isProbeKill(c)) this.k.workers.afterExit(rec, c);
    else this.k.later(rec, this.k.toRelist(), 'container died', () => this.k.workers.afterExit(rec, c));
  }

  /**
   * A static pod's container runs its component's process (kube-scheduler…): the process starts in
   * it (the cluster's first instance, started at boot, is adopted) and stops when it stops. When the
   * process panics, the container ends with its exit code and its last words in the log.
   */
  runProcess(rec: PodRecord, c: ContainerRecord, run: ContainerRun): void {
    const manifest = this.k.mirrors.staticManifestName(rec.pod);
    const proc = manifest !== undefined && !c.init ? this.k.config.staticPodProcesses?.[manifest] : this.k.config.systemAgent?.(rec.pod, c.spec);
    if (!proc) return;
    const host: ProcessHost = {
      netns: rec.sandbox?.netns ?? '',
      write: (line) => {
        if (c.run === run && run.finishedAtMs === undefined && run.extra.length < 5_000) run.extra.push({ at: this.k.ctx.clock.now() - run.startedAtMs, text: line });
      },
      exited: (code, stderr) =>
        this.k.ctx.clock.runAs(this.k, () => {
          if (c.run !== run || run.finishedAtMs !== undefined) return;
          const at = this.k.ctx.clock.now() - run.startedAtMs;
          for (const text of stderr) run.extra.push({ at, text });
          this.processExited(rec, c, run, code);
        }),
    };
    run.stopProcess = () => {
      run.stopProcess = undefined;
      proc.stopIn(host);
    };
    run.sockets = () => (proc.runsIn(host) ? proc.components().filter(servesSockets).flatMap((comp) => comp.listeners()) : []);
    proc.runIn(host);
  }

  /**
   * Stops one container: the preStop hook (its time counts against the grace period), then the stop
   * signal; a process that ignores it is killed when the grace period ends (137). Returns the ms
   * until the container is down. `eventMessage` overrides the `Killing` event's text.
   */
  stopContainer(rec: PodRecord, c: ContainerRecord, graceMs: number, eventMessage?: string, quiet = false): number {
    const run = c.run;
    if (!run || c.state.kind !== 'running') return 0;
    if (!quiet) this.k.containerEvent(rec, c, 'Normal', 'Killing', eventMessage && eventMessage !== 'FailedPostStartHook' ? eventMessage : `Stopping container ${c.name}`);
    c.step = 'stopping';
    c.killing = { reason: eventMessage ?? 'Stopping' };
    this.k.prober.wake(rec);
    let hookMs = 0;
    const hook = c.spec.lifecycle?.preStop;
    if (hook && eventMessage !== 'FailedPostStartHook') {
      const h = this.runHook(rec, c, run, hook, 'PreStop');
      hookMs = Math.min(graceMs, h.ms);
      if (h.error) this.k.containerEvent(rec, c, 'Warning', 'FailedPreStopHook', h.error);
    }
    // After preStop the kubelet still gives the process at least 2 seconds.
    const remaining = hookMs > 0 ? Math.max(graceMs - hookMs, 2_000) : graceMs;
    const beh = stopBehaviour(run);
    let afterMs: number;
    let code: number;
    if (beh.kind === 'graceful' && beh.minMs < remaining) {
      afterMs = Math.min(remaining, beh.minMs + this.k.rs.intn(beh.maxMs - beh.minMs + 1));
      code = 0;
    } else {
      afterMs = remaining;
      code = 137;
    }
    const total = hookMs + afterMs;
    this.k.ctx.clock.after(total, `${this.k.name}: container stops ${rec.key}/${c.name}`, () => {
      if (c.run !== run || run.finishedAtMs !== undefined) return;
      if (code === 0 && run.program.image.onStop) {
        const at = this.k.ctx.clock.now() - run.startedAtMs;
        for (const text of run.program.image.onStop({ wallMs: SIM_EPOCH_MS + this.k.ctx.clock.now(), podIP: run.inputs.podIP, hostname: run.inputs.hostname, cpus: run.inputs.cpus, version: '' })) run.extra.push({ at, text });
      }
      this.processExited(rec, c, run, code);
    });
    return total;
  }
}
