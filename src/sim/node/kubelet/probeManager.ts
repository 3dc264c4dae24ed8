/**
 * The prober manager (pkg/kubelet/prober): one worker per container and probe type, ticking every
 * period, with the thresholds and what a failure sets off.
 */
import { SIM_EPOCH_MS } from '../../clock';
import { podToken } from './tokens';
import type { Container } from '../../types';
import { clfTime } from '../behavior';
import { runProbe, STOCK_HEALTH_COMMANDS } from '../prober';
import { podFile } from '../podenv';
import type { ProbeType, ProbeWorkerState } from '../runtime';
import type { ContainerRecord, PodRecord } from '../runtime';
import { isSidecar } from '../runtime';
import { DEFAULT_GRACE_SECONDS } from './config';
import { probeOf } from './util';
import type { Kubelet } from './kubelet';

export class ProbeManager {
  constructor(readonly k: Kubelet) {}

  /** The prober's workers for a pod: one per container and probe type, ticking every period. */
  addProbeWorkers(rec: PodRecord): void {
    const now = this.k.ctx.clock.now();
    for (const c of rec.containers) {
      if (c.init && !isSidecar(c)) continue;
      for (const type of ['startup', 'readiness', 'liveness'] as const) {
        const probe = probeOf(c, type);
        if (!probe) continue;
        c.probes ??= {};
        const w: ProbeWorkerState = { resultRun: 0, onHold: false };
        c.probes[type] = w;
        const period = (probe.periodSeconds ?? 10) * 1000;
        // A kubelet that just started spreads its workers over one period.
        const first = period > now - this.k.startedAtMs ? this.k.rs.intn(period) : 0;
        const gen = rec.generation;
        const label = `${this.k.name}: probe ${rec.key}/${c.name}`;
        const tick = (): void => {
          w.timer = undefined;
          if (rec.generation !== gen || rec.stage === 'terminated' || rec.gone) return;
          if (!this.k.running || this.k.machineDown) {
            w.timer = this.k.ctx.clock.after(period, label, tick);
            return;
          }
          this.doProbe(rec, c, type);
          const next = this.k.ctx.clock.now() + period;
          if (this.settled(rec, c, type)) {
            // Until the container, the kubelet or a fault changes something (see wake), every tick
            // would find what this one found: none is run, and the ticks go on from the same phase.
            w.parked = {
              nextAt: next,
              resume: (now) => {
                let at = next;
                // A wake in the instant of a phase tick keeps that tick: it runs after the waking event,
                // as a tick scheduled before the wake would have.
                if (at < now) at += Math.ceil((now - at) / period) * period;
                w.timer = this.k.ctx.clock.at(at, label, tick);
              },
            };
            return;
          }
          w.timer = this.k.ctx.clock.after(period, label, tick);
        };
        w.timer = this.k.ctx.clock.after(first, label, tick);
      }
    }
  }

  clearProbes(rec: PodRecord): void {
    for (const c of rec.containers) {
      for (const w of Object.values(c.probes ?? {})) {
        if (w?.timer !== undefined) this.k.ctx.clock.cancel(w.timer);
        if (w) w.parked = undefined;
      }
    }
  }

  /**
   * Something a probe's result depends on may have changed (a container started, stopped or died, the
   * pod's status moved, a fault forced a result, the kubelet started): the pod's parked workers tick
   * again from their phase, at the first period boundary after now.
   */
  wake(rec: PodRecord): void {
    const now = this.k.ctx.clock.now();
    for (const c of rec.containers) {
      for (const w of Object.values(c.probes ?? {})) {
        const p = w?.parked;
        if (!p) continue;
        w.parked = undefined;
        p.resume(now);
      }
    }
  }

