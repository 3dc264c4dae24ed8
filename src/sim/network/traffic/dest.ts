/**
 * A trace's destination as written (`HOST:PORT[/udp]`) and the error a trace that cannot start
 * gives: small on purpose, since scenario files are checked with it before anything runs.
 */
export class TraceError extends Error {}

export interface ParsedDest {
  host: string;
  port: number;
  protocol: 'tcp' | 'udp';
}

export function parseDest(dest: string): ParsedDest {
  const m = /^(.+):(\d+)(?:\/(tcp|udp))?$/.exec(dest);
  if (!m) throw new TraceError(`invalid destination ${JSON.stringify(dest)}: want HOST:PORT or HOST:PORT/udp`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new TraceError(`invalid destination ${JSON.stringify(dest)}: port must be 1-65535`);
  return { host: m[1]!, port, protocol: (m[3] as 'tcp' | 'udp' | undefined) ?? 'tcp' };
}
