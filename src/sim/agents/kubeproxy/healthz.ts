/**
 * kube-proxy's health server on 0.0.0.0:10256 (healthzBindAddress): `/healthz` and `/livez` answer
 * JSON with the time of the last sync and now, as Go prints a time.Time (`%q` of its String(): the
 * monotonic reading `m=+…` since the process started included), and whether the node may take
 * load-balancer traffic.
 */
import { SIM_EPOCH_MS } from '../../clock';
import type { App, HttpResponse } from '../../network/traffic/socket';
import { httpDate } from '../../node/httpapps';

/** Go's time.Time String(): `2024-09-02 10:00:29.5872 +0000 UTC m=+29.587200000`. */
export function goTimeString(wallMs: number, sinceStartMs: number): string {
  const d = new Date(wallMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = d.getUTCMilliseconds() ? `.${p(d.getUTCMilliseconds(), 3).replace(/0+$/, '')}` : '';
  const mono = (Math.max(0, sinceStartMs) / 1000).toFixed(9);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC m=+${mono}`;
}

export interface HealthSource {
  nowMs(): number;
  startedAtMs: number;
  /** false while the proxier has not synced since it started (503) */
  healthy(): boolean;
}

export function healthzApp(src: HealthSource): App {
  return {
    kind: 'http',
    serve: (req): HttpResponse => {
      const now = src.nowMs();
      const path = req.path.split('?')[0];
      if (path !== '/healthz' && path !== '/livez') {
        const body = '404 page not found\n';
        return { status: 404, reason: 'Not Found', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], ['Date', httpDate(SIM_EPOCH_MS + now)], ['Content-Length', String(body.length)]], body };
      }
      const t = goTimeString(SIM_EPOCH_MS + now, now - src.startedAtMs);
      const ok = src.healthy();
      const body = path === '/healthz' ? `{"lastUpdated": ${JSON.stringify(t)},"currentTime": ${JSON.stringify(t)}, "nodeEligible": true}` : `{"lastUpdated": ${JSON.stringify(t)},"currentTime": ${JSON.stringify(t)}}`;
      return { status: ok ? 200 : 503, reason: ok ? 'OK' : 'Service Unavailable', headers: [['Content-Type', 'application/json'], ['X-Content-Type-Options', 'nosniff'], ['Date', httpDate(SIM_EPOCH_MS + now)], ['Content-Length', String(body.length)]], body };
    },
  };
}
