import { describe, expect, it } from 'vitest';
import { createTwoWayMergePatch, statusMergeKeyAt } from './strategicDiff';

/*
 * The diff reads its inputs in place, as Go would after a JSON round trip. This reference does take
 * that round trip and sorts and compares whole objects through JSON — the plain reading of
 * CreateTwoWayMergePatch — and the two must write byte-identical patches for every status.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const sortKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
};
const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

function referenceDiff(original: unknown, modified: unknown): Obj {
  const plain = (v: unknown) => (v === undefined ? {} : (JSON.parse(JSON.stringify(v)) as unknown));
  return sortKeys(maps(plain(original) as Obj, plain(modified) as Obj, '')) as Obj;
}

function maps(o: Obj, m: Obj, path: string): Obj {
  const patch: Obj = {};
  for (const [k, mv] of Object.entries(m)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in o)) patch[k] = mv;
    else if (isObj(o[k]) && isObj(mv)) {
      const sub = maps(o[k] as Obj, mv, p);
      if (Object.keys(sub).length > 0) patch[k] = sub;
    } else if (Array.isArray(o[k]) && Array.isArray(mv)) {
      const key = statusMergeKeyAt(p);
      const ov = o[k] as unknown[];
      if (key && mv.every(isObj) && ov.every(isObj)) lists(patch, k, ov, mv, key, p);
      else if (!same(ov, mv)) patch[k] = mv;
    } else if (!same(o[k], mv)) patch[k] = mv;
  }
  for (const k of Object.keys(o)) if (!(k in m)) patch[k] = null;
  return patch;
}

function lists(patch: Obj, field: string, o: Obj[], m: Obj[], key: string, path: string): void {
  const kf = (x: Obj) => String(x[key]);
  const changed: Obj[] = [];
  for (const mi of m) {
    const oi = o.find((x) => kf(x) === kf(mi));
    if (!oi) changed.push(mi);
    else {
      const sub = maps(oi, mi, path);
      if (Object.keys(sub).length > 0) changed.push({ ...sub, [key]: mi[key] });
    }
  }
  const deleted = o
    .filter((x) => !m.some((y) => kf(y) === kf(x)))
    .sort((a, b) => (kf(a) < kf(b) ? -1 : kf(a) > kf(b) ? 1 : 0))
    .map((x) => ({ $patch: 'delete', [key]: x[key] }));
  const items = [...changed, ...deleted];
  const sameOrder = same(o.map(kf).filter((k) => m.some((y) => kf(y) === k)), m.map(kf).filter((k) => o.some((x) => kf(x) === k)));
  if (items.length > 0) patch[field] = items;
  if (items.length > 0 || !sameOrder) patch[`$setElementOrder/${field}`] = m.map((y) => ({ [key]: y[key] }));
}

/** A small deterministic generator (an LCG), so a failure names a seed that reproduces it. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const TIMES = ['2024-09-02T09:59:30Z', '2024-09-02T09:59:33Z', '2024-09-02T10:00:03Z'];
const TYPES = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled', 'DisruptionTarget'];

function podStatus(r: (n: number) => number): Obj {
  const pick = <T,>(xs: T[]): T => xs[r(xs.length)]!;
  const maybe = <T,>(v: T): T | undefined => (r(3) === 0 ? undefined : v);
  const types = TYPES.filter(() => r(3) > 0);
  if (r(4) === 0) types.reverse();
  const conditions = types.map((type) => ({
    type,
    status: pick(['True', 'False']),
    lastProbeTime: null,
    lastTransitionTime: pick(TIMES),
    reason: maybe(pick(['ContainersNotReady', 'PodCompleted'])),
    message: maybe('containers with unready status: [web]'),
  }));
  const ips = ['10.244.3.2', '10.244.3.7', 'fd00::7'].filter(() => r(2) === 0);
  const state = pick([{ waiting: { reason: 'ContainerCreating' } }, { running: { startedAt: pick(TIMES) } }, { terminated: { exitCode: r(3), reason: 'Error', startedAt: TIMES[0], finishedAt: pick(TIMES) } }]);
  return {
    phase: pick(['Pending', 'Running', 'Succeeded', 'Failed']),
    conditions: maybe(conditions),
    hostIP: maybe('192.168.1.13'),
    hostIPs: maybe([{ ip: '192.168.1.13' }]),
    podIP: ips[0],
    podIPs: ips.length > 0 ? ips.map((ip) => ({ ip })) : undefined,
    startTime: maybe(TIMES[0]),
    qosClass: maybe(pick(['BestEffort', 'Burstable'])),
    containerStatuses: maybe([
      { name: 'web', ready: r(2) === 0, restartCount: r(3), started: maybe(r(2) === 0), image: 'nginx:1.27', imageID: maybe('docker.io/library/nginx@sha256:aa'), state, lastState: r(2) ? {} : { terminated: { exitCode: 1, reason: 'Error' } } },
      ...(r(2) ? [{ name: 'side', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff', message: undefined } } }] : []),
    ]),
    ...(r(5) === 0 ? { nominatedNodeName: 'worker-2', resize: undefined, extra: [undefined, 1, Number.NaN] } : {}),
  };
}

describe('the two-way strategic merge diff, read in place', () => {
  it('writes byte-identical patches to the JSON-round-trip diff for 3,000 pairs of pod statuses', () => {
    let nonEmpty = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const before = podStatus(r);
      // Half the pairs differ in a few fields only, as consecutive writes of one pod do.
      const after = r(2) === 0 ? podStatus(r) : { ...before, phase: r(2) ? before.phase : 'Running', conditions: r(2) ? before.conditions : podStatus(r).conditions };
      const original = { status: before };
      const modified = { metadata: { uid: `u-${seed}` }, status: after };
      const want = JSON.stringify(referenceDiff(original, modified));
      expect(JSON.stringify(createTwoWayMergePatch(original, modified)), `seed ${seed}`).toBe(want);
      if (want !== `{"metadata":{"uid":"u-${seed}"}}`) nonEmpty++;
    }
    expect(nonEmpty).toBe(2250);
  });

  it('writes an unchanged status as the uid alone, and an unchanged list order as nothing', () => {
    const r = rng(7);
    const s = podStatus(r);
    expect(createTwoWayMergePatch({ status: s }, { metadata: { uid: 'u' }, status: JSON.parse(JSON.stringify(s)) as Obj })).toEqual({ metadata: { uid: 'u' } });
  });

  it('shares no object with its inputs', () => {
    const added = { type: 'Ready', status: 'True' };
    const patch = createTwoWayMergePatch({ status: {} }, { status: { conditions: [added] } }) as { status: { conditions: Obj[] } };
    expect(patch.status.conditions[0]).toEqual(added);
    expect(patch.status.conditions[0]).not.toBe(added);
  });
});
