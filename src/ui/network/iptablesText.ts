/**
 * Reading `iptables-save` text for the node panel without changing it: the lines are split into blocks
 * (a table's header, its chain declarations, each chain's run of `-A` rules, the COMMIT trailer) that,
 * read in order, give back every line of the text exactly. On top of that: which rule jumps to which
 * user chain, which Service or endpoint a kube-proxy chain belongs to (read from the rules' own
 * comments and DNAT targets), and which rules differ from an earlier dump of the same table.
 * Pure functions: the view renders what this returns and computes nothing about the rules itself.
 */
import { translate } from '../i18n';

export interface IptTarget {
  /** the chain jumped to (`-j`) or gone to (`-g`) */
  name: string;
  goto: boolean;
  /** where the chain's name sits in the line, so the view can make just that a link */
  start: number;
  end: number;
}

export interface IptLine {
  /** 0-based position in the text */
  n: number;
  text: string;
  /** the chain a `-A` rule is appended to, or a `:CHAIN` declaration declares */
  chain?: string;
  /** set on rules whose `-j`/`-g` names a chain declared in the same table */
  target?: IptTarget;
  /** a rule's `--comment`, unquoted, and its DNAT `--to-destination` */
  comment?: string;
  toDestination?: string;
}

export type IptBlock =
  /** comments, the `*table` line, COMMIT, anything that is not a rule or a declaration */
  | { kind: 'plain'; lines: IptLine[] }
  | { kind: 'declarations'; table: string; id: string; lines: IptLine[] }
  | { kind: 'chain'; table: string; chain: string; id: string; lines: IptLine[] };

export interface IptChainLabel {
  kind: 'service' | 'endpoint';
  /** kube-proxy's service port name, `default/web` or `kube-system/kube-dns:dns-tcp` */
  service: string;
  /** the endpoint chain's address, `10.244.2.3:80` */
  endpoint?: string;
}

export interface IptDoc {
  blocks: IptBlock[];
  /** `table/chain` → the block id of the chain's first rules (absent when the chain has no rules) */
  chainBlock: Map<string, string>;
  /** `table/chain` → its declaration line */
  declaration: Map<string, IptLine>;
  /** `table/chain` → the Service or endpoint a kube-proxy chain belongs to */
  labels: Map<string, IptChainLabel>;
}

const BUILTIN_POLICY = /^:(\S+) (\S+) \[\d+:\d+\]$/;

/** Splits a line into words the way iptables-restore reads it: double quotes group, backslash escapes. */
export function tokenize(line: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    const start = i;
    let plain = true;
    let quoted = false;
    while (i < line.length && (quoted || line[i] !== ' ')) {
      const c = line[i];
      if (c === '\\') {
        plain = false;
        i += 2;
        continue;
      }
      if (c === '"') {
        plain = false;
        quoted = !quoted;
      }
      i++;
    }
    i = Math.min(i, line.length);
    out.push({ word: plain ? line.slice(start, i) : unquote(line.slice(start, i)), start, end: i });
  }
  return out;
}

function unquote(raw: string): string {
  let word = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) word += raw[++i];
    else if (c !== '"') word += c;
  }
  return word;
}

