/**
 * What a line typed in the terminal means: a kubectl command at the `$ kubectl` prompt; after
 * `ssh NODE`, a command for that node's root shell until `exit`; after `kubectl exec -it POD -- sh`, a
 * command for that container's shell until `exit`. Only the words are read here; the worker runs
 * everything.
 */

/** A shell the terminal is logged in to: a node's (ssh) or a container's (kubectl exec -it). */
export type Session =
  | { kind: 'node'; node: string }
  | {
      kind: 'pod';
      /** the kubectl words that reach the container: `exec -n ns web-0 -c nginx` */
      exec: string;
      pod: string;
      shell: string;
    };

export type TerminalCommand =
  | { kind: 'none' }
  | { kind: 'clear' }
  | { kind: 'kubectl'; line: string }
  /** `ssh NODE`: open a shell on the node */
  | { kind: 'login'; node: string }
  /** `exit` / `logout` at a node prompt */
  | { kind: 'logout'; node: string }
  /** a command for a node: typed at its prompt, or `ssh NODE COMMAND` at the kubectl prompt */
  | { kind: 'node'; node: string; line: string; oneShot: boolean }
  /** `kubectl exec -it POD -- sh`: open a shell in the container */
  | { kind: 'podLogin'; session: Extract<Session, { kind: 'pod' }> }
  /** a line typed at a container's shell prompt, as the kubectl words that run it there */
  | { kind: 'pod'; kubectl: string }
  /** `exit` at a container's prompt */
  | { kind: 'podLogout' };

const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash']);
const STDIN_FLAGS = new Set(['-i', '-it', '-ti', '--stdin', '--stdin=true']);
const TTY_FLAGS = new Set(['-t', '-it', '-ti', '--tty', '--tty=true']);

/** `exec -it POD [-c C] [-n NS] -- sh`: the session it opens, or undefined for any other command. */
function podLogin(k: string): Extract<Session, { kind: 'pod' }> | undefined {
  const words = k.split(/\s+/);
  if (words[0] !== 'exec') return undefined;
  const dash = words.indexOf('--');
  if (dash < 0 || dash !== words.length - 2 || !SHELLS.has(words[dash + 1]!)) return undefined;
  const before = words.slice(1, dash);
  if (!before.some((w) => STDIN_FLAGS.has(w)) || !before.some((w) => TTY_FLAGS.has(w))) return undefined;
  const rest = before.filter((w) => !STDIN_FLAGS.has(w) && !TTY_FLAGS.has(w));
  let pod: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === '-c' || w === '-n' || w === '--container' || w === '--namespace') i++;
    else if (!w.startsWith('-')) pod ??= w;
  }
  if (!pod) return undefined;
  return { kind: 'pod', exec: ['exec', ...rest].join(' '), pod: pod.replace(/^pods?\//, ''), shell: words[dash + 1]!.replace(/^\/bin\//, '') };
}

/** The prompt of a shell in a container: bash's `root@HOST:/# `, busybox and dash's `/ # `. */
function podPrompt(s: Extract<Session, { kind: 'pod' }>): string {
  return s.shell === 'bash' ? `root@${s.pod}:/# ` : '/ # ';
}

/** A line for a container's shell, quoted for `sh -c` as kubectl's words. */
function shQuote(line: string): string {
  return `'${line.replace(/'/g, `'\\''`)}'`;
}

/** The prompt the terminal shows: kubectl's, root's on the node it is logged in to, or the container shell's. */
export function promptFor(session: Session | string | null): string {
  if (session && typeof session === 'object' && session.kind === 'pod') return podPrompt(session);
  const node = typeof session === 'string' ? session : session?.kind === 'node' ? session.node : null;
  return node ? `root@${node}:~# ` : '$ kubectl ';
}

export function interpret(session: Session | string | null, raw: string): TerminalCommand {
  const line = raw.trim();
  if (line === 'clear') return { kind: 'clear' };
  if (session && typeof session === 'object' && session.kind === 'pod') {
    if (line === 'exit' || /^exit\s+\d+$/.test(line)) return { kind: 'podLogout' };
    return line ? { kind: 'pod', kubectl: `${session.exec} -- ${session.shell} -c ${shQuote(line)}` } : { kind: 'none' };
  }
  const node = typeof session === 'string' ? session : session?.kind === 'node' ? session.node : null;
  if (node) {
    if (line === 'exit' || line === 'logout' || /^exit\s+\d+$/.test(line)) return { kind: 'logout', node };
    return line ? { kind: 'node', node, line, oneShot: false } : { kind: 'none' };
  }
  const m = /^ssh\s+(?:[^\s@]+@)?(\S+)(?:\s+(.*))?$/.exec(line);
  if (m) return m[2] ? { kind: 'node', node: m[1]!, line: m[2], oneShot: true } : { kind: 'login', node: m[1]! };
  const k = line.replace(/^kubectl(\s+|$)/, '').trim();
  const login = podLogin(k);
  if (login) return { kind: 'podLogin', session: login };
  return k ? { kind: 'kubectl', line: k } : { kind: 'none' };
}

/** What bash and ssh print when the shell ends. */
export function logoutText(node: string): string {
  return `logout\nConnection to ${node} closed.\n`;
}
