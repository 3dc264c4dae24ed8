/**
 * Felix's log lines in the format calico-node writes them (libcalico-go logutils.Formatter):
 * `2006-01-02 15:04:05.000 [INFO][<pid>] felix/<file> <line>: <message> key=value…`, the fields sorted by
 * key, strings quoted as Go's %q does and numbers bare. The source lines are felix 3.28's call sites as
 * near as they can be placed; the learner reads the message, which is felix's own text.
 */
/** a string is quoted, a number or `{ raw }` (a value Go prints bare, such as `0x4`) is not */
export type FelixField = readonly [key: string, value: string | number | { readonly raw: string }];

const p2 = (n: number): string => String(n).padStart(2, '0');

function goQuote(s: string): string {
  return JSON.stringify(s);
}

export function felixLogLine(level: 'INFO' | 'WARNING' | 'ERROR', wallMs: number, pid: number, source: string, message: string, fields: readonly FelixField[] = []): string {
  const d = new Date(wallMs);
  const stamp = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  const kv = [...fields].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, v]) => ` ${k}=${typeof v === 'number' ? String(v) : typeof v === 'string' ? goQuote(v) : v.raw}`).join('');
  return `${stamp} [${level}][${pid}] felix/${source}: ${message}${kv}`;
}

/**
 * Felix's PID in its container: runit starts it among calico-node's first processes, so a small number;
 * fixed per node so that the same cluster logs the same lines.
 */
export function felixPid(node: string): number {
  let h = 0;
  for (let i = 0; i < node.length; i++) h = (h * 31 + node.charCodeAt(i)) >>> 0;
  return 40 + (h % 40);
}
