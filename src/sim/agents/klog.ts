/** A line as klog writes it: severity, date, time with microseconds, thread ID (1 in a container), source and message. */
export function klogLine(severity: 'I' | 'W' | 'E', wallMs: number, source: string, message: string): string {
  const d = new Date(wallMs);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micros = String((wallMs % 1000) * 1000).padStart(6, '0');
  return `${severity}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${micros}       1 ${source}] ${message}`;
}
