/**
 * The pod workers (pkg/kubelet/pod_workers.go and the syncPod family): one pod's life on this node —
 * seen, started, restarted, finished, terminated and confirmed deleted.
 */
import { isStatusError } from '../../api/types';
import type { Pod, StoredObject } from '../../types';
import { keyOf } from '../../types';
import { formatGoDuration } from '../images';
import type { ContainerRecord, PodRecord } from '../runtime';
import { initDone, initRecords, isSidecar } from '../runtime';
import { DEFAULT_GRACE_SECONDS, MAX_BACKOFF_MS, MIN_KILL_GRACE_SECONDS } from './config';
import { isProbeKill, newer, nextBackoff } from './util';
import type { Kubelet } from './kubelet';

export class PodWorkers {
  constructor(readonly k: Kubelet) {}

  onPodEvent(pod: Pod & StoredObject): void {
    if (pod.spec?.nodeName !== this.k.config.nodeName) return;
    if (this.k.partitioned) return;
    const key = keyOf(pod);
    let rec = this.k.pods.get(key);
    if (rec && this.k.mirrors.staticManifestName(pod) !== undefined) {
      // A mirror pod: the static pod behind it is what runs here.
      if (rec.uid !== pod.metadata.uid) {
        if (!pod.metadata.deletionTimestamp) this.k.mirrors.adoptMirrorPod(rec, pod);
        return;
      }
      if (pod.metadata.deletionTimestamp && rec.stage !== 'terminating' && rec.stage !== 'terminated') {
        if (newer(pod, rec.pod)) rec.pod = pod;
        if (this.k.running) this.k.mirrors.recreateMirrorPod(rec);
        return;
      }
    }
    if (rec && rec.uid !== pod.metadata.uid) {
      // Same name, new pod: the old one is gone.
      this.onPodGone(rec.pod as Pod & StoredObject);
      rec = undefined;
    }
    if (!this.k.running) {
      if (rec && newer(pod, rec.pod)) rec.pod = pod;
      return;
    }
    if (!rec) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        // A finished pod the kubelet no longer runs: only its deletion needs confirming.
        if (pod.metadata.deletionTimestamp) this.confirmDeletion(pod);
        return;
      }
      rec = {
        uid: pod.metadata.uid,
        key,
        pod,
        startTimeMs: this.k.ctx.clock.now(),
        containers: initRecords(pod),
        stage: 'starting',
        finalized: false,
        gone: false,
        lastConditions: {},
        generation: 0,
      };
      this.k.pods.set(key, rec);
      if (pod.metadata.deletionTimestamp) {
        this.beginTermination(rec);
        return;
      }
      this.k.ctx.log(`${this.k.name}: SyncPod ${key}`);
      this.k.prober.addProbeWorkers(rec);
      this.k.statusManager.markDirty(rec, true);
      this.k.later(rec, 150 + this.k.rs.intn(300), 'create sandbox', () => this.k.sandboxes.createSandbox(rec!));
      return;
    }
    if (newer(pod, rec.pod)) rec.pod = pod;
    if (pod.metadata.deletionTimestamp && rec.stage !== 'terminating' && rec.stage !== 'terminated') this.beginTermination(rec);
    else if (rec.stage === 'terminated' && rec.finalized && pod.metadata.deletionTimestamp) this.confirmDeletion(pod);
  }

  onPodGone(pod: Pod & StoredObject): void {
    if (this.k.partitioned) return;
    const rec = this.k.pods.get(keyOf(pod));
    if (!rec || rec.uid !== pod.metadata.uid) return;
    rec.gone = true;
    if (!this.k.running) return;
    if (this.k.mirrors.staticManifestName(pod) !== undefined && rec.stage !== 'terminating' && rec.stage !== 'terminated') {
      this.k.mirrors.recreateMirrorPod(rec);
      return;
    }
    if (rec.stage === 'terminated') {
      this.forget(rec);
      return;
    }
    // Force-deleted: stop everything, with at least the minimum grace the kubelet allows.
    this.beginTermination(rec, MIN_KILL_GRACE_SECONDS);
  }

  /**
   * Moves the pod on: the next init container, else the next app container not yet started. An app
   * container left blocked (pull or config error) does not hold up the others: SyncPod tries every
   * container to start in turn and records each failure, so this is called again when one blocks.
   */
  advance(rec: PodRecord): void {
    if (rec.stage !== 'running') return;
    for (const c of rec.containers) {
      if (!c.init) break;
      if (initDone(c)) continue;
      if (c.step === 'idle') this.k.containers.startContainer(rec, c);
      return;
    }
    for (const c of rec.containers) {
      if (c.init) continue;
      if (c.state.kind === 'waiting' && c.state.reason === 'PodInitializing') c.state = { kind: 'waiting', reason: 'ContainerCreating' };
    }
    for (const c of rec.containers) {
      if (c.init || c.step !== 'idle') continue;
      this.k.containers.startContainer(rec, c);
      return;
    }
    // Every container is up: the next relist reports the pod.
    this.k.statusManager.markDirty(rec, false);
  }

  /** computePodActions for an exited container: restart it (with back-off), or let the pod finish. */
  afterExit(rec: PodRecord, c: ContainerRecord): void {
    if (rec.stage !== 'running' || c.step !== 'exited' || c.state.kind !== 'terminated') return;
    const policy = rec.pod.spec?.restartPolicy ?? 'Always';
    const code = c.state.exitCode;
    let restart: boolean;
    if (isSidecar(c)) restart = true;
    else if (c.init) restart = code !== 0 && policy !== 'Never';
    else restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
    if (!restart) {
      if (c.init && code === 0) {
        c.ready = true;
        this.k.statusManager.markDirty(rec, false);
        this.advance(rec);
        return;
      }
      this.checkPodDone(rec);
      return;
    }
    this.restartWithBackoff(rec, c, isProbeKill(c));
  }

  /**
   * The kubelet's doBackOff: flowcontrol.Backoff(10s, 300s) keyed per container, measured from the
   * finish time of the latest exited instance in the pod status the sync started with. A container
   * killed for a failed liveness or startup probe is killed and started again in that same sync, so
   * the status it reads still shows the killed instance running: the back-off is measured from the
   * instance before it, and with none (the first kill) the container starts again at once.
   */
  restartWithBackoff(rec: PodRecord, c: ContainerRecord, probeKill = false): void {
    const now = this.k.ctx.clock.now();
    const st = c.state.kind === 'terminated' ? c.state : c.lastTerminated;
    if (!st) return;
    const b = c.backoff;
    const previous = probeKill && c.state.kind === 'terminated' ? c.lastTerminated : st;
    const finished = previous?.finishedAtMs ?? now;
    if (previous && b && !(finished - b.lastUpdateMs > 2 * MAX_BACKOFF_MS) && now - finished < b.backoffMs) {
      const podDesc = `${rec.pod.metadata?.name}_${rec.pod.metadata?.namespace}(${rec.uid})`;
      c.lastTerminated = st;
      c.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: `back-off ${formatGoDuration(b.backoffMs)} restarting failed container=${c.name} pod=${podDesc}` };
      c.step = 'backoff';
      this.k.containerEvent(rec, c, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podDesc}`);
      this.k.statusManager.markDirty(rec, false);
      // Synced again when the back-off ends (or on the worker's error resync, which re-raises the event).
      // Later syncs see the killed instance exited and measure from it.
      const until = st.finishedAtMs + b.backoffMs - now;
      const resync = 10_000 + this.k.rs.intn(5_000);
      const wait = until <= resync ? until + this.k.toRelistAfter(until) : resync;
      this.k.later(rec, wait, 'crash back-off', () => {
        if (rec.stage === 'running' && c.step === 'backoff') this.restartWithBackoff(rec, c);
      });
      return;
    }
    // With no exited instance to measure from, doBackOff neither waits nor advances the entry.
    if (previous) c.backoff = nextBackoff(b, finished, now);
    c.lastTerminated = st;
    c.restartCount++;
    c.step = 'idle';
    c.state = st;
    if (c.init && !isSidecar(c)) this.advance(rec);
    else this.k.containers.startContainer(rec, c);
  }

  /** With restartPolicy OnFailure or Never, a pod whose containers are all done is finished. */
  checkPodDone(rec: PodRecord): void {
    const policy = rec.pod.spec?.restartPolicy ?? 'Always';
    const initFailed = rec.containers.some((c) => c.init && !isSidecar(c) && c.state.kind === 'terminated' && c.state.exitCode !== 0 && policy === 'Never');
    const apps = rec.containers.filter((c) => !c.init);
    const allDone = apps.every((c) => c.state.kind === 'terminated' && c.step === 'exited');
    this.k.statusManager.markDirty(rec, false);
    if (!initFailed && !allDone) return;
    this.completePod(rec);
  }

  /** A finished pod: stop what still runs (sidecars), tear down the sandbox, report the final phase. */
  completePod(rec: PodRecord): void {
    rec.stage = 'terminating';
    rec.generation++;
    let wait = 0;
    for (const c of [...rec.containers].reverse()) {
      if (c.state.kind === 'running') {
        wait = Math.max(wait, this.k.containers.stopContainer(rec, c, this.k.graceMs(rec), undefined, true));
      } else if (c.step !== 'exited') c.step = 'exited';
    }
    this.k.later(rec, wait + 20 + this.k.rs.intn(60), 'pod finished', () => {
      this.k.sandboxes.stopSandbox(rec);
      rec.stage = 'terminated';
      this.k.prober.clearProbes(rec);
      if (rec.gone) {
        this.forget(rec);
        return;
      }
      this.k.statusManager.flushStatus(rec, true);
      rec.finalized = true;
      if (rec.pod.metadata?.deletionTimestamp) this.confirmDeletion(rec.pod as Pod & StoredObject);
    });
  }

  beginTermination(rec: PodRecord, minGraceSeconds = 0): void {
    if (rec.stage === 'terminating') return;
    if (rec.stage === 'terminated') return;
    rec.generation++;
    const starting = rec.stage === 'starting';
    rec.stage = 'terminating';
    const graceSeconds = Math.max(minGraceSeconds, rec.pod.metadata?.deletionGracePeriodSeconds ?? rec.pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS);
    const graceMs = graceSeconds * 1000;
    let lastStopMs = 0;
    this.k.prober.clearProbes(rec);
    // Kill app containers first, then sidecars and any init container still running.
    const order = [...rec.containers.filter((c) => !c.init), ...rec.containers.filter((c) => c.init).reverse()];
    for (const c of order) {
      if (c.state.kind !== 'running') {
        if (c.step !== 'exited') c.step = 'exited';
        continue;
      }
      lastStopMs = Math.max(lastStopMs, this.k.containers.stopContainer(rec, c, graceMs));
    }
    // The sandbox goes once every container has stopped; then the final status and the confirmation.
    const sandboxStop = starting ? 0 : 20 + this.k.rs.intn(60);
    this.k.later(rec, lastStopMs + sandboxStop, 'stop sandbox', () => this.finishTermination(rec));
  }

  /**
   * The sandbox is gone: release its IP, write the final status, and confirm the deletion to the API
   * server — always after a delete, and after an eviction only once the pod is being deleted.
   */
  finishTermination(rec: PodRecord, confirmOnlyIfDeleting = false): void {
    this.k.sandboxes.stopSandbox(rec);
    rec.stage = 'terminated';
    if (rec.gone) {
      this.forget(rec);
      return;
    }
    this.k.statusManager.flushStatus(rec, true);
    rec.finalized = true;
    if (!confirmOnlyIfDeleting || rec.pod.metadata?.deletionTimestamp) this.confirmDeletion(rec.pod as Pod & StoredObject);
  }

  confirmDeletion(pod: Pod & StoredObject): void {
    if (!pod.metadata.deletionTimestamp || this.k.partitioned) return;
    try {
      this.k.ctx.client.delete('pods', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      this.k.ctx.log(`${this.k.name}: pod ${keyOf(pod)} deleted from the API after its containers stopped`);
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
    const rec = this.k.pods.get(keyOf(pod));
    if (rec && rec.uid === pod.metadata.uid) this.forget(rec);
  }

  /** Drops the kubelet's record of a pod, unless a newer pod under the same name has taken its key. */
  forget(rec: PodRecord): void {
    if (this.k.pods.get(rec.key) === rec) this.k.pods.delete(rec.key);
  }

  resyncPods(): void {
    const seen = new Set<string>();
    for (const p of this.k.podInformer?.list() ?? []) {
      seen.add(p.metadata.uid);
      this.onPodEvent(p);
    }
    for (const rec of [...this.k.pods.values()]) {
      if (rec.gone || !seen.has(rec.uid)) this.onPodGone(rec.pod as Pod & StoredObject);
    }
  }
}

