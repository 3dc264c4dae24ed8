import { describe, expect, it } from 'vitest';
import { scenarioFromObject, scenarioToObject, ScenarioError } from './format';
import { parseScenario } from './parse';
import { ScenarioRun } from './runner';

const errorOf = (text: string): string => {
  try {
    parseScenario(`apiVersion: kubetab/v1\nkind: Scenario\n${text}\n`);
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.message;
  }
};

const LABEL_KEY_RULE = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('cluster.scheduler is read as kube-scheduler reads --config', () => {
  const cases: [string, string, string][] = [
    ['profiles: true', 'cluster: {scheduler: {profiles: true}}', 'cluster.scheduler: json: cannot unmarshal bool into Go struct field KubeSchedulerConfiguration.profiles of type []v1.KubeSchedulerProfile'],
    ['a scheduler that is a list', 'cluster: {scheduler: [1]}', 'cluster.scheduler: json: cannot unmarshal array into Go value of type v1.KubeSchedulerConfiguration'],
    ['plugin config that is not a list', 'cluster: {scheduler: {profiles: [{pluginConfig: {name: NodeResourcesFit}}]}}', 'cluster.scheduler: json: cannot unmarshal object into Go struct field KubeSchedulerProfile.profiles.pluginConfig of type []v1.PluginConfig'],
    ['plugin args of the wrong shape', 'cluster: {scheduler: {profiles: [{pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {resources: 3}}}]}]}}', 'cluster.scheduler: decoding .profiles[0].pluginConfig[0]: decoding args for plugin NodeResourcesFit: json: cannot unmarshal number into Go struct field ScoringStrategy.scoringStrategy.resources of type []v1.ResourceSpec'],
    ['plugin args that are a string', 'cluster: {scheduler: {profiles: [{pluginConfig: [{name: PodTopologySpread, args: junk}]}]}}', 'cluster.scheduler: decoding .profiles[0].pluginConfig[0]: decoding args for plugin PodTopologySpread: json: cannot unmarshal string into Go value of type v1.PodTopologySpreadArgs'],
    ['an unknown plugin', 'cluster: {scheduler: {profiles: [{plugins: {filter: {enabled: [{name: Nope}]}}}]}}', 'cluster.scheduler.profiles[0].plugins.filter.enabled[0]: FilterPlugin "Nope" does not exist'],
    ['no bind plugin', 'cluster: {scheduler: {profiles: [{plugins: {multiPoint: {disabled: [{name: DefaultBinder}]}}}]}}', 'cluster.scheduler.profiles[0].plugins.bind: at least one bind plugin is needed for profile with scheduler name "default-scheduler"'],
    ['several invalid values, all named', 'cluster: {scheduler: {percentageOfNodesToScore: 101, profiles: [{schedulerName: ""}]}}', '[cluster.scheduler.profiles[0].schedulerName: Required value, cluster.scheduler.percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]]'],
    ['an unknown field', 'cluster: {scheduler: {profile: []}}', 'cluster.scheduler: strict decoding error: unknown field "profile"'],
  ];
  for (const [what, text, want] of cases) it(`refuses ${what}`, () => expect(errorOf(text)).toBe(want));

  it('reads profiles: [null] as one default profile, as Go decoding does, and keeps the decoded form', () => {
    const s = parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster: {scheduler: {profiles: [null]}}\n');
    expect(s.cluster.scheduler).toEqual({ profiles: [{}] });
    const run = new ScenarioRun(s);
    expect(run.kubectl('get nodes -o name').stdout).toBe('node/control-plane\nnode/worker-1\nnode/worker-2\nnode/worker-3\n');
  });

  it('a null scheduler is no scheduler setting', () => {
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster: {scheduler: null}\n').cluster).toEqual({});
  });
});

