import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventLog } from '../../../cli/eventLog';
import { parseScenario } from '../../../scenario/parse';
import { ScenarioRun } from '../../../scenario/runner';
import { query } from './filter';
import { requestDetail } from './detail';

const WEB = (() => {
  const sc = parseScenario(readFileSync(new URL('../../../../examples/web.yaml', import.meta.url), 'utf8'));
  return { seed: sc.seed, apply: (sc.actions[0] as { apply: string }).apply };
})();

/** A cluster at 0s with the README's web Deployment just applied, nothing of it run yet. */
function applied(): ScenarioRun {
  const run = new ScenarioRun({ seed: WEB.seed, cluster: {}, actions: [] });
  run.runUntil(0);
  run.act({ apply: WEB.apply });
  return run;
}

describe('Step names what it does', () => {
  it('names each event before it runs and tells what it did after: watch deliveries, syncs, the scheduling cycle, the binding, the kubelet', () => {
    const run = applied();
    const clock = run.cluster.clock;
    const log = run.cluster.api.conversation;
    const told: string[] = [];
    for (let i = 0; i < 28; i++) {
      const next = clock.peek()!.label;
      run.step();
      const story = log.story(log.step);
      told.push(`${next} ⇒ ${story ? `[${story.owner}] ${story.label}` : '(nothing said to the API server)'}`);
    }
    const RS = 'web-64f5c8754f';
    const P = `${RS}-8kj5m`;
    const P2 = `${RS}-jhdds`;
    const P3 = `${RS}-8fspw`;
    expect(told).toEqual([
      // Both of kube-controller-manager's deployment watches hear of it in one delivery.
      'watch: ADDED deployments/default/web → kube-controller-manager (+1 more) ⇒ [kube-apiserver] watch: ADDED deployments/default/web → kube-controller-manager (+1 more)',
      `deployment-controller: sync default/web ⇒ [kube-controller-manager] deployment-controller: create replicasets default/${RS} (+2 more)`,
      `watch: ADDED replicasets/default/${RS} → kube-controller-manager (+6 more) ⇒ [kube-apiserver] watch: ADDED replicasets/default/${RS} → kube-controller-manager (+6 more)`,
      `replicaset-controller: sync default/${RS} ⇒ [kube-controller-manager] replicaset-controller: create pods default/${P} (+3 more)`,
      'deployment-controller: sync default/web ⇒ (nothing said to the API server)',
      `watch: ADDED pods/default/${P} → kube-controller-manager (+8 more) ⇒ [kube-apiserver] watch: ADDED pods/default/${P} → kube-controller-manager (+8 more)`,
      `replicaset-controller: sync default/${RS} ⇒ [kube-controller-manager] replicaset-controller: update status of replicasets default/${RS}`,
      `kube-scheduler: schedule default/${P} ⇒ [kube-scheduler] kube-scheduler: bind default/${P} to worker-3`,
      'deployment-controller: sync default/web ⇒ (nothing said to the API server)',
      `watch: MODIFIED replicasets/default/${RS} → kube-controller-manager (+5 more) ⇒ [kube-apiserver] watch: MODIFIED replicasets/default/${RS} → kube-controller-manager (+5 more)`,
      `kube-scheduler: schedule default/${P2} ⇒ [kube-scheduler] kube-scheduler: bind default/${P2} to worker-1`,
      `replicaset-controller: sync default/${RS} ⇒ (nothing said to the API server)`,
      'deployment-controller: sync default/web ⇒ [kube-controller-manager] deployment-controller: update status of deployments default/web',
      `kubelet/worker-3: pod status default/${P} ⇒ [kubelet/worker-3] kubelet/worker-3: patch status of pods default/${P}`,
      `watch: MODIFIED pods/default/${P2} → kube-controller-manager (+7 more) ⇒ [kube-apiserver] watch: MODIFIED pods/default/${P2} → kube-controller-manager (+7 more)`,
      `kube-scheduler: schedule default/${P3} ⇒ [kube-scheduler] kube-scheduler: bind default/${P3} to worker-2`,
      `kubelet/worker-1: pod status default/${P2} ⇒ [kubelet/worker-1] kubelet/worker-1: patch status of pods default/${P2}`,
      'deployment-controller: sync default/web ⇒ (nothing said to the API server)',
      `watch: MODIFIED pods/default/${P3} → kube-controller-manager (+5 more) ⇒ [kube-apiserver] watch: MODIFIED pods/default/${P3} → kube-controller-manager (+5 more)`,
      `kubelet/worker-2: pod status default/${P3} ⇒ [kubelet/worker-2] kubelet/worker-2: patch status of pods default/${P3}`,
      `watch: MODIFIED pods/default/${P3} → kube-controller-manager (+2 more) ⇒ [kube-apiserver] watch: MODIFIED pods/default/${P3} → kube-controller-manager (+2 more)`,
      `replicaset: requeue default/${RS} ⇒ (nothing said to the API server)`,
      `replicaset-controller: sync default/${RS} ⇒ (nothing said to the API server)`,
      `kubelet/worker-2: create sandbox default/${P3} ⇒ [kubelet/worker-2] kubelet/worker-2: create serviceaccounts/token default/default`,
      `kubelet/worker-1: create sandbox default/${P2} ⇒ [kubelet/worker-1] kubelet/worker-1: create serviceaccounts/token default/default`,
      `kubelet/worker-3: create sandbox default/${P} ⇒ [kubelet/worker-3] kubelet/worker-3: create serviceaccounts/token default/default`,
      // metrics-server (the default add-on) runs on worker-2: its readiness probe, then its status.
      'kubelet/worker-2: probe kube-system/metrics-server-b4d8664fc-kmtwp/metrics-server ⇒ (nothing said to the API server)',
      'kubelet/worker-2: pod status kube-system/metrics-server-b4d8664fc-kmtwp ⇒ [kubelet/worker-2] kubelet/worker-2: patch status of pods kube-system/metrics-server-b4d8664fc-kmtwp',
    ]);
  });

  it('tells an Event a kubelet records by its reason and object', () => {
    const run = applied();
    run.runUntil(30_000);
    const log = run.cluster.api.conversation;
    // The sandbox step opens with the pod's token request; the image pull's end is a step of its own.
    const events = log.slice(1).filter((e) => e.kind === 'request' && e.resource === 'events' && e.component === 'kubelet/worker-2' && e.atMs > 0);
    const pulled = events.find((e) => log.story(e.step)!.label.startsWith('kubelet/worker-2: record event'))!;
    expect(log.story(pulled.step)!.label).toBe('kubelet/worker-2: record event Pulled on Pod default/web-64f5c8754f-8fspw');
  });
});

describe('recording', () => {
  it('changes nothing in the cluster: audit log, store revision and event log are the same whether the log is read at every step or never', () => {
    const drive = (read: boolean) => {
      const run = applied();
      const clock = run.cluster.clock;
      const log = run.cluster.api.conversation;
      const ep = run.cluster.apiEndpoints();
      while (clock.now() < 20_000) {
        if (read) {
          clock.peek();
          const story = log.story(log.step);
          if (story) for (const e of query(log.newestFirst(), { hideHeartbeats: true }, 50, (s) => log.at(s))) if (e.kind === 'request') requestDetail(log, e.seq, ep);
        }
        run.step();
      }
      return { audit: JSON.stringify(run.cluster.api.audit.recent()), revision: run.cluster.api.store.revision, events: JSON.stringify(eventLog(run.cluster)), eventsRun: clock.eventsRun, entries: log.next };
    };
    const quiet = drive(false);
    const watched = drive(true);
    expect(watched).toEqual(quiet);
    expect(quiet.revision).toBeGreaterThan(300);
  });
});
