/**
 * The API server's request record: who asked for what, when, and how it ended. Kept as a bounded
 * ring so a long-running cluster does not grow without limit; listeners see every record.
 */
import type { AuditRecord } from './types';

export class AuditLog {
  private ring: AuditRecord[] = [];
  private next = 0;
  private total = 0;
  private listeners = new Set<(r: AuditRecord) => void>();

  constructor(private readonly capacity = 5000) {}

  record(r: AuditRecord): void {
    if (this.ring.length < this.capacity) this.ring.push(r);
    else this.ring[this.next] = r;
    this.next = (this.next + 1) % this.capacity;
    this.total++;
    for (const l of this.listeners) l(r);
  }

  /** The records still kept, oldest first. */
  recent(): AuditRecord[] {
    if (this.ring.length < this.capacity) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  count(): number {
    return this.total;
  }

  subscribe(fn: (r: AuditRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