describe('cluster.nodes are the Nodes their kubelets register, checked with the API rules', () => {
  const cases: [string, string, string][] = [
    ['a label keyed __proto__', 'cluster: {nodes: [{name: a, labels: {__proto__: x}}]}', `cluster.nodes[0].labels: Invalid value: "__proto__": ${LABEL_KEY_RULE}`],
    ['a label whose value is a mapping', 'cluster: {nodes: [{name: a, labels: {constructor: {a: 1}}}]}', 'cluster.nodes[0].labels[constructor]: expected a string, got a mapping'],
    ['a label whose value is a number', 'cluster: {nodes: [{name: a, labels: {rack: 7}}]}', 'cluster.nodes[0].labels[rack]: expected a string, got the number 7'],
    ['a label value of 64 characters', `cluster: {nodes: [{name: a, labels: {k: ${'v'.repeat(64)}}}]}`, `cluster.nodes[0].labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`],
    ['a taint key that is markup', 'cluster: {nodes: [{name: a, taints: [{key: "<script>", effect: NoSchedule}]}]}', `cluster.nodes[0].taints[0].key: Invalid value: "<script>": ${LABEL_KEY_RULE}`],
    ['a taint without an effect', 'cluster: {nodes: [{name: a, taints: [{key: k}]}]}', 'cluster.nodes[0].taints[0].effect: Required value'],
    ['an unknown taint effect', 'cluster: {nodes: [{name: a, taints: [{key: k, effect: Never}]}]}', 'cluster.nodes[0].taints[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ['two taints with one key and effect', 'cluster: {nodes: [{name: a, taints: [{key: k, effect: NoSchedule}, {key: k, effect: NoSchedule}]}]}', 'cluster.nodes[0].taints[1]: Duplicate value: core.Taint{Key:"k", Value:"", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair'],
    ['an upper-case node name', 'cluster: {nodes: [{name: Worker}]}', "cluster.nodes[0].name: Invalid value: \"Worker\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
    ['a node without a name', 'cluster: {nodes: [{cpu: "2"}]}', 'cluster.nodes[0].name: Required value'],
    ['two nodes with one name', 'cluster: {nodes: [{name: a}, {name: a}]}', 'cluster.nodes[1].name: Duplicate value: "a"'],
    ['a CPU no machine has', 'cluster: {nodes: [{name: a, cpu: "1e+308", memory: "1"}]}', 'cluster.nodes[0].cpu: Invalid value: "1e+308": must be at most 8192 (the most CPUs a Linux node can have)'],
    ['more memory than a machine can address', 'cluster: {nodes: [{name: a, memory: 5Pi}]}', 'cluster.nodes[0].memory: Invalid value: "5Pi": must be at most 4Pi (the most memory a node can address)'],
    ['a negative memory', 'cluster: {nodes: [{name: a, memory: "-4"}]}', 'cluster.nodes[0].memory: Invalid value: "-4": must be greater than or equal to 0'],
    ['a memory that is not a quantity', 'cluster: {nodes: [{name: a, memory: lots}]}', "cluster.nodes[0].memory: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['a negative pod count', 'cluster: {nodes: [{name: a, pods: -1}]}', 'cluster.nodes[0].pods: invalid configuration: maxPods (--max-pods) -1 must not be a negative number'],
    ['a pod count past int32', 'cluster: {nodes: [{name: a, pods: 2147483648}]}', 'cluster.nodes[0].pods: json: cannot unmarshal number 2147483648 into Go struct field KubeletConfiguration.maxPods of type int32'],
    ['a fractional pod count', 'cluster: {nodes: [{name: a, pods: 1.5}]}', 'cluster.nodes[0].pods: json: cannot unmarshal number 1.5 into Go struct field KubeletConfiguration.maxPods of type int32'],
    ['an unknown node field', 'cluster: {nodes: [{name: a, gpus: 1}]}', 'cluster.nodes[0]: unknown field "gpus" (allowed: name, cpu, memory, pods, labels, taints, controlPlane)'],
    ['an unknown cluster key', 'cluster: {dns: {}}', 'cluster: unknown field "dns" (allowed: nodes, scheduler, network, kubeProxy, controlPlane, addons, users)'],
  ];
  for (const [what, text, want] of cases) it(`refuses ${what}`, () => expect(errorOf(text)).toBe(want));

  it('refuses an empty node list', () => expect(errorOf('cluster: {nodes: []}')).toBe('cluster.nodes: expected a non-empty list, got an empty list'));

  it('leaves a key written without a value unset, as Go decoding leaves a null', () => {
    const s = parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  nodes:\n    - name: a\n      cpu:\n      labels:\n      taints:\n');
    expect(s.cluster.nodes).toEqual([{ name: 'a', cpu: '4', memory: '8Gi', pods: 110 }]);
  });

  it('refuses more nodes than a cluster may have', () => {
    const nodes = Array.from({ length: 5001 }, (_, i) => ({ name: `n${i}` }));
    expect(() => scenarioFromObject({ apiVersion: 'kubetab/v1', kind: 'Scenario', cluster: { nodes } })).toThrow('cluster.nodes: Too many: 5001: must have at most 5000 items (the most nodes Kubernetes supports in one cluster)');
  });

  it('keeps a label keyed constructor as a label, and pollutes nothing', () => {
    const raw = JSON.parse('{"apiVersion":"kubetab/v1","kind":"Scenario","cluster":{"nodes":[{"name":"a","labels":{"constructor":"yes","toString":"x"}}]}}') as unknown;
    const s = scenarioFromObject(raw);
    expect(Object.keys(s.cluster.nodes![0]!.labels!)).toEqual(['constructor', 'toString']);
    const run = new ScenarioRun(s);
    run.runUntil(1000);
    expect(run.kubectl('get node a -o jsonpath={.metadata.labels.constructor}').stdout).toBe('yes');
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('runs the largest CPU and smallest memory a node may have in bounded time', () => {
    const s = parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster: {nodes: [{name: a, cpu: "8192", memory: "1", pods: 2147483647}]}\nactions: [{at: 0s, kubectl: create deployment web --image=nginx --replicas=3}]\n');
    const run = new ScenarioRun(s);
    expect(run.advance(30_000, 200_000)).toBe(true);
    // One byte of memory holds no flannel pod (it asks for 50Mi), so the node never gets its pod
    // network and stays NotReady: the Deployment's pods wait, as on a real node.
    expect(run.kubectl('get pods -n kube-flannel --no-headers').stdout).toMatch(/^kube-flannel-ds-\w+\s+0\/1\s+Pending\s/);
    expect(run.kubectl('get node a --no-headers').stdout).toMatch(/^a\s+NotReady\s/);
    expect(run.kubectl('get deploy web --no-headers').stdout).toMatch(/^web\s+0\/3\s/);
  });
});

describe('seeds and action times', () => {
  const cases: [string, string, string][] = [
    ['a negative seed', 'seed: -1', 'seed: must be a whole number from 0 to 9007199254740991, got the number -1'],
    ['a fractional seed', 'seed: 1.5', 'seed: must be a whole number from 0 to 9007199254740991, got the number 1.5'],
    ['a NaN seed', 'seed: .nan', 'seed: must be a whole number from 0 to 9007199254740991, got the number NaN'],
    ['an action past 24h', 'actions: [{at: 25h, kubectl: get pods}]', 'actions[0].at: must be at most 24h (a scenario covers one virtual day), got 25h'],
    ['an action past 24h in seconds', 'actions: [{at: 90000, kubectl: get pods}]', 'actions[0].at: must be at most 24h (a scenario covers one virtual day), got 90000s'],
    ['a NaN action time', 'actions: [{at: .nan, kubectl: get pods}]', 'actions[0].at: must be a duration such as 30s or 1m30s, got the number NaN'],
    ['an infinite action time', 'actions: [{at: .inf, kubectl: get pods}]', 'actions[0].at: must be a duration such as 30s or 1m30s, got the number Infinity'],
    ['a negative action time', 'actions: [{at: -5, kubectl: get pods}]', 'actions[0].at: must not be negative, got -5'],
    ['a negative duration', 'actions: [{at: -5s, kubectl: get pods}]', 'actions[0].at: must not be negative, got "-5s"'],
    ['a duration that is not one', 'actions: [{at: soon, kubectl: get pods}]', 'actions[0].at: time: invalid duration "soon"'],
    ['an action time that is a list', 'actions: [{at: [1], kubectl: get pods}]', 'actions[0].at: must be a duration such as 30s or 1m30s, got a list'],
    ['actions out of order', 'actions: [{at: 10s, kubectl: get pods}, {at: 5s, kubectl: get pods}]', 'actions[1].at: actions must be in time order (5s comes before the previous action)'],
  ];
  for (const [what, text, want] of cases) it(`refuses ${what}`, () => expect(errorOf(text)).toBe(want));

  it('takes an action at exactly 24h', () => {
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\nactions: [{at: 24h, kubectl: get pods}]\n').actions[0]!.atMs).toBe(86_400_000);
  });
});

describe('scenarioToObject', () => {
  it('writes every cluster key back, so file → object → file is identical', () => {
    const s = parseScenario(`apiVersion: kubetab/v1
kind: Scenario
seed: 3
cluster:
  nodes: [{name: a, cpu: 2, labels: {zone: z1}, taints: [{key: k, effect: NoSchedule}]}]
  scheduler: {profiles: [{schedulerName: default-scheduler, plugins: {score: {disabled: [{name: ImageLocality}]}}}]}
actions: [{at: 1.5s, kubectl: get pods}]
`);
    expect(s.cluster.nodes![0]!.cpu).toBe('2');
    expect(scenarioFromObject(scenarioToObject(s))).toEqual(s);
    expect(scenarioToObject(s).cluster).toEqual(s.cluster);
  });
});

describe('trace actions', () => {
  const cases: [string, string, string][] = [
    ['a trace that is not a mapping', 'actions: [{at: 5s, trace: "client web:80"}]', 'actions[0].trace: expected a mapping with from and to, got the string "client web:80"'],
    ['an unknown field', 'actions: [{trace: {from: client, to: "web:80", via: x}}]', 'actions[0].trace: unknown field "via" (allowed: from, to)'],
    ['a missing from', 'actions: [{trace: {to: "web:80"}}]', 'actions[0].trace.from: Required value'],
    ['a missing to', 'actions: [{trace: {from: client}}]', 'actions[0].trace.to: Required value'],
    ['a from that is not a string', 'actions: [{trace: {from: 3, to: "web:80"}}]', 'actions[0].trace.from: expected a string, got the number 3'],
    ['a from with a space', 'actions: [{trace: {from: "a b", to: "web:80"}}]', 'actions[0].trace.from: expected a pod (NAME or NAMESPACE/NAME), node/NAME or external, got the string "a b"'],
    ['a from with two slashes', 'actions: [{trace: {from: a/b/c, to: "web:80"}}]', 'actions[0].trace.from: expected a pod (NAME or NAMESPACE/NAME), node/NAME or external, got the string "a/b/c"'],
    ['a to without a port', 'actions: [{trace: {from: client, to: web}}]', 'actions[0].trace.to: invalid destination "web": want HOST:PORT, HOST:PORT/udp or http://NAME/PATH@HOST:PORT'],
    ['a port out of range', 'actions: [{trace: {from: client, to: "web:70000"}}]', 'actions[0].trace.to: invalid destination "web:70000": port must be 1-65535'],
    ['a trace with a kubectl line', 'actions: [{trace: {from: client, to: "web:80"}, kubectl: get pods}]', 'actions[0]: exactly one of apply, kubectl, fault, trace is required'],
  ];
  for (const [what, text, want] of cases) it(`refuses ${what}`, () => expect(errorOf(text)).toBe(want));

  it('reads a trace and writes it back as it was', () => {
    const s = parseScenario('apiVersion: kubetab/v1\nkind: Scenario\nactions: [{at: 90s, trace: {from: node/worker-1, to: "kube-dns.kube-system:53/udp"}}]\n');
    expect(s.actions).toEqual([{ atMs: 90_000, trace: { from: 'node/worker-1', to: 'kube-dns.kube-system:53/udp' } }]);
    expect(scenarioToObject(s).actions).toEqual([{ at: '90s', trace: { from: 'node/worker-1', to: 'kube-dns.kube-system:53/udp' } }]);
    expect(scenarioFromObject(scenarioToObject(s))).toEqual(s);
  });
});
