/**
 * What felix knows about the chains it wrote on a machine — which policy a `cali-pi-`/`cali-po-` chain
 * is and which Kubernetes rule each accepting rule came from, which pod an endpoint chain guards and
 * which policies select it — kept on the machine beside the rules, so the packet trace can name them
 * without asking the API server.
 */
import type { DataplaneSlot, Machine } from '../../node/machine';

export interface PolicyRef {
  readonly namespace: string;
  readonly name: string;
}

export interface FelixNotes {
  readonly policyChains: Map<string, { readonly policy: PolicyRef; readonly direction: 'ingress' | 'egress'; readonly accepts: ReadonlyMap<number, number> }>;
  /** endpoint chains some policy selects, with the number of their "Drop if no policies passed packet" rule */
  readonly endpointChains: Map<string, { readonly pod: string; readonly direction: 'ingress' | 'egress'; readonly selectedBy: readonly PolicyRef[]; readonly dropRule: number }>;
}

interface NotesSlot extends DataplaneSlot {
  readonly kind: 'felix-notes';
  notes: FelixNotes | undefined;
}

/** Felix's notes on `m`, if felix has programmed it since it booted. */
export function peekFelixNotes(m: Machine): FelixNotes | undefined {
  const s = m.peekSlot('felix-notes') as NotesSlot | undefined;
  return s?.notes;
}

export function setFelixNotes(m: Machine, notes: FelixNotes): void {
  m.slot<NotesSlot>('felix-notes', () => ({ kind: 'felix-notes', notes: undefined })).notes = notes;
}
