/**
 * The subnet leases flanneld's kube subnet manager reads from the Nodes: a node whose flanneld has
 * registered (annotation `flannel.alpha.coreos.com/kube-subnet-manager: "true"`) leases its
 * spec.podCIDR, reached at its public-ip, with its backend's data (the VTEP MAC for VXLAN).
 *
 * Every flanneld watches the same Nodes and learns the same leases, so the cluster keeps one book of
 * them, versioned: a flanneld that runs sees the latest; one that stopped keeps what it had learned —
 * the book as it stood when it stopped — so its routes go stale as a real node's do. The book holds a
 * change per lease event, never a copy per node.
 */
import type { Clock } from '../../clock';
import type { Client, Informer } from '../../client/types';
import { SharedInformer } from '../../client/informer';
import type { IPv4Net } from '../../network/ipv4';
import { parseCIDR } from '../../network/ipv4';
import type { Node, StoredObject } from '../../types';
import type { PeerBackend } from './peers';
import { PeerTable } from './peers';

/** How many peer tables are kept (the latest, and a few of stopped flanneld daemons' older versions). */
const KEPT_TABLES = 8;

export const ANNOTATION_PREFIX = 'flannel.alpha.coreos.com';
export const BACKEND_DATA = `${ANNOTATION_PREFIX}/backend-data`;
export const BACKEND_TYPE = `${ANNOTATION_PREFIX}/backend-type`;
export const KUBE_SUBNET_MANAGER = `${ANNOTATION_PREFIX}/kube-subnet-manager`;
export const PUBLIC_IP = `${ANNOTATION_PREFIX}/public-ip`;

export interface Lease {
  node: string;
  subnet: IPv4Net;
  publicIP: string;
  backendType: string;
  /** VXLAN's backend data: the peer's flannel.1 MAC */
  vtepMAC?: string;
}

/** nodeToLease: the lease a Node's annotations and podCIDR describe, if its flanneld registered. */
export function nodeToLease(n: Node): Lease | undefined {
  const a = n.metadata?.annotations ?? {};
  if (a[KUBE_SUBNET_MANAGER] !== 'true') return undefined;
  const subnet = n.spec?.podCIDR ? parseCIDR(n.spec.podCIDR)?.net : undefined;
  if (!subnet || !a[PUBLIC_IP]) return undefined;
  let vtepMAC: string | undefined;
  try {
    const data = JSON.parse(a[BACKEND_DATA] ?? 'null') as { VtepMAC?: unknown } | null;
    if (data && typeof data.VtepMAC === 'string') vtepMAC = data.VtepMAC;
  } catch {
    // Backend data that does not parse carries no VTEP.
  }
  return { node: n.metadata!.name!, subnet, publicIP: a[PUBLIC_IP]!, backendType: a[BACKEND_TYPE] ?? '', ...(vtepMAC ? { vtepMAC } : {}) };
}

function sameLease(a: Lease | undefined, b: Lease | undefined): boolean {
  if (!a || !b) return a === b;
  return a.subnet.ip === b.subnet.ip && a.subnet.prefix === b.subnet.prefix && a.publicIP === b.publicIP && a.backendType === b.backendType && a.vtepMAC === b.vtepMAC;
}

export class LeaseBook {
  /** change i (0-based) made version i+1 */
  private readonly changes: { node: string; lease: Lease | undefined }[] = [];
  private readonly current = new Map<string, Lease>();
  private snapshot: { version: number; leases: ReadonlyMap<string, Lease> } | undefined;

  get version(): number {
    return this.changes.length;
  }

  set(node: string, lease: Lease | undefined): void {
    if (sameLease(this.current.get(node), lease)) return;
    this.changes.push({ node, lease });
    if (lease) this.current.set(node, lease);
    else this.current.delete(node);
  }

  /** The leases as a flanneld that learned up to `version` knows them (the latest when undefined). */
  at(version?: number): ReadonlyMap<string, Lease> {
    if (version === undefined || version >= this.changes.length) return this.current;
    if (this.snapshot?.version === version) return this.snapshot.leases;
    const leases = new Map<string, Lease>();
    for (let i = 0; i < version; i++) {
      const c = this.changes[i]!;
      if (c.lease) leases.set(c.node, c.lease);
      else leases.delete(c.node);
    }
    this.snapshot = { version, leases };
    return leases;
  }
}

/**
 * The Nodes as every flanneld's kube subnet manager sees them: one watch cache and one lease book for
 * the whole cluster (the flanneld daemons would each list and watch the same objects).
 */
export class FlannelNodes {
  readonly book = new LeaseBook();
  readonly informer: Informer<Node & StoredObject>;
  private started = false;
  /** peer tables by book version and backend, the most recently used last */
  private readonly tables = new Map<string, PeerTable>();

  constructor(
    private readonly clock: Clock,
    client: Client,
  ) {
    const inf = new SharedInformer<Node & StoredObject>(client, clock, 'nodes');
    inf.addEventHandler({
      add: (n) => this.book.set(n.metadata.name, nodeToLease(n)),
      update: (_o, n) => this.book.set(n.metadata.name, nodeToLease(n)),
      delete: (n) => this.book.set(n.metadata.name, undefined),
    });
    this.informer = inf;
  }

  /**
   * The peer entries of the leases a flanneld that learned up to `version` knows (the latest when
   * undefined), shared by every node at that version. A few tables are kept: the latest, and those of
   * flanneld daemons that stopped at an older version.
   */
  peers(version: number | undefined, backend: PeerBackend): PeerTable {
    const v = version === undefined ? this.book.version : Math.min(version, this.book.version);
    const key = `${v}/${backend}`;
    let t = this.tables.get(key);
    if (t) this.tables.delete(key);
    else t = new PeerTable(this.book.at(v).values(), backend);
    this.tables.set(key, t);
    if (this.tables.size > KEPT_TABLES) this.tables.delete(this.tables.keys().next().value!);
    return t;
  }

  /** Starts the watch the first time a flanneld needs it; it belongs to no process, so no agent's fate stops it. */
  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.clock.runAs(undefined, () => (this.informer as SharedInformer<Node & StoredObject>).start());
  }
}