/** The text of a rule's `--comment`, unquoted. */
export function ruleComment(text: string): string | undefined {
  const words = tokenize(text);
  const i = words.findIndex((w) => w.word === '--comment');
  return i >= 0 ? words[i + 1]?.word : undefined;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function parseIptablesSave(text: string): IptDoc {
  const raw = splitLines(text);
  const blocks: IptBlock[] = [];
  const chainBlock = new Map<string, string>();
  const declaration = new Map<string, IptLine>();
  const seen = new Map<string, number>();
  let table = '';
  const lines: IptLine[] = raw.map((t, n) => ({ n, text: t }));

  // First pass: which chains each table declares, so a -j to one of them can become a link.
  let t = '';
  const declared = new Set<string>();
  for (const l of lines) {
    if (l.text.startsWith('*')) t = l.text.slice(1);
    const m = BUILTIN_POLICY.exec(l.text);
    if (m) {
      l.chain = m[1]!;
      declaration.set(`${t}/${l.chain}`, l);
      declared.add(`${t}/${l.chain}`);
    }
  }

  const push = (kind: 'plain' | 'declarations' | 'chain', l: IptLine): void => {
    const last = blocks[blocks.length - 1];
    if (last && last.kind === kind && (kind !== 'chain' || (last.kind === 'chain' && last.chain === l.chain && last.table === table))) {
      last.lines.push(l);
      return;
    }
    if (kind === 'plain') blocks.push({ kind, lines: [l] });
    else if (kind === 'declarations') blocks.push({ kind, table, id: `${table}:declarations`, lines: [l] });
    else {
      const key = `${table}/${l.chain!}`;
      // A chain's rules come in one run in iptables-save; a second run (hand-written text) gets its own id.
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      const id = count === 1 ? key : `${key}#${count}`;
      if (count === 1) chainBlock.set(key, id);
      blocks.push({ kind, table, chain: l.chain!, id, lines: [l] });
    }
  };

  for (const l of lines) {
    if (l.text.startsWith('*')) table = l.text.slice(1);
    if (l.chain !== undefined) {
      push('declarations', l);
      continue;
    }
    const words = tokenize(l.text);
    if (words[0]?.word === '-A' && words[1]) {
      l.chain = words[1].word;
      for (let i = 2; i < words.length - 1; i++) {
        const w = words[i]!.word;
        const next = words[i + 1]!;
        if (w === '--comment') l.comment = next.word;
        else if (w === '--to-destination') l.toDestination = next.word;
        else if ((w === '-j' || w === '-g') && !l.target && declared.has(`${table}/${next.word}`)) {
          l.target = { name: next.word, goto: w === '-g', start: next.start, end: next.end };
        }
      }
      push('chain', l);
      continue;
    }
    push('plain', l);
  }

  return { blocks, chainBlock, declaration, labels: labelChains(blocks) };
}

/** Every line of the document, in block order: the same lines, in the same order, as the text. */
export function blockLines(doc: IptDoc): string[] {
  return doc.blocks.flatMap((b) => b.lines.map((l) => l.text));
}

export type ChainKind = 'service' | 'svl' | 'external' | 'firewall' | 'endpoint' | 'other';

export function chainKind(chain: string): ChainKind {
  if (chain.startsWith('KUBE-SVC-')) return 'service';
  if (chain.startsWith('KUBE-SVL-')) return 'svl';
  if (chain.startsWith('KUBE-EXT-')) return 'external';
  if (chain.startsWith('KUBE-FW-')) return 'firewall';
  if (chain.startsWith('KUBE-SEP-')) return 'endpoint';
  return 'other';
}

const SERVICE_PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[-a-z0-9]+)?$/;

/** The patterns of kube-proxy's iptables comments that name a service port. */
const COMMENT_PATTERNS: RegExp[] = [
  /^(\S+) -> (\S+)$/,
  /^(\S+) (?:cluster IP|external IP|loadbalancer IP|has no endpoints|has no local endpoints|health check node port)$/,
  /^(?:masquerade traffic|masquerade LOCAL traffic|pod traffic|route LOCAL traffic) for (\S+) external destinations$/,
  /^other traffic to (\S+) will be dropped by KUBE-PROXY-FIREWALL$/,
  /^(\S+) traffic not accepted by KUBE-FW-\S+$/,
  /^(\S+)$/,
];

/** The service port a kube-proxy comment names, and the endpoint when it is a `svc -> ip:port` jump. */
export function serviceOfComment(comment: string): { service: string; endpoint?: string } | undefined {
  for (const p of COMMENT_PATTERNS) {
    const m = p.exec(comment);
    if (!m || !SERVICE_PORT_NAME.test(m[1]!)) continue;
    return m[2] ? { service: m[1]!, endpoint: m[2] } : { service: m[1]! };
  }
  return undefined;
}

function labelChains(blocks: IptBlock[]): Map<string, IptChainLabel> {
  const labels = new Map<string, IptChainLabel>();
  const rulesOf = new Map<string, IptLine[]>();
  const jumpsTo = new Map<string, IptLine[]>();
  for (const b of blocks) {
    if (b.kind !== 'chain') continue;
    const key = `${b.table}/${b.chain}`;
    const own = rulesOf.get(key) ?? [];
    own.push(...b.lines);
    rulesOf.set(key, own);
    for (const l of b.lines) {
      if (!l.target) continue;
      const to = `${b.table}/${l.target.name}`;
      const callers = jumpsTo.get(to) ?? [];
      callers.push(l);
      jumpsTo.set(to, callers);
    }
  }
  const keys = new Set([...rulesOf.keys(), ...jumpsTo.keys()]);
  for (const key of keys) {
    const chain = key.slice(key.indexOf('/') + 1);
    const kind = chainKind(chain);
    if (kind === 'other') continue;
    // The chain's own rules speak first; the rules that jump to it fill in what they leave out
    // (kube-proxy drops the endpoint chains' comments in large clusters).
    const own = rulesOf.get(key) ?? [];
    const callers = jumpsTo.get(key) ?? [];
    let service: string | undefined;
    let endpoint: string | undefined;
    for (const l of [...own, ...callers]) {
      const s = l.comment === undefined ? undefined : serviceOfComment(l.comment);
      if (!s) continue;
      service ??= s.service;
      if (kind === 'endpoint' && callers.includes(l)) endpoint ??= s.endpoint;
    }
    if (kind === 'endpoint') {
      const dnat = own.find((l) => l.toDestination !== undefined);
      if (dnat) endpoint = dnat.toDestination;
    }
    if (!service) continue;
    labels.set(key, kind === 'endpoint' ? { kind: 'endpoint', service, ...(endpoint ? { endpoint } : {}) } : { kind: 'service', service });
  }
  return labels;
}

