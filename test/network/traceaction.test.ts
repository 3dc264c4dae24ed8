/**
 * A trace as a scenario action (`{at, trace: {from, to}}`): performed at its time, printed by
 * `kubetab run` exactly as `--trace-packet` prints the same trace at that moment, carried by `--json`
 * and by share links.
 */
import { describe, expect, it } from 'vitest';
import { kubetab } from '../cli';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/hostname: worker-2}
      containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: worker-1
  containers: [{name: c, image: "busybox:1.36", command: [sleep, "3600"]}]`;

const indented = MANIFEST.split('\n').map((l) => `      ${l}`).join('\n');
const scenario = (later = '') => `apiVersion: kubetab/v1\nkind: Scenario\nseed: 1\nactions:\n  - at: 0s\n    apply: |\n${indented}\n${later}`;

describe('a trace action', () => {
  it('prints at its time what --trace-packet prints at that moment, under the same ==> line, before the commands run at the end', () => {
    const byFlag = kubetab(['run', 's.yaml', '--until', '30s', '--trace-packet', 'client web:80'], { 's.yaml': scenario() });
    expect(byFlag.code).toBe(0);
    expect(byFlag.stdout).toMatch(/^==> trace client web:80\nresolve web: web\.default\.svc\.cluster\.local\. → 10\./);
    expect(byFlag.stdout).toContain('verdict: delivered to default/web-');
    const byAction = kubetab(['run', 's.yaml', '--until', '40s', '--exec', 'get svc web --no-headers -o custom-columns=N:.metadata.name'], { 's.yaml': scenario('  - at: 30s\n    trace: {from: client, to: "web:80"}\n') });
    expect(byAction).toEqual({ code: 0, stdout: `${byFlag.stdout}==> kubectl get svc web --no-headers -o custom-columns=N:.metadata.name\nweb\n`, stderr: '' });
  });

  it('carries the trace as data in --json, and a trace that cannot start is its action\'s error, as --trace-packet says it', () => {
    const file = scenario('  - at: 30s\n    trace: {from: default/client, to: "10.96.0.1:443"}\n  - at: 31s\n    trace: {from: ghost, to: "web:80"}\n');
    const j = JSON.parse(kubetab(['run', 's.yaml', '--until', '40s', '--json'], { 's.yaml': file }).stdout) as { actions: { atMs: number; kind: string; stdout: string; stderr: string; exitCode: number; trace?: { source: string; destination: string; verdict: { kind: string } } }[] };
    expect(j.actions.map((a) => [a.atMs, a.kind, a.exitCode])).toEqual([[0, 'apply', 0], [30_000, 'trace', 0], [31_000, 'trace', 1]]);
    expect(j.actions[1]!.trace).toMatchObject({ source: 'default/client', destination: '10.96.0.1:443', verdict: { kind: 'delivered' } });
    expect(j.actions[1]!.stdout).toMatch(/^tcp to 10\.96\.0\.1:443\n/);
    const flag = kubetab(['run', 's.yaml', '--until', '31s', '--trace-packet', 'ghost web:80'], { 's.yaml': scenario() });
    expect(j.actions[2]!.stderr).toBe(flag.stderr);
    expect(j.actions[2]!.stderr).toBe('error: pods "ghost" not found in namespace "default"\n');
    const text = kubetab(['run', 's.yaml', '--until', '40s'], { 's.yaml': file });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('==> trace default/client 10.96.0.1:443\ntcp to 10.96.0.1:443\n');
    expect(text.stdout.endsWith('==> trace ghost web:80\n')).toBe(true);
    expect(text.stderr).toBe('error: pods "ghost" not found in namespace "default"\n');
  });

  it('travels in a share link and replays to the same trace', () => {
    const file = scenario('  - at: 30s\n    trace: {from: client, to: "web:80/udp"}\n');
    const link = kubetab(['share', 's.yaml', '--at', '40s'], { 's.yaml': file }).stdout.trim();
    expect(link).toMatch(/#s2\./);
    const fromLink = kubetab(['run', link]);
    const fromFile = kubetab(['run', 's.yaml', '--until', '40s'], { 's.yaml': file });
    expect(fromLink).toEqual(fromFile);
    expect(fromFile.stdout).toMatch(/^==> trace client web:80\/udp\nresolve web: /);
  });
});
