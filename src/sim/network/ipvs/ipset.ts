/**
 * IP sets as the kernel keeps them (net/netfilter/ipset), for the types kube-proxy creates.
 *
 * Hash types store each member in bucket jhash2(member bytes, initval) & (hashsize - 1); a bucket is
 * an array that starts with room for 2 and grows by 2, reuses the first deleted slot, shrinks when 2
 * slots are free and is freed when empty. When a full bucket would grow past `bucketsize` (12) the
 * table doubles and every member is re-added in listing order. `ipset list` walks buckets in order and
 * slots in order, so the member order is the kernel's: it depends on the members and on `initval`,
 * which the kernel draws at random when the set is created; here it comes from the creator (see
 * deriveInitval), so the same set on the same node always lists the same way. Bitmap sets list in
 * ascending order.
 *
 * Chosen, not measured (a Debian 12 node: kernel 6.8, ipset 7.17 — see IPSET_TYPES):
 * - revisions: the newest each type has in that kernel;
 * - "Size in memory": the kernel's formula (header structures + 32-byte bucket header + slots)
 *   with structure sizes estimated for x86_64; bitmap:port range 0-65535 reports 8268 as on real
 *   kube-proxy nodes.
 */
import { fnv1a32 } from '../../rng';
import { formatIPv4, parseIPv4Prefix } from '../ipv4';
import { ipv4AsLittleEndianWord, IPPROTO, parseIpv4 } from './addr';
import { jhash2 } from './hash';

export type IpsetType = 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'hash:net' | 'bitmap:port';

interface TypeInfo {
  revision: number;
  /** element size in bytes (the slot size) */
  dsize: number;
  /** sizeof(struct htype) for the IPv4 variant */
  htypeSize: number;
}

/** Per type: the revision a 6.8 kernel with ipset 7.17 uses, and sizes for the memory figure. */
export const IPSET_TYPES: Record<Exclude<IpsetType, 'bitmap:port'>, TypeInfo> & { 'bitmap:port': { revision: number } } = {
  'hash:ip': { revision: 6, dsize: 4, htypeSize: 144 },
  'hash:ip,port': { revision: 7, dsize: 8, htypeSize: 152 },
  'hash:ip,port,ip': { revision: 6, dsize: 12, htypeSize: 136 },
  'hash:ip,port,net': { revision: 8, dsize: 12, htypeSize: 392 },
  // felix's selector sets: address, padding, nomatch flag, cidr (8 bytes); the per-cidr bookkeeping as hash:ip,port,net
  'hash:net': { revision: 7, dsize: 8, htypeSize: 392 },
  'bitmap:port': { revision: 3 },
};

/** ipset's version string, as its error messages print it. */
export const IPSET_VERSION = 'v7.17';

const AHASH_INIT_SIZE = 2;
const HBUCKET_HEADER = 32;
const HTABLE_SIZE = 40;
const REGION_SIZE = 24;
const HTABLE_REGION_BITS = 10;
const BITMAP_PORT_FULL_RANGE_MEMSIZE = 8268;

export class IpsetError extends Error {}

export interface IpsetCreateOptions {
  hashsize?: number;
  maxelem?: number;
  /** bitmap:port range, `from-to` */
  range?: string;
  /** the jhash seed; the kernel picks one at random */
  initval?: number;
}

/** A deterministic stand-in for the kernel's random initval: a hash of where and what the set is. */
export function deriveInitval(seed: string, name: string): number {
  return fnv1a32(`${seed}/${name}`);
}

interface Member {
  text: string;
  words: number[];
}

interface Bucket {
  size: number;
  pos: number;
  slots: (Member | null)[];
}

function protoNumber(proto: string): number {
  const n = (IPPROTO as Record<string, number>)[proto.toUpperCase()];
  if (n === undefined) throw new IpsetError(`Syntax error: invalid protocol ${proto}`);
  return n;
}

function portWord(port: number, proto: number, extra = 0): number {
  // __be16 port, then u8 fields: the bytes in memory read as a little-endian u32
  return ((port >>> 8) | ((port & 0xff) << 8) | (proto << 16) | (extra << 24)) >>> 0;
}

function parseProtoPort(s: string): { proto: string; port: number } {
  const m = /^(tcp|udp|sctp):(\d+)$/.exec(s);
  if (!m) throw new IpsetError(`Syntax error: cannot parse ${s}`);
  return { proto: m[1]!, port: Number(m[2]) };
}