  /**
   * Whether the worker's next ticks must repeat what this one did, with no effect: the container runs
   * on, the result the kubelet acts on is the success just seen, nothing forces a result, and the probe
   * reads nothing that moves with time or leaves a trace (nginx logs each probe's request; exec
   * commands run through the shell see the container's files; a system agent answers its own HTTP).
   */
  settled(rec: PodRecord, c: ContainerRecord, type: ProbeType): boolean {
    const w = c.probes?.[type];
    const probe = probeOf(c, type);
    const run = c.run;
    if (!w || !probe || !run || rec.stage !== 'running' || c.state.kind !== 'running' || c.step === 'stopping') return false;
    if (w.runId !== run.id || w.onHold) return false;
    if (this.k.probeOverrides.has(`${rec.key}/${c.name}/${type}`) || run.program.overrides.probeFail.has(type)) return false;
    // A started container's startup probe is done with until the container is replaced.
    if (type === 'startup') return c.started;
    if (!c.started || w.lastResult !== true || w.result !== true || w.resultRun < (probe.successThreshold ?? 1)) return false;
    if (type === 'readiness' && !c.ready) return false;
    if (probe.exec) return STOCK_HEALTH_COMMANDS.has((probe.exec.command?.[0] ?? '').replace(/^.*\//, ''));
    if (probe.httpGet) return !run.sockets && (run.program.image.cmd[0] !== 'nginx' || run.program.script !== undefined || run.extra.length >= 5_000);
    return true;
  }

  triggerProbe(rec: PodRecord, c: ContainerRecord, type: ProbeType): void {
    const gen = rec.generation;
    this.k.ctx.clock.after(0, `${this.k.name}: probe ${rec.key}/${c.name}`, () => {
      if (rec.generation === gen && rec.stage === 'running' && this.k.running) this.doProbe(rec, c, type);
    });
  }

  /** One probe run, with the worker's bookkeeping (prober/worker.go doProbe). */
  doProbe(rec: PodRecord, c: ContainerRecord, type: ProbeType): void {
    const w = c.probes?.[type];
    const probe = probeOf(c, type);
    const run = c.run;
    if (!w || !probe || rec.stage !== 'running') return;
    if (!run || c.state.kind !== 'running' || c.step === 'stopping') {
      // Not running: readiness is false; nothing to probe.
      if (type === 'readiness' && w.result !== false && run) w.result = false;
      return;
    }
    if (w.runId !== run.id) {
      w.runId = run.id;
      w.result = type !== 'readiness';
      w.lastResult = undefined;
      w.resultRun = 0;
      w.onHold = false;
    }
    if (w.onHold) return;
    if (type !== 'startup' && !c.started) return;
    if (type === 'startup' && c.started) return;
    const now = this.k.ctx.clock.now();
    if (Math.floor((now - run.startedAtMs) / 1000) < (probe.initialDelaySeconds ?? 0)) return;
    const forced = this.k.probeOverrides.get(`${rec.key}/${c.name}/${type}`) ?? (run.program.overrides.probeFail.has(type) ? 'fail' : undefined);
    const out = runProbe({
      run,
      container: c.spec,
      probe,
      type,
      sinceStartMs: now - run.startedAtMs,
      ip: rec.sandbox?.ip ?? this.k.config.nodeIP,
      sourceIP: rec.sandbox?.gateway ?? this.k.config.nodeIP,
      forced,
      readFile: (p) => podFile(rec.pod, c.spec, p, rec.sandbox?.ip ?? '', (k, ns, n) => this.k.volumes.lookupConfig(k, ns, n), rec.sandbox?.resolvConf, (src) => podToken(rec, src)),
    });
    if (out.accessLine && run.program.image.cmd[0] === 'nginx' && !run.program.script && run.extra.length < 5_000) {
      // Probes leave the node through the bridge, from its gateway address.
      const gw = rec.sandbox?.gateway ?? this.k.config.nodeIP;
      run.extra.push({ at: now - run.startedAtMs, text: `${gw} - - [${clfTime(SIM_EPOCH_MS + now)}] "GET ${out.accessLine.path} HTTP/1.1" ${out.accessLine.status} ${out.accessLine.bytes} "-" "kube-probe/1.31" "-"` });
    }
    const label = type === 'startup' ? 'Startup' : type === 'liveness' ? 'Liveness' : 'Readiness';
    if (!out.ok) this.k.containerEvent(rec, c, 'Warning', 'Unhealthy', `${label} probe failed: ${out.output}`);
    if (w.lastResult === out.ok) w.resultRun++;
    else {
      w.lastResult = out.ok;
      w.resultRun = 1;
    }
    const threshold = out.ok ? (probe.successThreshold ?? 1) : (probe.failureThreshold ?? 3);
    if (w.resultRun < threshold) return;
    const changed = w.result !== out.ok;
    w.result = out.ok;
    if (type === 'readiness') {
      if (changed || c.ready !== out.ok) {
        c.ready = out.ok;
        this.k.statusManager.markDirty(rec, true);
      }
      return;
    }
    if (type === 'startup' && out.ok) {
      c.started = true;
      if (!c.spec.readinessProbe) c.ready = true;
      this.k.statusManager.markDirty(rec, true);
      if (c.spec.readinessProbe) this.triggerProbe(rec, c, 'readiness');
      return;
    }
    if (!out.ok) {
      // Liveness or startup failed: the container is killed and, per restartPolicy, restarted.
      w.onHold = true;
      w.resultRun = 0;
      const policy = rec.pod.spec?.restartPolicy ?? 'Always';
      const restart = policy !== 'Never';
      const msg = `Container ${c.name} failed ${type} probe${restart ? ', will be restarted' : ''}`;
      const grace = (probe.terminationGracePeriodSeconds ?? rec.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000;
      this.k.later(rec, this.k.toRelist(), 'kill unhealthy container', () => {
        if (c.run === run && c.state.kind === 'running' && c.step !== 'stopping') this.k.containers.stopContainer(rec, c, grace, msg);
      });
    }
  }
}
