import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { deployment, kubetab, scenarioWith } from './cli';
import { ScenarioRun } from '../src/scenario/runner';
import { parseScenario } from '../src/scenario/parse';

const WEB = join(__dirname, '../examples/web.yaml');

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
    expect(link.stdout).toMatch(/^http:\/\/localhost:4173\/#s2\.[A-Za-z0-9_-]+\n$/);
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

describe('the README', () => {
  /** The README's first `npx kubetab run` line, split as a shell would split it. */
  function readmeCommand(): string[] {
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('npx kubetab run '))!;
    return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(2);
  }

  it('runs its first example as written: three web pods Running on the workers, the Deployment 3/3', () => {
    const argv = readmeCommand();
    expect(argv).toEqual(['run', 'examples/web.yaml', '--until', '60s', '--exec', 'get pods -o wide', '--exec', 'get deploy']);
    const r = kubetab(argv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [podsPart, deployPart] = r.stdout.split('==> kubectl get deploy\n');
    const podLines = podsPart!.trimEnd().split('\n');
    expect(podLines[0]).toBe('==> kubectl get pods -o wide');
    expect(podLines[1]).toBe('NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES');
    expect(podLines).toHaveLength(5);
    const rows = podLines.slice(2).map((l) => l.split(/\s+/));
    for (const row of rows) {
      expect(row[0]).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(row.slice(1, 5)).toEqual(['1/1', 'Running', '0', '60s']);
      expect(row[5]).toMatch(/^10\.244\.[1-3]\.\d+$/);
      expect(row.slice(7)).toEqual(['<none>', '<none>']);
    }
    expect(rows.map((r) => r[6]).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(deployPart).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           60s\n');
  });
});

describe('kubetab run with a bad scenario', () => {
  const bad = (cluster: string) => `apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n${cluster}\n`;
  const cases: [string, string, string][] = [
    ['scheduler profiles that are not a list', '  scheduler: {profiles: true}', 'error: cluster.scheduler: json: cannot unmarshal bool into Go struct field KubeSchedulerConfiguration.profiles of type []v1.KubeSchedulerProfile\n'],
    ['an unknown plugin', '  scheduler: {profiles: [{plugins: {filter: {enabled: [{name: Nope}]}}}]}', 'error: cluster.scheduler.profiles[0].plugins.filter.enabled[0]: FilterPlugin "Nope" does not exist\n'],
    ['a negative memory', '  nodes: [{name: a, memory: "-4"}]', 'error: cluster.nodes[0].memory: Invalid value: "-4": must be greater than or equal to 0\n'],
  ];
  for (const [what, cluster, want] of cases) {
    it(`prints an error naming the path and exits 1 for ${what}`, () => {
      const r = kubetab(['run', 's.yaml', '--exec', 'get nodes'], { 's.yaml': bad(cluster) });
      expect(r).toEqual({ code: 1, stdout: '', stderr: want });
    });
  }

  it('refuses an action time past 24h and a --at past 24h for a link', () => {
    const text = 'apiVersion: kubetab/v1\nkind: Scenario\nactions: [{at: 25h, kubectl: get pods}]\n';
    expect(kubetab(['run', 's.yaml'], { 's.yaml': text })).toEqual({ code: 1, stdout: '', stderr: 'error: actions[0].at: must be at most 24h (a scenario covers one virtual day), got 25h\n' });
    const r = kubetab(['share', WEB, '--at', '25h']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: invalid argument for --at: 25h is past 24h, the furthest a link rebuilds to');
  });
});
