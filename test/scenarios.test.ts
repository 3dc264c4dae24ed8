import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { deployment, kubetab, scenarioWith } from './cli';
import { ScenarioRun } from '../src/scenario/runner';
import { parseScenario } from '../src/scenario/parse';

const WEB = join(__dirname, 'scenarios/web.yaml');

interface PodRow {
  name: string;
  status: string;
  node: string;
}

function podRows(wide: string): PodRow[] {
  const [header, ...lines] = wide.trimEnd().split('\n');
  const cols = header!.split(/\s{2,}/);
  return lines.map((l) => {
    const cells = l.split(/\s{2,}/);
    const at = (c: string) => cells[cols.indexOf(c)] ?? '';
    return { name: at('NAME'), status: at('STATUS'), node: at('NODE') };
  });
}

describe('kubetab run', () => {
  it('runs a 3-replica Deployment to 3 Running pods, one per worker, none on the control plane', () => {
    const r = kubetab(['run', WEB, '--until', '60s', '--exec', 'get pods -o wide']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('==> kubectl get pods -o wide');
    const pods = podRows(r.stdout.split('\n').slice(1).join('\n'));
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.status).toBe('Running');
    }
    expect(pods.map((p) => p.node).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });

  it('prints byte-identical output for the same scenario and seed', () => {
    const args = ['run', WEB, '--until', '45s', '--exec', 'get pods -o wide', '--exec', 'get events', '--events'];
    const a = kubetab(args);
    const b = kubetab(args);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.length).toBeGreaterThan(500);
  });

  it('gives different generated names for a different seed', () => {
    const a = kubetab(['run', WEB, '--exec', 'get pods -o name']).stdout;
    const text = scenarioWith(deployment('web', 3), '', 'seed: 8');
    const b = kubetab(['run', 's.yaml', '--exec', 'get pods -o name'], { 's.yaml': text }).stdout;
    expect(a).not.toBe(b);
  });

  it('removes every pod when the Deployment is scaled to 0', () => {
    const text = scenarioWith(deployment('web', 3), '  - at: 30s\n    kubectl: scale deployment/web --replicas=0\n');
    const r = kubetab(['run', 's.yaml', '--until', '90s', '--exec', 'get pods', '--exec', 'get deploy web'], { 's.yaml': text });
    expect(r.stderr).toContain('No resources found in default namespace.');
    expect(r.stdout).toMatch(/web\s+0\/0\s+0\s+0\s+/);
  });

  it('garbage-collects the ReplicaSet and its pods when the Deployment is deleted', () => {
    const text = scenarioWith(deployment('web', 2), '  - at: 30s\n    kubectl: delete deployment web\n');
    const r = kubetab(['run', 's.yaml', '--until', '120s', '--exec', 'get rs,pods'], { 's.yaml': text });
    expect(r.stdout.trim()).toBe('==> kubectl get rs,pods');
    expect(r.stderr).toContain('No resources found in default namespace.');
  });

  it('prints the event log with the real reasons in causal order', () => {
    const r = kubetab(['run', WEB, '--until', '30s', '--events']);
    const reasons = r.stdout.split('\n').filter((l) => l.includes('pod/web-')).map((l) => l.split(/\s{2,}/)[2]);
    for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) expect(reasons).toContain(reason);
    expect(reasons.indexOf('Scheduled')).toBeLessThan(reasons.indexOf('Started'));
    expect(r.stdout).toMatch(/ScalingReplicaSet\s+deployment\/web|default\/deployment\/web\s+deployment-controller\s+Scaled up replica set web-\w+ to 3/);
  });

  it('refuses a scenario with an unknown key, naming it', () => {
    const r = kubetab(['run', 's.yaml'], { 's.yaml': 'apiVersion: kubetab/v1\nkind: Scenario\nseeds: 3\n' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "seeds"');
  });

  it('fails with kubectl\'s error and a non-zero exit when a command fails', () => {
    const r = kubetab(['run', WEB, '--until', '1s', '--exec', 'get pod nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (NotFound): pods "nope" not found');
  });

  it('answers --json with a machine-readable result', () => {
    const r = kubetab(['run', WEB, '--until', '10s', '--json', '--exec', 'get deploy']);
    const out = JSON.parse(r.stdout) as { seed: number; timeMs: number; exec: { command: string; exitCode: number }[] };
    expect(out.seed).toBe(7);
    expect(out.timeMs).toBe(10_000);
    expect(out.exec[0]).toMatchObject({ command: 'get deploy', exitCode: 0 });
  });
});

describe('rolling update', () => {
  it('never runs more pods than replicas + maxSurge, nor fewer available than replicas - maxUnavailable', () => {
    const manifest = deployment('web', 10, 'nginx:1.26');
    const run = new ScenarioRun(parseScenario(scenarioWith(manifest, '  - at: 60s\n    kubectl: set image deployment/web app=nginx:1.27\n')));
    let maxPods = 0;
    let minReady = Infinity;
    for (let t = 61_000; t <= 300_000; t += 250) {
      run.runUntil(t);
      const pods = run.cluster.api.store.range('/registry/pods/default/').map((kv) => kv.value as { metadata: { deletionTimestamp?: string }; status?: { conditions?: { type: string; status: string }[] } });
      const live = pods.filter((p) => !p.metadata.deletionTimestamp);
      maxPods = Math.max(maxPods, live.length);
      minReady = Math.min(minReady, live.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length);
    }
    expect(maxPods).toBeLessThanOrEqual(13);
    expect(minReady).toBeGreaterThanOrEqual(8);
    const images = run.kubectl('get pods -o jsonpath={.items[*].spec.containers[0].image}').stdout.split(' ');
    expect(images).toHaveLength(10);
    expect(new Set(images)).toEqual(new Set(['nginx:1.27']));
  });
});

describe('kubetab share', () => {
  it('prints a link that kubetab run accepts, rebuilding the same cluster at the link\'s time', () => {
    const link = kubetab(['share', WEB, '--at', '45s']);
    expect(link.code).toBe(0);
    expect(link.stdout).toMatch(/^http:\/\/localhost:4173\/#s1\.[A-Za-z0-9_-]+\n$/);
    const fromLink = kubetab(['run', link.stdout.trim(), '--exec', 'get pods -o wide']);
    const fromFile = kubetab(['run', WEB, '--until', '45s', '--exec', 'get pods -o wide']);
    expect(fromLink.code).toBe(0);
    expect(fromLink.stdout).toBe(fromFile.stdout);
    const hashOnly = kubetab(['run', link.stdout.trim().slice(link.stdout.indexOf('#')), '--exec', 'get pods -o wide']);
    expect(hashOnly.stdout).toBe(fromFile.stdout);
  });

  it('refuses a damaged link with a clear error and a non-zero exit', () => {
    const r = kubetab(['run', '#s1.not-really-a-link']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^error: This link/);
  });
});
