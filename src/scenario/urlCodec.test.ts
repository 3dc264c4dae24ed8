import { describe, expect, it } from 'vitest';
import { deflateSync, inflateSync } from 'fflate';
import { decodeShare, encodeShare, MAX_PAYLOAD_BYTES } from './urlCodec';
import { CLUSTER_KEYS, scenarioToObject } from './format';
import type { Scenario } from './format';
import { parseScenario } from './parse';

const deploy = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
`;

const scenario: Scenario = {
  seed: 42,
  cluster: {},
  actions: [
    { atMs: 0, apply: deploy },
    { atMs: 5000, apply: service },
    { atMs: 20_000, kubectl: 'scale deployment/web --replicas=5' },
  ],
};

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('share link codec', () => {
  it('round-trips a scenario, its seed and the virtual time', () => {
    const hash = encodeShare(scenario, 61_500);
    const back = decodeShare(hash);
    expect(back).toEqual({ ok: true, scenario, atMs: 61_500 });
  });

  it('carries fault actions through the link', () => {
    const withFault: Scenario = { ...scenario, actions: [...scenario.actions, { atMs: 60_000, fault: { type: 'node-down', node: 'worker-1' } }] };
    expect(decodeShare(encodeShare(withFault, 90_000))).toEqual({ ok: true, scenario: withFault, atMs: 90_000 });
  });

  it('carries trace actions, and the trace step the page showed beside the time', () => {
    const withTrace: Scenario = { ...scenario, actions: [...scenario.actions, { atMs: 60_000, trace: { from: 'default/client', to: 'web:80' } }] };
    const hash = encodeShare(withTrace, 90_000, { traceStep: 7 });
    expect(decodeShare(hash)).toEqual({ ok: true, scenario: withTrace, atMs: 90_000, ui: { traceStep: 7 } });
    // No view settings: no `ui` in the link, and none read back.
    expect(decodeShare(encodeShare(withTrace, 90_000))).toEqual({ ok: true, scenario: withTrace, atMs: 90_000 });
    const pack = (o: unknown) => `#s2.${b64url(deflateSync(new TextEncoder().encode(JSON.stringify(o))))}`;
    const payload = (ui: unknown) => pack({ scenario: { apiVersion: 'kubetab/v1', kind: 'Scenario', seed: 1, actions: [] }, t: 0, ui });
    expect(decodeShare(payload({ traceStep: -1 }))).toMatchObject({ ok: false, error: "This link's trace step is not a whole number from 0 to 10000." });
    expect(decodeShare(payload({ traceStep: 1.5 }))).toMatchObject({ ok: false, error: "This link's trace step is not a whole number from 0 to 10000." });
    expect(decodeShare(payload({ zoom: 2 }))).toMatchObject({ ok: false, error: 'This link\'s view settings have an unknown field "zoom".' });
    expect(decodeShare(payload([1]))).toMatchObject({ ok: false, error: "This link's view settings are not valid." });
  });

  it('carries the editor text and the clock speed, and reads links made without them', () => {
    const text = `# not applied yet\n${service}`;
    expect(decodeShare(encodeShare(scenario, 30_000, { editor: text, speed: 10 }))).toEqual({ ok: true, scenario, atMs: 30_000, ui: { editor: text, speed: 10 } });
    expect(decodeShare(encodeShare(scenario, 30_000, { traceStep: 2, editor: '', speed: 0.25 }))).toEqual({ ok: true, scenario, atMs: 30_000, ui: { traceStep: 2, editor: '', speed: 0.25 } });
    const pack = (o: unknown) => `#s2.${b64url(deflateSync(new TextEncoder().encode(JSON.stringify(o))))}`;
    const payload = (ui: unknown) => pack({ scenario: { apiVersion: 'kubetab/v1', kind: 'Scenario', seed: 1, actions: [] }, t: 0, ui });
    // A link from before the editor and speed travelled: only the trace step.
    expect(decodeShare(payload({ traceStep: 3 }))).toMatchObject({ ok: true, ui: { traceStep: 3 } });
    expect(decodeShare(payload({ speed: 2 }))).toMatchObject({ ok: false, error: "This link's speed is not one of 0.25×, 1×, 10×, 100×." });
    expect(decodeShare(payload({ speed: '10' }))).toMatchObject({ ok: false, error: "This link's speed is not one of 0.25×, 1×, 10×, 100×." });
    expect(decodeShare(payload({ editor: 7 }))).toMatchObject({ ok: false, error: "This link's editor text is not text." });
    expect(decodeShare(payload({ editor: 'x'.repeat(200_001) }))).toMatchObject({ ok: false, error: "This link's editor text is longer than 200000 characters." });
  });

  it('keeps a typical scenario of a few manifests under 2,000 characters', () => {
    const hash = encodeShare(scenario, 120_000);
    expect(hash.length).toBeLessThan(2000);
    expect(hash).toMatch(/^#s2\.[A-Za-z0-9_-]+$/);
  });

  it('reads a full URL as well as a bare hash', () => {
    const hash = encodeShare(scenario, 1000);
    expect(decodeShare(`http://localhost:5173/${hash}`).ok).toBe(true);
    expect(decodeShare(hash.slice(1)).ok).toBe(true);
  });

  const hostile: [string, string, RegExp][] = [
    ['an empty hash', '#', /holds no scenario/],
    ['plain garbage', '#hello-world', /does not hold a kubetab scenario/],
    ['a link from a future format', '#s9.AAAA', /newer kubetab \(format 9\)/],
    ['characters outside base64url', '#s2.<script>alert(1)</script>', /characters a kubetab link never has/],
    ['data that does not unpack', '#s2.zzzzzzzzzzzz', /does not unpack|not a scenario/],
    ['a truncated link', encodeShare(scenario, 1000).slice(0, 40), /damaged/],
  ];
  for (const [what, hash, message] of hostile) {
    it(`refuses ${what} with a clear message`, () => {
      const r = decodeShare(hash);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    });
  }

  it('stops unpacking a zip bomb past the size cap', () => {
    const bomb = deflateSync(new Uint8Array(MAX_PAYLOAD_BYTES * 4).fill(32), { level: 9 });
    const r = decodeShare(`#s2.${b64url(bomb)}`);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/larger than 2 MB/) });
  });

  it('refuses a tampered payload: an unknown field, a time past 24h, a bad action, a bad seed', () => {
    const pack = (o: unknown, v = 2) => `#s${v}.${b64url(deflateSync(new TextEncoder().encode(JSON.stringify(o))))}`;
    const doc = (o: Record<string, unknown> = {}) => ({ apiVersion: 'kubetab/v1', kind: 'Scenario', seed: 1, actions: [], ...o });
    expect(decodeShare(pack({ scenario: doc(), t: 0, evil: '<img>' }))).toMatchObject({ ok: false, error: 'This link\'s scenario has an unknown field "evil".' });
    expect(decodeShare(pack({ scenario: doc(), t: 1e12 }))).toMatchObject({ ok: false, error: 'This link asks for virtual time 277778h; kubetab rebuilds at most 24h.' });
    expect(decodeShare(pack({ scenario: doc({ actions: [{ at: '25h', kubectl: 'get pods' }] }), t: 0 }))).toMatchObject({ ok: false, error: "This link's scenario is not valid: actions[0].at: must be at most 24h (a scenario covers one virtual day), got 25h." });
    expect(decodeShare(pack({ scenario: doc({ seed: -3 }), t: 0 }))).toMatchObject({ ok: false, error: "This link's scenario is not valid: seed: must be a whole number from 0 to 9007199254740991, got the number -3." });
    expect(decodeShare(pack({ scenario: [1, 2, 3], t: 0 }))).toMatchObject({ ok: false, error: "This link's scenario is not valid: scenario: expected a mapping at the top level, got a list." });
    expect(decodeShare(pack([1, 2, 3]))).toMatchObject({ ok: false, error: 'This link is damaged: its data is not a scenario.' });
    expect(decodeShare(pack({ seed: 1, a: [[0, 'x', 'rm -rf /']], t: 0 }, 1))).toMatchObject({ ok: false, error: "This link's scenario is not valid: action 1 is malformed." });
    expect(decodeShare(pack({ seed: 1, a: [], t: 0, evil: 1 }, 1))).toMatchObject({ ok: false, error: 'This link\'s scenario has an unknown field "evil".' });
  });

  it('refuses a link whose cluster settings the cluster could not run, naming the path', () => {
    const pack = (cluster: unknown) => `#s2.${b64url(deflateSync(new TextEncoder().encode(JSON.stringify({ scenario: { apiVersion: 'kubetab/v1', kind: 'Scenario', cluster, actions: [] }, t: 0 }))))}`;
    const error = (cluster: unknown) => { const r = decodeShare(pack(cluster)); return r.ok ? 'accepted' : r.error; };
    expect(error({ scheduler: { profiles: true } })).toBe("This link's scenario is not valid: cluster.scheduler: json: cannot unmarshal bool into Go struct field KubeSchedulerConfiguration.profiles of type []v1.KubeSchedulerProfile.");
    expect(error({ nodes: [{ name: 'a', memory: '-4' }] })).toBe('This link\'s scenario is not valid: cluster.nodes[0].memory: Invalid value: "-4": must be greater than or equal to 0.');
    expect(error({ network: { cni: 'calico' } })).toBe('This link\'s scenario is not valid: cluster.network.cni: Unsupported value: "calico": supported values: "flannel", "canal".');
    expect(error({ dns: {} })).toBe('This link\'s scenario is not valid: cluster: unknown field "dns" (allowed: nodes, scheduler, network, kubeProxy, controlPlane, addons, users).');
    const proto = `#s2.${b64url(deflateSync(new TextEncoder().encode('{"scenario":{"apiVersion":"kubetab/v1","kind":"Scenario","cluster":{"nodes":[{"name":"a","labels":{"__proto__":{"x":"1"}}}]}},"t":0}')))}`;
    expect(decodeShare(proto)).toMatchObject({ ok: false, error: "This link's scenario is not valid: cluster.nodes[0].labels[__proto__]: expected a string, got a mapping." });
  });
});

