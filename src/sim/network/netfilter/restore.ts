/**
 * iptables-restore input read into the netfilter model's RestoreTable form (apply it with
 * Netfilter.restore, which has --noflush semantics): `*table` opens a table, `:CHAIN POLICY [p:b]`
 * names a chain (created, or flushed when it exists), `-A CHAIN args…` appends, `-X CHAIN` deletes,
 * `COMMIT` closes the table; blank lines and `#` comments are skipped. Rule lines are split as
 * iptables-restore splits them and read by parseRuleArgs.
 *
 * Not modelled: a built-in chain line's policy and counters (the line only flushes the chain), and
 * `-I`/`-D`/`-R`/`-F`/`-N` lines inside the input.
 */
import { parseRuleArgs, splitRestoreLine } from './argv';
import type { RestoreTable } from './netfilter';
import { IptablesError, isTableName } from './netfilter';
import type { Rule } from './rule';

function fail(line: number, msg: string): never {
  throw new IptablesError(`iptables-restore v1.8.9 (nf_tables): ${msg}\nError occurred at line: ${line}`);
}

export function parseRestore(text: string): RestoreTable[] {
  const out: RestoreTable[] = [];
  let cur: { table: RestoreTable['table']; chains: string[]; rules: { chain: string; rules: Rule[] }[]; deleteChains: string[] } | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const no = n + 1;
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      if (cur) fail(no, `Table ${cur.table} was never committed`);
      const name = line.slice(1).trim();
      if (!isTableName(name)) fail(no, `can't initialize iptables table \`${name}': Table does not exist (do you need to insmod?)`);
      cur = { table: name, chains: [], rules: [], deleteChains: [] };
      continue;
    }
    if (!cur) fail(no, 'no table specified');
    if (line.trim() === 'COMMIT') {
      out.push({ table: cur.table, chains: cur.chains, rules: cur.rules, ...(cur.deleteChains.length ? { deleteChains: cur.deleteChains } : {}) });
      cur = undefined;
      continue;
    }
    if (line.startsWith(':')) {
      const name = line.slice(1).split(/\s+/)[0] ?? '';
      if (!name) fail(no, 'no chain name specified');
      cur.chains.push(name);
      continue;
    }
    const args = splitRestoreLine(line);
    const cmd = args[0];
    if (cmd === '-X' || cmd === '--delete-chain') {
      if (!args[1]) fail(no, 'no chain name specified');
      cur.deleteChains.push(args[1]);
      continue;
    }
    if (cmd !== '-A' && cmd !== '--append') fail(no, `line ${no} failed`);
    const chain = args[1];
    if (!chain) fail(no, 'no chain name specified');
    const rule = parseRuleArgs(args.slice(2));
    const last = cur.rules[cur.rules.length - 1];
    if (last && last.chain === chain) last.rules.push(rule);
    else cur.rules.push({ chain, rules: [rule] });
  }
  if (cur) fail(lines.length, `COMMIT expected at line ${lines.length}`);
  return out;
}