/** The canonical member text and its hash key words for a hash type. */
function parseHashMember(type: IpsetType, text: string): Member {
  const parts = text.split(',');
  const ip = type === 'hash:net' ? 0 : parseIpv4(parts[0]!);
  switch (type) {
    case 'hash:ip':
      return { text: formatIPv4(ip), words: [ipv4AsLittleEndianWord(ip)] };
    case 'hash:ip,port': {
      const { proto, port } = parseProtoPort(parts[1] ?? '');
      return { text: `${formatIPv4(ip)},${proto}:${port}`, words: [ipv4AsLittleEndianWord(ip), portWord(port, protoNumber(proto))] };
    }
    case 'hash:ip,port,ip': {
      const { proto, port } = parseProtoPort(parts[1] ?? '');
      const ip2 = parseIpv4(parts[2] ?? '');
      return {
        text: `${formatIPv4(ip)},${proto}:${port},${formatIPv4(ip2)}`,
        words: [ipv4AsLittleEndianWord(ip), ipv4AsLittleEndianWord(ip2), portWord(port, protoNumber(proto))],
      };
    }
    case 'hash:ip,port,net': {
      const { proto, port } = parseProtoPort(parts[1] ?? '');
      const raw = parts[2] ?? '';
      const net = parseIPv4Prefix(raw, { sloppy: true });
      if (!net) throw new Error(`invalid CIDR address: ${raw}`);
      const shown = net.prefix === 32 ? formatIPv4(net.ip) : `${formatIPv4(net.ip)}/${net.prefix}`;
      return {
        text: `${formatIPv4(ip)},${proto}:${port},${shown}`,
        // cidr is stored minus one in a 7-bit field, followed by the protocol byte
        words: [ipv4AsLittleEndianWord(ip), ipv4AsLittleEndianWord(net.ip), portWord(port, net.prefix - 1, protoNumber(proto))],
      };
    }
    case 'hash:net': {
      const raw = parts[0] ?? '';
      const net = parseIPv4Prefix(raw, { sloppy: true });
      if (!net) throw new IpsetError(`Syntax error: cannot parse ${raw}`);
      const shown = net.prefix === 32 ? formatIPv4(net.ip) : `${formatIPv4(net.ip)}/${net.prefix}`;
      // the network address, then the cidr in the last byte of the second word
      return { text: shown, words: [ipv4AsLittleEndianWord(net.ip), (net.prefix << 24) >>> 0] };
    }
    default:
      throw new IpsetError(`not a hash type: ${type}`);
  }
}

export class IpSet {
  readonly name: string;
  readonly type: IpsetType;
  readonly revision: number;
  readonly maxelem: number;
  readonly bucketsize = 12;
  readonly initval: number;
  readonly range: string;
  /** iptables rules referring to the set (`-m set --match-set NAME`), kept by whoever owns those rules */
  references = 0;
  private htableBits: number;
  private buckets = new Map<number, Bucket>();
  private readonly index = new Map<string, Member>();
  private readonly ports = new Set<number>();

  constructor(name: string, type: IpsetType, opts: IpsetCreateOptions = {}) {
    this.name = name;
    this.type = type;
    this.revision = IPSET_TYPES[type].revision;
    this.maxelem = opts.maxelem ?? 65536;
    this.initval = (opts.initval ?? 0) >>> 0;
    this.range = opts.range ?? '0-65535';
    // htable_bits(hashsize): the smallest power of two holding hashsize
    const hashsize = opts.hashsize ?? 1024;
    this.htableBits = Math.max(1, Math.ceil(Math.log2(hashsize)));
  }

  get isBitmap(): boolean {
    return this.type === 'bitmap:port';
  }

  get hashsize(): number {
    return 1 << this.htableBits;
  }

  get size(): number {
    return this.isBitmap ? this.ports.size : this.index.size;
  }

  has(text: string): boolean {
    if (this.isBitmap) return this.ports.has(Number(text));
    return this.index.has(parseHashMember(this.type, text).text);
  }

  /** `ipset add`; with `exist` an element already present is not an error (kube-proxy passes -exist). */
  add(text: string, exist = false): boolean {
    if (this.isBitmap) {
      const port = Number(text);
      const [from, to] = this.range.split('-').map(Number) as [number, number];
      if (!Number.isInteger(port) || port < from || port > to) throw new IpsetError('Element is out of the range of the set');
      if (this.ports.has(port)) {
        if (exist) return false;
        throw new IpsetError("Element cannot be added to the set: it's already added");
      }
      this.ports.add(port);
      return true;
    }
    const m = parseHashMember(this.type, text);
    if (this.index.has(m.text)) {
      if (exist) return false;
      throw new IpsetError("Element cannot be added to the set: it's already added");
    }
    if (this.index.size >= this.maxelem) throw new IpsetError("Hash is full, cannot add more elements");
    while (!this.place(m, true)) this.resize();
    this.index.set(m.text, m);
    return true;
  }