/** The words a chain's heading shows after its name. */
export function labelText(chain: string, label: IptChainLabel): string {
  switch (chainKind(chain)) {
    case 'endpoint':
      return label.endpoint ? translate('network.chain.endpointOf', { endpoint: label.endpoint, service: label.service }) : translate('network.chain.anEndpointOf', { service: label.service });
    case 'svl':
      return translate('network.chain.svl', { service: label.service });
    case 'external':
      return translate('network.chain.external', { service: label.service });
    case 'firewall':
      return translate('network.chain.firewall', { service: label.service });
    default:
      return translate('network.chain.service', { service: label.service });
  }
}

export type LineChange = 'added' | 'changed';

export interface IptDiff {
  /** line number → how it differs from the earlier text */
  changes: Map<number, LineChange>;
  /** `table/chain` → rules of the earlier text no longer there */
  removed: Map<string, string[]>;
  /** `table/chain` of chains the earlier text declared and this one does not */
  removedChains: string[];
}

/**
 * A rule with its random-balancing probability left out: kube-proxy rewrites every endpoint jump's
 * `--probability` when the endpoint count changes, and such a line is the same rule, changed.
 */
function ruleKey(text: string): string {
  return text.replace(/ -m statistic --mode random --probability \S+/, '');
}

function rulesByChain(doc: IptDoc): Map<string, IptLine[]> {
  const out = new Map<string, IptLine[]>();
  for (const b of doc.blocks) {
    if (b.kind !== 'chain') continue;
    const key = `${b.table}/${b.chain}`;
    const rules = out.get(key) ?? [];
    rules.push(...b.lines);
    out.set(key, rules);
  }
  return out;
}

/**
 * What changed since `previous`, chain by chain, by rule text: a rule whose exact text the chain had
 * before is unchanged; one that matches an old rule but for its probability is `changed`; any other is
 * `added`. A newly declared chain's declaration is `added`. Counters and the dump's timestamps are
 * not rules and never count.
 */
export function diffIptables(current: IptDoc, previous: IptDoc): IptDiff {
  const changes = new Map<number, LineChange>();
  const removed = new Map<string, string[]>();
  const now = rulesByChain(current);
  const before = rulesByChain(previous);
  for (const [key, rules] of now) {
    const old = (before.get(key) ?? []).map((l) => l.text);
    const left: (string | undefined)[] = [...old];
    // Old rules by text and by text-without-probability, each a queue of their positions in `left`.
    const byText = new Map<string, number[]>();
    const byKey = new Map<string, number[]>();
    old.forEach((o, i) => {
      byText.set(o, [...(byText.get(o) ?? []), i]);
      const k = ruleKey(o);
      byKey.set(k, [...(byKey.get(k) ?? []), i]);
    });
    const take = (queue: number[] | undefined): number | undefined => {
      while (queue?.length) {
        const i = queue.shift()!;
        if (left[i] !== undefined) return i;
      }
      return undefined;
    };
    const unmatched: IptLine[] = [];
    for (const r of rules) {
      const i = take(byText.get(r.text));
      if (i !== undefined) left[i] = undefined;
      else unmatched.push(r);
    }
    for (const r of unmatched) {
      const i = take(byKey.get(ruleKey(r.text)));
      if (i !== undefined) {
        left[i] = undefined;
        changes.set(r.n, 'changed');
      } else changes.set(r.n, 'added');
    }
    const gone = left.filter((o): o is string => o !== undefined);
    if (gone.length) removed.set(key, gone);
  }
  for (const [key, rules] of before) {
    if (!now.has(key)) removed.set(key, rules.map((l) => l.text));
  }
  for (const [key, l] of current.declaration) {
    if (!previous.declaration.has(key)) changes.set(l.n, 'added');
  }
  const removedChains = [...previous.declaration.keys()].filter((k) => !current.declaration.has(k));
  return { changes, removed, removedChains };
}

/** The block a line (a rule from a packet trace) is in, and its line number; the first exact match. */
export function findLine(doc: IptDoc, text: string): { blockId: string; n: number } | undefined {
  for (const b of doc.blocks) {
    if (b.kind === 'plain') continue;
    const l = b.lines.find((x) => x.text === text);
    if (l) return { blockId: b.id, n: l.n };
  }
  return undefined;
}

/** Whether a chain starts open: the entry chains do; the per-Service and per-endpoint ones, which links open, do not. */
export function startsOpen(block: IptBlock): boolean {
  if (block.kind === 'declarations') return false;
  if (block.kind === 'chain') return chainKind(block.chain) === 'other';
  return true;
}
