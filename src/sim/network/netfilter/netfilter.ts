/**
 * One network namespace's iptables state: the tables, their chains (built-in ones with a policy and
 * policy counters, user-defined ones), rules with per-rule counters, and the xt_recent lists. This is
 * the data iptables-save prints and the packet evaluator walks.
 *
 * The operations are the ones real tools use: `-N/-X/-F`, `-A/-I/-D/-C`, `-P`, and iptables-restore
 * `--noflush` (a chain line flushes that chain, `-A` appends, `-X` deletes, all at COMMIT).
 *
 * Chains hold readonly rule arrays; a restore may hand in an array that another namespace also holds
 * (kube-proxy builds identical per-Service blocks once for every node). Any change replaces the
 * array, so sharing is safe. Counters belong to the chain, allocated on first use.
 *
 * The tables behave as iptables-nft (1.8.9) shows them: a table exists once something created it, its
 * built-in chains are always listed (with policy ACCEPT and [0:0] until used), and user chains list in
 * name order.
 */
import type { Rule } from './rule';
import { ruleSpec } from './text';

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw' | 'security';
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type Policy = 'ACCEPT' | 'DROP';

/** Built-in chains per table, in the order iptables lists them. */
export const BUILTIN_CHAINS: Record<TableName, readonly Hook[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** The order iptables-nft-save prints tables in (its table enum: mangle, security, raw, filter, nat). */
export const SAVE_TABLE_ORDER: readonly TableName[] = ['mangle', 'security', 'raw', 'filter', 'nat'];

export function isTableName(s: string): s is TableName {
  return s in BUILTIN_CHAINS;
}

export class Chain {
  policy: Policy = 'ACCEPT';
  policyPkts = 0;
  policyBytes = 0;
  rules: readonly Rule[] = [];
  /** per-rule counters, parallel to `rules`; allocated when a packet is first counted */
  pkts: number[] | undefined;
  bytes: number[] | undefined;

  constructor(
    readonly name: string,
    readonly builtin: boolean,
  ) {}

  setRules(rules: readonly Rule[]): void {
    this.rules = rules;
    this.pkts = undefined;
    this.bytes = undefined;
  }

  count(index: number, bytes: number): void {
    if (!this.pkts || !this.bytes) {
      this.pkts = new Array<number>(this.rules.length).fill(0);
      this.bytes = new Array<number>(this.rules.length).fill(0);
    }
    this.pkts[index]! += 1;
    this.bytes[index]! += bytes;
  }

  counters(index: number): { pkts: number; bytes: number } {
    return { pkts: this.pkts?.[index] ?? 0, bytes: this.bytes?.[index] ?? 0 };
  }
}

export class Table {
  /** True once something created the table; built-in chains are listed either way. */
  exists = false;
  readonly chains = new Map<string, Chain>();
  private sortedUser: Chain[] | undefined;

  constructor(readonly name: TableName) {
    for (const c of BUILTIN_CHAINS[name]) this.chains.set(c, new Chain(c, true));
  }

  chain(name: string): Chain | undefined {
    return this.chains.get(name);
  }

  addUserChain(name: string): Chain {
    const c = new Chain(name, false);
    this.chains.set(name, c);
    this.sortedUser = undefined;
    return c;
  }

  removeUserChain(name: string): void {
    this.chains.delete(name);
    this.sortedUser = undefined;
  }

  /** Built-in chains in hook order, then user chains by name (byte order, as iptables sorts them). */
  listed(): Chain[] {
    if (!this.sortedUser) {
      this.sortedUser = [...this.chains.values()].filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return [...BUILTIN_CHAINS[this.name].map((n) => this.chains.get(n)!), ...this.sortedUser];
  }

  /** How many rules jump or go to `chain` (the "N references" of `iptables -L`). */
  references(chain: string): number {
    let n = 0;
    for (const c of this.chains.values()) {
      for (const r of c.rules) if (r.target?.t === 'chain' && r.target.chain === chain) n++;
    }
    return n;
  }
}

/** iptables' own messages for the failures a caller may show (as `iptables` prints them). */
export class IptablesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IptablesError';
  }
}

