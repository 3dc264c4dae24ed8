import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { ScenarioError } from './errors';
import { decodeShare, encodeShare } from './urlCodec';
import { DEFAULT_ADDONS, hasAddon } from '../sim/addons';

function errorOf(cluster: string): string {
  try {
    parseScenario(`apiVersion: kubetab/v1\nkind: Scenario\ncluster: ${cluster}\n`);
    return 'accepted';
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
}

describe('cluster.addons', () => {
  it('takes ingress-nginx, and a share link keeps it', () => {
    const s = parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  addons: [ingress-nginx]\n');
    expect(s.cluster.addons).toEqual(['ingress-nginx']);
    const back = decodeShare(encodeShare(s, 0));
    expect(back.ok && back.scenario.cluster.addons).toEqual(['ingress-nginx']);
  });

  it('keeps an empty list (no add-ons at all), and reads a null one as absent (the default, metrics-server)', () => {
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  addons: []\n').cluster).toEqual({ addons: [] });
    expect(parseScenario('apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  addons:\n').cluster).toEqual({});
    expect(DEFAULT_ADDONS).toEqual(['metrics-server']);
    expect([hasAddon(undefined, 'metrics-server'), hasAddon([], 'metrics-server'), hasAddon(['ingress-nginx'], 'metrics-server'), hasAddon(['ingress-nginx', 'metrics-server'], 'metrics-server')]).toEqual([true, false, false, true]);
  });

  it('a share link keeps an empty list apart from an absent one, and keeps metrics-server listed with another', () => {
    for (const [yaml, want] of [['addons: []', []], ['addons: [metrics-server, ingress-nginx]', ['metrics-server', 'ingress-nginx']], ['nodes: [{name: cp, cpu: "2", memory: 4Gi, controlPlane: true}]', undefined]] as const) {
      const s = parseScenario(`apiVersion: kubetab/v1\nkind: Scenario\ncluster:\n  ${yaml}\n`);
      const back = decodeShare(encodeShare(s, 0));
      expect(back.ok && back.scenario.cluster.addons).toEqual(want);
    }
  });

  const cases: [string, string, string][] = [
    ['an add-on kubetab does not install', '{addons: [x]}', 'cluster.addons[0]: Unsupported value: "x": supported values: "ingress-nginx", "metrics-server"'],
    ['a later unknown add-on', '{addons: [ingress-nginx, traefik]}', 'cluster.addons[1]: Unsupported value: "traefik": supported values: "ingress-nginx", "metrics-server"'],
    ['one named twice', '{addons: [ingress-nginx, ingress-nginx]}', 'cluster.addons[1]: Duplicate value: "ingress-nginx"'],
    ['a name that is not a string', '{addons: [3]}', 'cluster.addons[0]: expected a string, got the number 3'],
    ['a mapping instead of a list', '{addons: {ingress-nginx: true}}', 'cluster.addons: expected a list, got a mapping'],
  ];
  for (const [what, cluster, want] of cases) it(`refuses ${what}`, () => expect(errorOf(cluster)).toBe(want));
});
