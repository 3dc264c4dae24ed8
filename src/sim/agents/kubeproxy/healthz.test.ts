import { describe, expect, it } from 'vitest';
import { createCluster } from '../../cluster';
import { runNodeCommand } from '../../node/nodeshell';
import { goTimeString } from './healthz';

describe("kube-proxy's health server", () => {
  it('prints times as Go prints a time.Time, with the monotonic reading since the process started', () => {
    expect(goTimeString(Date.UTC(2024, 8, 2, 10, 0, 29, 587), 29_587)).toBe('2024-09-02 10:00:29.587 +0000 UTC m=+29.587000000');
    expect(goTimeString(Date.UTC(2024, 8, 2, 10, 0, 30), 30_000)).toBe('2024-09-02 10:00:30 +0000 UTC m=+30.000000000');
  });

  it("answers /healthz on 10256 from the node, as curl -si shows it; the kubelet's healthz on 127.0.0.1:10248 says ok", () => {
    const c = createCluster({ seed: 1 });
    c.clock.runUntil(0);
    const m = c.machines.get('worker-2')!;
    const r = runNodeCommand({ machine: m, fabric: c.fabric, nowMs: c.clock.now() }, 'curl -si localhost:10256/healthz');
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r?\nContent-Type: application\/json\r?\nX-Content-Type-Options: nosniff\r?\nDate: Mon, 02 Sep 2024 10:00:00 GMT\r?\nContent-Length: \d+\r?\n\r?\n\{"lastUpdated": "2024-09-02 10:00:00 \+0000 UTC m=\+\d+\.\d{9}","currentTime": "2024-09-02 10:00:00 \+0000 UTC m=\+\d+\.\d{9}", "nodeEligible": true\}$/);
    expect(runNodeCommand({ machine: m, fabric: c.fabric, nowMs: c.clock.now() }, 'curl -s 127.0.0.1:10248/healthz').stdout).toBe('ok');
  });
});