/** One table's part of an iptables-restore --noflush input. */
export interface RestoreTable {
  readonly table: TableName;
  /** `:CHAIN - [0:0]` lines: create the chain, or flush it if it exists */
  readonly chains: readonly string[];
  /** `-A` lines grouped by chain, in input order; an array may be adopted as is when the chain is empty */
  readonly rules: readonly { readonly chain: string; readonly rules: readonly Rule[] }[];
  /** `-X CHAIN` lines */
  readonly deleteChains?: readonly string[];
}

/** xt_recent state: per list name, per address, the times (ms) it was seen, newest last. */
export interface RecentList {
  readonly entries: Map<number, number[]>;
}

/** xt_recent's ip_list_tot default: a list forgets its oldest address past this many. */
export const RECENT_LIST_MAX = 100;
/** xt_recent's ip_pkt_list_tot default: timestamps kept per address. */
export const RECENT_PKT_MAX = 20;

export class Netfilter {
  private readonly tables = new Map<TableName, Table>();
  readonly recent = new Map<string, RecentList>();
  /** bumped on every change to rules or chains, so renderers can cache */
  revision = 0;

  /** The table, created (and marked existing) if `create`; built-in chains always present. */
  table(name: TableName, create = true): Table {
    let t = this.tables.get(name);
    if (!t) {
      t = new Table(name);
      this.tables.set(name, t);
    }
    if (create && !t.exists) {
      t.exists = true;
      this.revision++;
    }
    return t;
  }

  hasTable(name: TableName): boolean {
    return this.tables.get(name)?.exists ?? false;
  }

  /** A view of a table for reading, without creating it. */
  peek(name: TableName): Table {
    return this.tables.get(name) ?? new Table(name);
  }

  getChain(table: TableName, chain: string): Chain | undefined {
    return this.tables.get(table)?.chain(chain);
  }

  /** `iptables -N`, tolerating an existing chain; returns whether it existed. */
  ensureChain(table: TableName, chain: string): boolean {
    const t = this.table(table);
    if (t.chain(chain)) return true;
    t.addUserChain(chain);
    this.revision++;
    return false;
  }

  /** `iptables -N`. */
  newChain(table: TableName, chain: string): void {
    if (this.table(table).chain(chain)) throw new IptablesError('iptables: Chain already exists.');
    this.ensureChain(table, chain);
  }

  /** `iptables -F CHAIN`. */
  flushChain(table: TableName, chain: string): void {
    this.mustChain(table, chain).setRules([]);
    this.revision++;
  }

  /** `iptables -X CHAIN`: only an empty, unreferenced user chain can go. */
  deleteChain(table: TableName, chain: string): void {
    const t = this.table(table);
    const c = this.mustChain(table, chain);
    // nf_tables refuses a referenced or non-empty chain with EBUSY; the wording is iptables-nft's.
    // (What 1.8.9 says for a built-in chain was not confirmed; the EBUSY text stands in.)
    if (c.builtin || t.references(chain) > 0 || c.rules.length > 0) {
      throw new IptablesError(`iptables v1.8.9 (nf_tables):  CHAIN_USER_DEL failed (Device or resource busy): chain ${chain}`);
    }
    t.removeUserChain(chain);
    this.revision++;
  }

  /** `iptables -P`. */
  setPolicy(table: TableName, chain: string, policy: Policy): void {
    const c = this.mustChain(table, chain);
    if (!c.builtin) throw new IptablesError('iptables: Bad built-in chain name.');
    c.policy = policy;
    this.revision++;
  }

  /** `iptables -A`. */
  appendRule(table: TableName, chain: string, rule: Rule): void {
    this.mustTarget(table, rule);
    const c = this.mustChain(table, chain);
    c.setRules([...c.rules, rule]);
    this.revision++;
  }

  /** `iptables -I CHAIN [num]` (1-based, default first). */
  insertRule(table: TableName, chain: string, rule: Rule, num = 1): void {
    this.mustTarget(table, rule);
    const c = this.mustChain(table, chain);
    if (num < 1 || num > c.rules.length + 1) throw new IptablesError('iptables: Index of insertion too big.');
    const rules = c.rules.slice();
    rules.splice(num - 1, 0, rule);
    c.setRules(rules);
    this.revision++;
  }

