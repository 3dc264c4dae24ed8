/** klog's error header as kubectl in a pod prints it: `E1207 06:43:36.672055       1 memcache.go:265] `. */
export function klogPrefix(wallMs: number, micros: number, pid: number): string {
  const d = new Date(wallMs);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `E${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds() * 1000 + micros).padStart(6, '0')} ${String(pid).padStart(7, ' ')} memcache.go:265] `;
}