/** A scenario with every key the format has: each cluster setting, each kind of action. */
const FULL = parseScenario(`apiVersion: kubetab/v1
kind: Scenario
seed: 42
cluster:
  nodes:
    - {name: cp, cpu: "2", memory: 4Gi, controlPlane: true}
    - {name: big, cpu: 3500m, memory: 16Gi, pods: 50, labels: {disktype: ssd, constructor: "yes"}, taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
  scheduler:
    percentageOfNodesToScore: 70
    profiles:
      - schedulerName: default-scheduler
        pluginConfig:
          - name: NodeResourcesFit
            args: {scoringStrategy: {type: MostAllocated, resources: [{name: cpu, weight: 2}]}}
        plugins:
          score:
            disabled: [{name: ImageLocality}]
  network: {cni: flannel, backend: host-gw, podCIDR: 10.200.0.0/16, nodeCIDRMaskSize: 25, serviceCIDR: 10.100.0.0/16, loadBalancerPool: 192.168.1.240/28}
  kubeProxy: {mode: ipvs, ipvs: {scheduler: lc}}
  controlPlane: {replicas: 1}
  addons: [ingress-nginx]
  users: [{name: alice, groups: [dev]}]
actions:
  - at: 0s
    apply: |
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec: {containers: [{name: c, image: nginx:1.27}]}
  - at: 5.25s
    kubectl: label node big zone=a
  - at: 30s
    fault: {type: node-down, node: big}
`);

