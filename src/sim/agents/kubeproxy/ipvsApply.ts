/**
 * Writing the IPVS proxier's iptables rules into a node's netfilter tables the way kube-proxy does
 * (pkg/proxy/ipvs/proxier.go): at the start of every sync createAndLinkKubeChain makes sure each of
 * its chains exists (`iptables -N`, tolerated when present) and each jump from a built-in chain is
 * there (`iptables -C`, then `-I CHAIN 1` when missing — so later jumps in its list land above
 * earlier ones); after the ipsets are synced one `iptables-restore --noflush` flushes and rewrites
 * every chain it names. The restore input is read by the same iptables-restore reader a shell user
 * gets, so the rules in the tables are exactly what iptables would have made of kube-proxy's text.
 */
import type { Netfilter, RestoreTable } from '../../network/netfilter/netfilter';
import { parseRuleArgs } from '../../network/netfilter/argv';
import { parseRestore } from '../../network/netfilter/restore';
import type { Rule } from '../../network/netfilter/rule';
import { ipvsRestoreText, type IpvsIptablesRules } from './ipvsIptables';

/** The jump rules parsed once: their arguments never change. */
const jumpRules = new Map<string, Rule>();

function jumpRule(args: readonly string[]): Rule {
  const key = args.join('\u0000');
  let r = jumpRules.get(key);
  if (!r) {
    r = parseRuleArgs(args);
    jumpRules.set(key, r);
  }
  return r;
}

/** createAndLinkKubeChain. */
export function linkIpvsChains(nf: Netfilter, r: IpvsIptablesRules): void {
  for (const c of r.natChains) nf.ensureChain('nat', c);
  for (const c of r.filterChains) nf.ensureChain('filter', c);
  for (const j of r.jumps) nf.ensureRule('prepend', j.table, j.chain, jumpRule(j.args));
}

/**
 * Reads restore input, reusing the last result when the text is unchanged (most syncs rewrite the
 * same rules); the rule objects are frozen, so one parse can be applied to any number of tables.
 */
export class IpvsRestoreReader {
  private lastText: string | undefined;
  private lastParsed: RestoreTable[] = [];

  read(r: IpvsIptablesRules): RestoreTable[] {
    const text = ipvsRestoreText(r);
    if (text !== this.lastText) {
      this.lastParsed = parseRestore(text);
      this.lastText = text;
    }
    return this.lastParsed;
  }
}

/** The kernel's reference count per set: how many rules in any table match on it. */
export function setReferencesIn(nf: Netfilter): Map<string, number> {
  const refs = new Map<string, number>();
  for (const t of ['raw', 'mangle', 'filter', 'nat', 'security'] as const) {
    if (!nf.hasTable(t)) continue;
    for (const c of nf.peek(t).chains.values()) {
      for (const rule of c.rules) {
        for (const m of rule.matches) if (m.m === 'set') refs.set(m.name, (refs.get(m.name) ?? 0) + 1);
      }
    }
  }
  return refs;
}
