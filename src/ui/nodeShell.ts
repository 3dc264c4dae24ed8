/**
 * What a line typed in the terminal means: a kubectl command at the `$ kubectl` prompt, or — after
 * `ssh NODE` — a command for that node's root shell until `exit`. Only the words are read here; the
 * worker runs everything.
 */

export type TerminalCommand =
  | { kind: 'none' }
  | { kind: 'clear' }
  | { kind: 'kubectl'; line: string }
  /** `ssh NODE`: open a shell on the node */
  | { kind: 'login'; node: string }
  /** `exit` / `logout` at a node prompt */
  | { kind: 'logout'; node: string }
  /** a command for a node: typed at its prompt, or `ssh NODE COMMAND` at the kubectl prompt */
  | { kind: 'node'; node: string; line: string; oneShot: boolean };

/** The prompt the terminal shows: kubectl's, or root's on the node it is logged in to. */
export function promptFor(node: string | null): string {
  return node ? `root@${node}:~# ` : '$ kubectl ';
}

export function interpret(node: string | null, raw: string): TerminalCommand {
  const line = raw.trim();
  if (line === 'clear') return { kind: 'clear' };
  if (node) {
    if (line === 'exit' || line === 'logout' || /^exit\s+\d+$/.test(line)) return { kind: 'logout', node };
    return line ? { kind: 'node', node, line, oneShot: false } : { kind: 'none' };
  }
  const m = /^ssh\s+(?:[^\s@]+@)?(\S+)(?:\s+(.*))?$/.exec(line);
  if (m) return m[2] ? { kind: 'node', node: m[1]!, line: m[2], oneShot: true } : { kind: 'login', node: m[1]! };
  const k = line.replace(/^kubectl(\s+|$)/, '').trim();
  return k ? { kind: 'kubectl', line: k } : { kind: 'none' };
}

/** What bash and ssh print when the shell ends. */
export function logoutText(node: string): string {
  return `logout\nConnection to ${node} closed.\n`;
}
