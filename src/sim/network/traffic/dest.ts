/**
 * A trace's destination as written (`HOST:PORT[/udp]`, or an HTTP request sent to an address,
 * `http://NAME/PATH@HOST:PORT`) and the error a trace that cannot start gives: small on purpose,
 * since scenario files are checked with it before anything runs.
 */
export class TraceError extends Error {}

export interface ParsedDest {
  host: string;
  port: number;
  protocol: 'tcp' | 'udp';
  /** the HTTP request the trace sends over the connection: its Host header and path (https: over TLS) */
  http?: { scheme: 'http' | 'https'; host: string; path: string };
}

export const DEST_FORMS = 'want HOST:PORT, HOST:PORT/udp or http://NAME/PATH@HOST:PORT';

export function parseDest(dest: string): ParsedDest {
  const web = /^(https?):\/\/([^/@\s]+)(\/[^@\s]*)?@(.+)$/.exec(dest);
  const m = /^(.+):(\d+)(?:\/(tcp|udp))?$/.exec(web ? web[4]! : dest);
  if (!m || (web && m[3])) throw new TraceError(`invalid destination ${JSON.stringify(dest)}: ${DEST_FORMS}`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new TraceError(`invalid destination ${JSON.stringify(dest)}: port must be 1-65535`);
  const out: ParsedDest = { host: m[1]!, port, protocol: (m[3] as 'tcp' | 'udp' | undefined) ?? 'tcp' };
  if (web) out.http = { scheme: web[1] as 'http' | 'https', host: web[2]!, path: web[3] ?? '/' };
  return out;
}