describe('share link format 2', () => {
  it('carries every key of the scenario: scenario → link → scenario is identical', () => {
    for (const k of CLUSTER_KEYS) expect(FULL.cluster[k], `the fixture sets cluster.${k}`).toBeDefined();
    const back = decodeShare(encodeShare(FULL, 45_000));
    expect(back).toEqual({ ok: true, scenario: FULL, atMs: 45_000 });
    if (back.ok) expect(scenarioToObject(back.scenario)).toEqual(scenarioToObject(FULL));
  });

  it('carries the CNI: a canal cluster comes back as canal', () => {
    const canal = parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  network: {cni: canal}\n');
    const back = decodeShare(encodeShare(canal, 0));
    expect(back.ok && back.scenario.cluster.network).toEqual({ cni: 'canal' });
  });

  it('holds the scenario file form itself, so a new cluster key needs no codec change', () => {
    const hash = encodeShare(FULL, 1000);
    const json = JSON.parse(new TextDecoder().decode(inflateSync(Buffer.from(hash.slice(4).replace(/-/g, '+').replace(/_/g, '/'), 'base64')))) as unknown;
    expect(json).toEqual({ scenario: scenarioToObject(FULL), t: 1000 });
  });

  it('keeps the label keyed constructor as an ordinary label', () => {
    const back = decodeShare(encodeShare(FULL, 0));
    expect(back.ok && back.scenario.cluster.nodes![1]!.labels).toEqual({ disktype: 'ssd', constructor: 'yes' });
  });
});

