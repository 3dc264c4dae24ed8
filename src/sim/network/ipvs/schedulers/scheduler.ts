/**
 * The contract every IPVS scheduler module fulfils (struct ip_vs_scheduler): it is created for one
 * service (init_service), hears about destination changes (add_dest, del_dest, upd_dest) and picks a
 * destination for the first packet of a new connection, or none.
 */
import type { IpvsDest, IpvsService, PacketInfo, SchedulerName } from '../types';

/** A change to the service's destination list, reported after the list has changed. */
export type DestChange =
  | { kind: 'add'; dest: IpvsDest }
  /** `index` is where the destination sat in the list before it was unlinked */
  | { kind: 'del'; dest: IpvsDest; index: number }
  | { kind: 'upd'; dest: IpvsDest };

export interface Scheduler {
  readonly name: SchedulerName;
  destsChanged(change: DestChange): void;
  /** The destination for a new connection, or null: the kernel then answers ICMP port unreachable. */
  schedule(pkt: PacketInfo, nowMs: number): IpvsDest | null;
  /**
   * The same scheduler, in the state it is in now, over a copy of its service (`dest` gives each
   * destination's copy): what a copy of the IPVS table schedules with, leaving this one untouched.
   */
  fork(svc: IpvsService, dest: (d: IpvsDest) => IpvsDest): Scheduler;
}

export type SchedulerFactory = (svc: IpvsService) => Scheduler;

/** Round-robin and friends skip a destination that is quiesced (weight 0) or over its threshold. */
export function usable(d: IpvsDest): boolean {
  return !d.overloaded && d.weight > 0;
}