  /** `iptables -C`: does an identical rule exist? */
  checkRule(table: TableName, chain: string, rule: Rule): boolean {
    const c = this.getChain(table, chain);
    if (!c) return false;
    const spec = ruleSpec(rule);
    return c.rules.some((r) => r === rule || ruleSpec(r) === spec);
  }

  /** `iptables -D CHAIN rule-spec`: deletes the first identical rule. */
  deleteRule(table: TableName, chain: string, rule: Rule): void {
    const c = this.mustChain(table, chain);
    const spec = ruleSpec(rule);
    const i = c.rules.findIndex((r) => r === rule || ruleSpec(r) === spec);
    if (i < 0) throw new IptablesError('iptables: Bad rule (does a matching rule exist in that chain?).');
    c.setRules([...c.rules.slice(0, i), ...c.rules.slice(i + 1)]);
    this.revision++;
  }

  /**
   * utiliptables EnsureRule: `-C` then `-A` or `-I 1` if missing. Returns whether it already existed.
   * This is how kube-proxy and the kubelet hook their chains into the built-in ones.
   */
  ensureRule(position: 'append' | 'prepend', table: TableName, chain: string, rule: Rule): boolean {
    if (this.checkRule(table, chain, rule)) return true;
    if (position === 'append') this.appendRule(table, chain, rule);
    else this.insertRule(table, chain, rule, 1);
    return false;
  }

  /**
   * `iptables-restore --noflush`: each table's chain lines create or flush, then its rules append,
   * then `-X` deletes; a table is applied whole or not at all (checked before anything changes).
   */
  restore(input: readonly RestoreTable[]): void {
    for (const tbl of input) this.validateRestore(tbl);
    for (const tbl of input) {
      const t = this.table(tbl.table);
      for (const name of tbl.chains) {
        const c = t.chain(name);
        if (c) c.setRules([]);
        else t.addUserChain(name);
      }
      for (const seg of tbl.rules) {
        const c = t.chain(seg.chain)!;
        c.setRules(c.rules.length === 0 ? seg.rules : [...c.rules, ...seg.rules]);
      }
      for (const name of tbl.deleteChains ?? []) t.removeUserChain(name);
    }
    this.revision++;
  }

  private validateRestore(tbl: RestoreTable): void {
    const t = this.tables.get(tbl.table);
    const after = new Set<string>([...(t?.chains.keys() ?? BUILTIN_CHAINS[tbl.table]), ...tbl.chains]);
    for (const d of tbl.deleteChains ?? []) after.delete(d);
    for (const seg of tbl.rules) {
      if (!after.has(seg.chain)) throw new IptablesError(`iptables-restore: chain ${seg.chain} does not exist`);
      for (const r of seg.rules) {
        if (r.target?.t === 'chain' && !after.has(r.target.chain)) {
          throw new IptablesError(`iptables-restore v1.8.9 (nf_tables): Chain '${r.target.chain}' does not exist`);
        }
      }
    }
  }

  private mustChain(table: TableName, chain: string): Chain {
    const c = this.table(table).chain(chain);
    if (!c) throw new IptablesError('iptables: No chain/target/match by that name.');
    return c;
  }

  private mustTarget(table: TableName, rule: Rule): void {
    if (rule.target?.t === 'chain' && !this.table(table).chain(rule.target.chain)) {
      throw new IptablesError(`iptables v1.8.9 (nf_tables): Chain '${rule.target.chain}' does not exist`);
    }
  }

  /** `iptables -Z`: zero every counter in a table (or all tables). */
  zeroCounters(table?: TableName): void {
    for (const t of this.tables.values()) {
      if (table && t.name !== table) continue;
      for (const c of t.chains.values()) {
        c.policyPkts = 0;
        c.policyBytes = 0;
        c.pkts = undefined;
        c.bytes = undefined;
      }
    }
  }
}