describe('share link format 1', () => {
  // Made by the format-1 encoder (kubetab before format 2) from the same scenario as FULL, less the
  // scheduler's percentage, the score plugin change and the label "constructor", with the kubectl
  // action at 5s; kept to prove such links still open.
  const S1 =
    '#s1.TVLLbtswEPwVYs9KYTlOCxDooSjQnmoEDZCL7QNDrhTCFCmQVF4C_z1DW3B8W5KzszM7nCkxG5KbdUPaTSlzJDmTD4YTyR0qNTBJ0iMBME4o16gGHkJ8x2Hz1-I4BgN0266ACT7H4O6d8ujLceLSXFiebH-hub1brYZrqvb7FdcdqJx6Yod6JmPTMb-PlSIlQ6WhrKzPZ4VHrt2GjdUqw0tD3HWsMy634UE_s5kc4_ZFuaky9BhfDuXQUFoeT5bHGDrrFteXl-1ZuOFOTS7ffHVAqJt6638H38HV1aq22N1_TmGKmtMfmwFVsT_5SDpE6_uHHKG0h-yZFlv_Qsq_nAtnC6VUgQU-FZh32IWqLKN95Jhs8FK8tHt_tN5IcR_M3g-clVFZSTFXFVKMZe_TyBoXNRFsC51S7JZn3Qg7qB6Vh4c32X5b_8DAvadDs0MwmHjExFMCon4GgejER_D8U1XILSDAdIRsFwcVdWPCq0dfrZe4ywGLRhabylo-AQ';

  it('still opens, with its nodes, scheduler, actions and time', () => {
    const r = decodeShare(S1);
    expect(r).toEqual({
      ok: true,
      atMs: 45_000,
      scenario: {
        seed: 42,
        cluster: {
          nodes: [
            { name: 'cp', cpu: '2', memory: '4Gi', pods: 110, controlPlane: true },
            { name: 'big', cpu: '3500m', memory: '16Gi', pods: 50, labels: { disktype: 'ssd' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
          ],
          scheduler: { profiles: [{ schedulerName: 'default-scheduler', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }] },
        },
        actions: [
          { atMs: 0, apply: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx:1.27}]}\n' },
          { atMs: 5000, kubectl: 'label node big zone=a' },
          { atMs: 30_000, fault: { type: 'node-down', node: 'big' } },
        ],
      },
    });
  });

  it('re-shares as format 2 with the same scenario', () => {
    const r = decodeShare(S1);
    if (!r.ok) throw new Error(r.error);
    const again = encodeShare(r.scenario, r.atMs);
    expect(again.startsWith('#s2.')).toBe(true);
    expect(decodeShare(again)).toEqual(r);
  });
});

describe("a refused link's reason", () => {
  it('is an id with values beside the English, for the page to say in its language', () => {
    expect(decodeShare('#s9.abc')).toEqual({ ok: false, error: 'This link was made by a newer kubetab (format 9); this version reads format 2.', why: { id: 'newerFormat', params: { version: 9, supported: 2 } } });
    expect(decodeShare('#x')).toEqual({ ok: false, error: 'This link does not hold a kubetab scenario.', why: { id: 'notKubetab', params: {} } });
  });
});
