/**
 * Cost budgets: what a cluster at rest spends per virtual minute, counted (clock events, API requests),
 * never timed. Each bound sits just above what the simulation measures, with what one minute of the
 * real component costs beside it, so a hot loop — a sync that requeues itself, a timer per object
 * where one per node would do — fails here instead of slowing every scenario unnoticed.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from './cluster';
import type { Cluster, NodeSettings } from './cluster';
import { applyFault } from './faults';

const MINUTE_MS = 60_000;
/** Long enough for everything started to settle (rollouts, first probes, start-up leases). */
const SETTLE_MS = 5 * MINUTE_MS;
/** Five minutes, so the five-minute cadences (node status when unchanged, quota resync) fall inside. */
const WINDOW_MINUTES = 5;

interface Cost {
  events: number;
  requests: number;
}

/** Clock events and API requests per virtual minute over the window after `from`. */
function perMinute(c: Cluster, from: number): Cost {
  c.runUntil(from);
  const events = c.clock.eventsRun;
  const requests = c.api.audit.count();
  c.runUntil(from + WINDOW_MINUTES * MINUTE_MS);
  return { events: (c.clock.eventsRun - events) / WINDOW_MINUTES, requests: (c.api.audit.count() - requests) / WINDOW_MINUTES };
}

/** What an object adds per minute over the same cluster without it (same seed: the rest is identical). */
const over = (a: Cost, base: Cost): Cost => ({ events: a.events - base.events, requests: a.requests - base.requests });

const web = (readinessProbe: boolean) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    // A short deadline, so a rollout-complete Deployment that loses a pod is past it inside the window.
    progressDeadlineSeconds: 60,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'nginx', image: 'nginx:1.27', ...(readinessProbe ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 } } : {}) }],
      },
    },
  },
});

function idleCluster(): Cost {
  return perMinute(createCluster(), SETTLE_MS);
}

function withDeployment(unready: boolean): { cost: Cost; ready: number } {
  const c = createCluster();
  c.client().create('deployments', web(unready));
  if (unready) {
    c.runUntil(MINUTE_MS);
    const first = c.client().list<{ metadata: { name: string } }>('pods', 'default').items[0]!;
    expect(applyFault(c, { type: 'probe-fail', pod: `default/${first.metadata.name}`, probe: 'readiness' }).ok).toBe(true);
  }
  const cost = perMinute(c, SETTLE_MS);
  const d = c.client().get<{ status?: { readyReplicas?: number } }>('deployments', 'default', 'web');
  return { cost, ready: d.status?.readyReplicas ?? 0 };
}

describe('cost at rest, per virtual minute', () => {
  const base = idleCluster();

  it('an idle node', () => {
    const nodes = createCluster().nodes.length;
    const perNode = { events: base.events / nodes, requests: base.requests / nodes };
    // The default cluster (a control plane and three workers) with nothing applied, shared out per node.
    // Real, per node: the kubelet renews its Lease every 10s (6 PUTs) and reads its Node every 10s
    // (6 GETs), patching node status only when it changed, else every 5 min; flanneld resyncs its
    // iptables rules every 5s (12 timers, no requests). On top, shared out: kube-controller-manager's and
    // kube-scheduler's leader elections renew every 2s (60 PUTs), the API server's identity Lease every
    // 10s (6 PUTs), and the control plane's static pods are probed every 10s. Measured: 57.85 events
    // and 28.45 requests per node.
    expect(perNode.events).toBeLessThanOrEqual(58);
    expect(perNode.requests).toBeLessThanOrEqual(29);
  });

  it('an idle pod', () => {
    const c = createCluster();
    c.client().create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'idle', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    const pod = over(perMinute(c, SETTLE_MS), base);
    expect(c.client().get<{ status?: { phase?: string } }>('pods', 'default', 'idle').status?.phase).toBe('Running');
    // Real: a Running pod without probes costs nothing by itself — no request, no timer of its own
    // (PLEG's relist is the node's, covering every container on it). Measured: 0 and 0.
    expect(pod.events).toBeLessThanOrEqual(0.2);
    expect(pod.requests).toBeLessThanOrEqual(0.2);
  });

  it('a finished Deployment of 3 Running replicas', () => {
    const { cost, ready } = withDeployment(false);
    expect(ready).toBe(3);
    // Real: once the rollout is done nothing changes, so its controllers sync nothing and write nothing.
    // Measured: 0 and 0.
    const extra = over(cost, base);
    expect(extra.events).toBeLessThanOrEqual(0.2);
    expect(extra.requests).toBeLessThanOrEqual(0.2);
  });

  it('a finished Deployment with one replica unready, past its progress deadline', () => {
    const { cost, ready } = withDeployment(true);
    expect(ready).toBe(2);
    // Real: each replica's readiness probe runs every 10s (18 a minute, no requests: results change
    // nothing while the pod stays unready). The Deployment controller does not re-sync the finished
    // rollout on a loop: that spin was 10 syncs a second, 1,200 clock events a minute. Measured: 18 and
    // 0.2 (one request in the five minutes).
    const extra = over(cost, base);
    expect(extra.events).toBeLessThanOrEqual(19);
    expect(extra.requests).toBeLessThanOrEqual(0.4);
  });

  it('a 100-node cluster', () => {
    const nodes: NodeSettings[] = [{ name: 'control-plane', cpu: '4', memory: '8Gi', controlPlane: true }];
    for (let i = 1; i < 100; i++) nodes.push({ name: `worker-${i}`, cpu: '8', memory: '32Gi' });
    const cost = perMinute(createCluster({ nodes }), SETTLE_MS);
    // Real: 100 kubelets at 6 Lease PUTs and 6 Node GETs a minute (1,200 requests and as many timers),
    // node status patches every 5 min unless something changed, 66 control-plane lease renewals;
    // 100 flanneld iptables resyncs every 5s (1,200 timers), kube-proxy's iptables canary check every 30s; no
    // controller syncs anything. Measured: 2,746.2 events and 1,265.8 requests.
    expect(cost.events).toBeLessThanOrEqual(2760);
    expect(cost.requests).toBeLessThanOrEqual(1280);
  }, 240_000);
});
