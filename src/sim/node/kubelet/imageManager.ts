/**
 * The image manager (pkg/kubelet/images): whether a container's image is there, pulling it as the
 * pull policy says, and the back-off between failed pulls (ErrImagePull, then ImagePullBackOff).
 */
import type { PullResult } from '../images';
import { formatGoDuration, parseImageRef } from '../images';
import { dockerConfigHosts, notFoundError, registryPullError } from '../images/registry';
import { invalidImageMessage } from '../images/reference';
import type { PullCredentials } from '../images/registry';
import { isStatusError } from '../../api/types';
import { worldOf } from '../world';
import type { ContainerRecord, PodRecord } from '../runtime';
import { effectivePullPolicy } from '../runtime';
import { nextBackoff } from './util';
import type { Kubelet } from './kubelet';

export class ImageManager {
  constructor(readonly k: Kubelet) {}

  /**
   * EnsureImageExists: as the pull policy says — refuse (Never), use what is present, or pull, with
   * the image back-off between failed pulls — then `ready` (the container can be created).
   */
  ensureImageExists(rec: PodRecord, c: ContainerRecord, ready: () => void): void {
    const image = c.spec.image ?? '';
    // applyDefaultImageTag parses the reference first: one that does not parse is never looked up or
    // pulled (no back-off either); the pod worker's next sync tries again.
    const invalid = invalidImageMessage(image);
    if (invalid !== undefined) {
      c.step = 'blocked';
      c.state = { kind: 'waiting', reason: 'InvalidImageName', message: invalid };
      this.k.containerEvent(rec, c, 'Warning', 'InspectFailed', invalid);
      this.k.containerEvent(rec, c, 'Warning', 'Failed', 'Error: InvalidImageName');
      this.k.statusManager.markDirty(rec, false);
      this.k.containers.retryLater(rec, c, 10_000 + this.k.rs.intn(5_000));
      this.k.workers.advance(rec);
      return;
    }
    const policy = effectivePullPolicy(c.spec);
    const present = this.k.images.has(image);
    if (policy === 'Never' && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      c.step = 'blocked';
      c.state = { kind: 'waiting', reason: 'ErrImageNeverPull', message: msg };
      this.k.containerEvent(rec, c, 'Warning', 'ErrImageNeverPull', msg);
      this.k.statusManager.markDirty(rec, false);
      this.k.workers.advance(rec);
      return;
    }
    if (present && policy !== 'Always') {
      this.k.containerEvent(rec, c, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      ready();
      return;
    }
    // The image puller's back-off: while it lasts, no pull is tried.
    const now = this.k.ctx.clock.now();
    const pb = c.pullBackoff;
    if (pb && now - pb.lastUpdateMs < pb.backoffMs) {
      const msg = `Back-off pulling image "${image}"`;
      c.step = 'blocked';
      c.state = { kind: 'waiting', reason: 'ImagePullBackOff', message: msg };
      this.k.containerEvent(rec, c, 'Normal', 'BackOff', msg);
      this.k.containerEvent(rec, c, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      this.k.statusManager.markDirty(rec, false);
      // The pod worker syncs again on error after 10–15s; the attempt that lands past the back-off pulls.
      this.k.containers.retryLater(rec, c, Math.min(pb.lastUpdateMs + pb.backoffMs - now, 10_000 + this.k.rs.intn(5_000)));
      this.k.workers.advance(rec);
      return;
    }
    // The pull Secrets are read before the pull starts (SyncPod does it before it starts containers).
    const creds = this.pullCredentials(rec);
    c.step = 'pulling';
    this.k.containerEvent(rec, c, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const gen = rec.generation;
    const ref = parseImageRef(image);
    const err = worldOf(this.k.ctx.clock).isUnpullable(image) ? notFoundError(ref) : registryPullError(ref, creds);
    if (err !== undefined) {
      // The registry answers after the manifest request's round trip; nothing is downloaded.
      this.k.ctx.clock.after(350 + this.k.rs.intn(900), `${this.k.name}: pull fails ${rec.key}`, () =>
        this.k.guarded(rec, gen, () => {
          if (rec.stage !== 'running') return;
          const t = this.k.ctx.clock.now();
          this.k.containerEvent(rec, c, 'Warning', 'Failed', `Failed to pull image "${image}": ${err}`);
          this.k.containerEvent(rec, c, 'Warning', 'Failed', 'Error: ErrImagePull');
          c.pullBackoff = nextBackoff(c.pullBackoff, t, t);
          c.step = 'blocked';
          c.state = { kind: 'waiting', reason: 'ErrImagePull', message: err };
          this.k.statusManager.markDirty(rec, false);
          this.k.containers.retryLater(rec, c, 1_000 + this.k.rs.intn(500));
          this.k.workers.advance(rec);
        }),
      );
      return;
    }
    this.k.images.pull(image, (r: PullResult) =>
      this.k.guarded(rec, gen, () => {
        if (rec.stage !== 'running') return;
        c.pullBackoff = undefined;
        this.k.containerEvent(rec, c, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${formatGoDuration(r.pullMs)} (${formatGoDuration(r.totalMs)} including waiting). Image size: ${r.info.sizeBytes} bytes.`);
        ready();
      }),
    );
  }

  /**
   * The registries the pod's imagePullSecrets hold credentials for (getPullSecretsForPod): a Secret
   * that cannot be read is reported once per attempt and the pull goes on without it.
   */
  private pullCredentials(rec: PodRecord): PullCredentials {
    const hosts = new Set<string>();
    const missing: string[] = [];
    const ns = rec.pod.metadata?.namespace ?? 'default';
    for (const r of rec.pod.spec?.imagePullSecrets ?? []) {
      if (!r.name) continue;
      let secret: { type?: string; data?: Record<string, string> } | undefined;
      try {
        secret = this.k.ctx.client.get('secrets', ns, r.name) as { type?: string; data?: Record<string, string> };
      } catch (e) {
        if (!isStatusError(e)) throw e;
      }
      if (!secret) missing.push(r.name);
      else for (const h of dockerConfigHosts(secret.type, secret.data)) hosts.add(h);
    }
    if (missing.length) this.k.podEvent(rec, 'Warning', 'FailedToRetrieveImagePullSecret', `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`);
    return { hosts };
  }
}
