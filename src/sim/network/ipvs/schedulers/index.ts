/** The scheduler registry: the kernel loads an ip_vs_<name> module per scheduler name. */
import type { IpvsService, SchedulerName } from '../types';
import { createDh, createSh } from './hashing';
import { createLc, createNq, createSed, createWlc } from './leastconn';
import { createLblc, createLblcr } from './locality';
import { createMh } from './mh';
import { createRr } from './rr';
import type { Scheduler, SchedulerFactory } from './scheduler';
import { createWrr } from './wrr';

export type { DestChange, Scheduler } from './scheduler';

const FACTORIES: Record<SchedulerName, SchedulerFactory> = {
  rr: createRr,
  wrr: createWrr,
  lc: createLc,
  wlc: createWlc,
  sed: createSed,
  nq: createNq,
  dh: createDh,
  sh: createSh,
  mh: createMh,
  lblc: createLblc,
  lblcr: createLblcr,
};

export function createScheduler(svc: IpvsService): Scheduler {
  return FACTORIES[svc.scheduler](svc);
}
