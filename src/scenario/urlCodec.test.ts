import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { decodeShare, encodeShare, MAX_PAYLOAD_BYTES } from './urlCodec';
import type { Scenario } from './format';

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

  it('keeps a typical scenario of a few manifests under 2,000 characters', () => {
    const hash = encodeShare(scenario, 120_000);
    expect(hash.length).toBeLessThan(2000);
    expect(hash).toMatch(/^#s1\.[A-Za-z0-9_-]+$/);
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
    ['characters outside base64url', '#s1.<script>alert(1)</script>', /characters a kubetab link never has/],
    ['data that does not unpack', '#s1.zzzzzzzzzzzz', /does not unpack|not a scenario/],
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
    const r = decodeShare(`#s1.${b64url(bomb)}`);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/larger than 2 MB/) });
  });

  it('refuses a tampered payload: an unknown field, a time past 24h, a bad action, a bad seed', () => {
    const pack = (o: unknown) => `#s1.${b64url(deflateSync(new TextEncoder().encode(JSON.stringify(o))))}`;
    expect(decodeShare(pack({ seed: 1, a: [], t: 0, evil: '<img>' }))).toMatchObject({ ok: false, error: expect.stringMatching(/unknown field "evil"/) });
    expect(decodeShare(pack({ seed: 1, a: [], t: 1e12 }))).toMatchObject({ ok: false, error: expect.stringMatching(/at most 24h/) });
    expect(decodeShare(pack({ seed: 1, a: [[0, 'x', 'rm -rf /']], t: 0 }))).toMatchObject({ ok: false, error: expect.stringMatching(/malformed/) });
    expect(decodeShare(pack({ seed: -3, a: [], t: 0 }))).toMatchObject({ ok: false, error: expect.stringMatching(/seed/) });
    expect(decodeShare(pack([1, 2, 3]))).toMatchObject({ ok: false });
  });
});