  /** `ipset del`. */
  del(text: string): void {
    if (this.isBitmap) {
      if (!this.ports.delete(Number(text))) throw new IpsetError("Element cannot be deleted from the set: it's not added");
      return;
    }
    const key = parseHashMember(this.type, text).text;
    const m = this.index.get(key);
    if (!m) throw new IpsetError("Element cannot be deleted from the set: it's not added");
    this.index.delete(key);
    const b = this.bucketOf(m);
    const n = this.buckets.get(b)!;
    let k = 0;
    let i = 0;
    for (; i < n.pos; i++) {
      if (n.slots[i] === null) {
        k++;
        continue;
      }
      if (n.slots[i] === m) break;
    }
    n.slots[i] = null;
    if (i + 1 === n.pos) n.pos--;
    for (; i < n.pos; i++) if (n.slots[i] === null) k++;
    if (n.pos === 0 && k === 0) {
      this.buckets.delete(b);
    } else if (k >= AHASH_INIT_SIZE) {
      // shrink: copy the used slots into an array smaller by the initial size
      const used = n.slots.slice(0, n.pos).filter((s): s is Member => s !== null);
      const size = n.size - AHASH_INIT_SIZE;
      this.buckets.set(b, { size, pos: used.length, slots: [...used, ...new Array<null>(size - used.length).fill(null)] });
    }
  }

  /** The members as text, in no particular order (cheaper than members() for set arithmetic). */
  memberSet(): ReadonlySet<string> {
    return this.isBitmap ? new Set([...this.ports].map(String)) : new Set(this.index.keys());
  }

  /** The hash bucket a member lives (or would live) in; -1 for bitmap sets. */
  bucket(text: string): number {
    return this.isBitmap ? -1 : this.bucketOf(parseHashMember(this.type, text));
  }

  /** Members in the order `ipset list` prints them. */
  members(): string[] {
    if (this.isBitmap) return [...this.ports].sort((a, b) => a - b).map(String);
    const out: string[] = [];
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      const n = this.buckets.get(b)!;
      for (let i = 0; i < n.pos; i++) {
        const s = n.slots[i];
        if (s) out.push(s.text);
      }
    }
    return out;
  }

  /** "Size in memory" (see the file comment for what is estimated). */
  memsize(): number {
    if (this.isBitmap) return BITMAP_PORT_FULL_RANGE_MEMSIZE;
    const info = IPSET_TYPES[this.type as Exclude<IpsetType, 'bitmap:port'>];
    const regions = this.htableBits < HTABLE_REGION_BITS ? 1 : 1 << (this.htableBits - HTABLE_REGION_BITS);
    let size = info.htypeSize + HTABLE_SIZE + regions * REGION_SIZE;
    for (const n of this.buckets.values()) size += HBUCKET_HEADER + n.size * info.dsize;
    return size;
  }

  /** The `Header:` line's content. */
  header(): string {
    if (this.isBitmap) return `range ${this.range}`;
    return `family inet hashsize ${this.hashsize} maxelem ${this.maxelem} bucketsize ${this.bucketsize} initval 0x${this.initval.toString(16).padStart(8, '0')}`;
  }

  private bucketOf(m: Member): number {
    return jhash2(m.words, this.initval) & (this.hashsize - 1);
  }

  /** mtype_add's slot choice; false when the bucket is full at `bucketsize` and the table must grow. */
  private place(m: Member, limit: boolean): boolean {
    const b = this.bucketOf(m);
    let n = this.buckets.get(b);
    if (!n) {
      n = { size: AHASH_INIT_SIZE, pos: 0, slots: [null, null] };
      this.buckets.set(b, n);
    }
    const reuse = n.slots.slice(0, n.pos).indexOf(null);
    if (reuse >= 0) {
      n.slots[reuse] = m;
      return true;
    }
    if (n.pos >= n.size) {
      if (limit && n.size >= this.bucketsize) return false;
      n.size += AHASH_INIT_SIZE;
      n.slots.push(null, null);
    }
    n.slots[n.pos++] = m;
    return true;
  }

  /**
   * mtype_resize: double the table and re-add every member in listing order; if a bucket of the new
   * table would pass `bucketsize` too, double again.
   */
  private resize(): void {
    const order = this.members().map((t) => this.index.get(t)!);
    for (;;) {
      this.htableBits++;
      this.buckets = new Map();
      if (order.every((m) => this.place(m, true))) return;
    }
  }
}

/** The sets of one network namespace, in creation order (the order `ipset list` shows them). */
export class IpsetRegistry {
  private readonly sets = new Map<string, IpSet>();

  get(name: string): IpSet | undefined {
    return this.sets.get(name);
  }

  list(): IpSet[] {
    return [...this.sets.values()];
  }

  /** `ipset create NAME TYPE ... [-exist]`: with exist, an identical existing set is kept. */
  create(name: string, type: IpsetType, opts: IpsetCreateOptions = {}, exist = false): IpSet {
    const cur = this.sets.get(name);
    if (cur) {
      if (exist && cur.type === type) return cur;
      throw new IpsetError('Set cannot be created: set with the same name already exists');
    }
    const set = new IpSet(name, type, opts);
    this.sets.set(name, set);
    return set;
  }

  destroy(name: string): void {
    const set = this.sets.get(name);
    if (!set) throw new IpsetError('The set with the given name does not exist');
    if (set.references > 0) throw new IpsetError('Set cannot be destroyed: it is in use by a kernel component');
    this.sets.delete(name);
  }
}
