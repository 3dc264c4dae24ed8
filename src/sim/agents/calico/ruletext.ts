/**
 * A rule as felix's own renderer writes it for hashing (iptables/rules.go RenderAppend with the `HASH`
 * placeholder): `-A <chain> HASH`, the rule's comments, its matches as felix's match builder spells
 * them (`--in-interface`, `-m mark --mark 0/0x10000`, `-m set --match-set … src`, `-m multiport
 * --destination-ports 79:81`…), then the action (`--jump ACCEPT`, `--goto …`, `--jump MARK --set-mark …`).
 * This is not what iptables-save prints (`-i`, `-j`, `--set-xmark`): the `cali:` hash is over felix's
 * text, so the hash of a rule whose matches felix builds in the same order is the one a real node shows.
 */
import type { Match, Rule, Target } from '../../network/netfilter/rule';
import { formatCIDR } from '../../network/ipv4';

/** Go's %#x: `0x` and lower-case hex; zero is `0x0`. */
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function matchText(x: Match): string | undefined {
  switch (x.m) {
    case 'comment':
      return undefined;
    case 'mark':
      // MarkClear writes a literal 0; MarkMatchesWithMask the value in hex
      return `-m mark ${x.invert ? '! ' : ''}--mark ${x.value === 0 ? '0' : hex(x.value)}/${hex(x.mask)}`;
    case 'conntrack':
      return `-m conntrack ${x.invert ? '! ' : ''}--ctstate ${x.states.join(',')}`;
    case 'set':
      return `-m set ${x.invert ? '! ' : ''}--match-set ${x.name} ${x.dims.join(',')}`;
    case 'multiport':
      return `-m multiport ${x.invert ? '! ' : ''}--destination-ports ${x.dports.map((lo, i) => (x.his && x.his[i] !== lo ? `${lo}:${x.his[i]}` : String(lo))).join(',')}`;
    default:
      // felix's policy and endpoint rules use none of the others
      throw new Error(`felix writes no ${x.m} match`);
  }
}

function targetText(t: Target | undefined): string | undefined {
  if (!t) return undefined;
  switch (t.t) {
    case 'chain':
      return `${t.goto ? '--goto' : '--jump'} ${t.chain}`;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return `--jump ${t.t}`;
    case 'MARK':
      // ClearMarkAction writes a literal 0; SetMarkAction the bit in hex
      return `--jump MARK --set-mark ${t.value === 0 ? '0' : hex(t.value)}/${hex(t.mask)}`;
    default:
      throw new Error(`felix writes no ${t.t} action in the filter table`);
  }
}

/** The text felix hashes for `rule` in `chain` (see the file's comment). */
export function felixHashText(chain: string, rule: Rule): string {
  const parts = ['-A', chain, 'HASH'];
  for (const x of rule.matches) if (x.m === 'comment') parts.push(`-m comment --comment "${x.text}"`);
  if (rule.in) parts.push(`${rule.in.invert ? '! ' : ''}--in-interface ${rule.in.name}`);
  if (rule.out) parts.push(`${rule.out.invert ? '! ' : ''}--out-interface ${rule.out.name}`);
  if (rule.proto) parts.push(`${rule.proto.invert ? '! ' : ''}-p ${rule.proto.name}`);
  if (rule.src) parts.push(`${rule.src.invert ? '! ' : ''}--source ${formatCIDR(rule.src.net)}`);
  if (rule.dst) parts.push(`${rule.dst.invert ? '! ' : ''}--destination ${formatCIDR(rule.dst.net)}`);
  for (const x of rule.matches) {
    const t = matchText(x);
    if (t) parts.push(t);
  }
  const action = targetText(rule.target);
  if (action) parts.push(action);
  return parts.join(' ');
}
