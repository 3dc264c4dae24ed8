/**
 * TTLAfterFinishedController (k8s.io/kubernetes pkg/controller/ttlafterfinished): deletes a finished
 * Job `ttlSecondsAfterFinished` after its Complete or Failed condition turned True, with foreground
 * propagation so its pods go first. Before deleting it reads the Job again, as the real one does, in
 * case the TTL was changed or the Job restarted.
 */
import type { Component, ComponentContext } from '../component';
import type { Informer } from '../client/types';
import type { WorkQueue } from '../client/workqueue';
import type { Job } from 'kubernetes-types/batch/v1';
import type { StoredObject } from '../types';
import { keyOf, splitKey } from '../types';
import { isStatusError } from '../api/types';
import { isJobFinished, jobFinishTimeMs } from './job';

type JobObj = Job & StoredObject;

export class TTLAfterFinishedController implements Component {
  readonly name = 'ttl-after-finished-controller';
  static readonly eventSource = 'ttl-after-finished-controller';
  static readonly user = 'system:serviceaccount:kube-system:ttl-after-finished-controller';

  readonly queue: WorkQueue;
  private readonly jobs: Informer<JobObj>;

  constructor(private readonly ctx: ComponentContext) {
    this.jobs = ctx.informers.informer<JobObj>('jobs');
    this.queue = ctx.newQueue('ttl_jobs_to_delete', (k) => this.processJob(k));
  }

  start(): void {
    const consider = (j: JobObj) => {
      if (j.metadata.deletionTimestamp || j.spec?.ttlSecondsAfterFinished === undefined || j.spec.ttlSecondsAfterFinished === null) return;
      if (isJobFinished(j)) this.queue.add(keyOf(j));
    };
    this.jobs.addEventHandler({ add: consider, update: (_o, cur) => consider(cur) });
    this.ctx.informers.start();
  }

  /** Remaining ms until the Job expires, 0 when due, undefined when it never expires. */
  private remainingMs(j: JobObj): number | undefined {
    const ttl = j.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null || !isJobFinished(j)) return undefined;
    const fin = jobFinishTimeMs(j);
    if (fin === undefined) return undefined;
    return Math.max(0, fin + ttl * 1000 - this.ctx.clock.now());
  }

  private processJob(key: string): void {
    const cached = this.jobs.get(key);
    if (!cached || cached.metadata.deletionTimestamp) return;
    const left = this.remainingMs(cached);
    if (left === undefined) return;
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    const { namespace, name } = splitKey(key);
    let fresh: JobObj;
    try {
      fresh = this.ctx.client.get<JobObj>('jobs', namespace, name);
    } catch (e) {
      if (isStatusError(e, 'NotFound')) return;
      throw e;
    }
    const again = this.remainingMs(fresh);
    if (again === undefined) return;
    if (again > 0) {
      this.queue.addAfter(key, again);
      return;
    }
    this.ctx.log(`Cleaning up Job ${key}: its TTL after finished has expired`);
    try {
      this.ctx.client.delete('jobs', namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
    } catch (e) {
      if (!isStatusError(e, 'NotFound') && !isStatusError(e, 'Conflict')) throw e;
    }
  }
}
