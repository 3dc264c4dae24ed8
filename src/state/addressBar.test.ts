import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { LINK_BANNER_ID, loadFromHash } from './addressBar';
import { useEditorText, useUi } from './ui';
import { useTraceStep } from './stores';
import { EMPTY_SCENARIO } from '../worker/protocol';
import { encodeShare } from '../scenario/urlCodec';
import type { ClusterClient } from './cluster';
import type { Scenario } from '../scenario/format';
import { translate, useLang } from '../ui/i18n';

function fakeClient(): { client: ClusterClient; restarts: [Scenario, number, boolean][]; speeds: number[] } {
  const restarts: [Scenario, number, boolean][] = [];
  const speeds: number[] = [];
  const client = { restart: (s: Scenario, atMs: number, playing: boolean) => restarts.push([s, atMs, playing]), speed: (x: number) => speeds.push(x) } as unknown as ClusterClient;
  return { client, restarts, speeds };
}

/** A format-2 link around a scenario document, valid or not. */
function link(doc: unknown, t = 0): string {
  const bytes = deflateSync(new TextEncoder().encode(JSON.stringify({ scenario: doc, t })));
  return `#s2.${Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const banner = () => useUi.getState().banners.find((b) => b.id === LINK_BANNER_ID);

describe('the page loads the scenario in the address bar', () => {
  it('refuses a link whose cluster could not run: the banner names the path, the default cluster loads', () => {
    const { client, restarts } = fakeClient();
    const hash = link({ apiVersion: 'kubetab/v1', kind: 'Scenario', cluster: { scheduler: { profiles: [{ plugins: { bind: { enabled: [{ name: 'Nope' }] } } }] } } }, 5000);
    loadFromHash(client, hash, true);
    const why = 'This link\'s scenario is not valid: cluster.scheduler.profiles[0].plugins.bind.enabled[0]: BindPlugin "Nope" does not exist.';
    expect(banner()).toEqual({ id: LINK_BANNER_ID, kind: 'error', message: `${why} The default cluster was loaded instead.`, note: { key: 'frame.linkNotLoaded', params: { error: why } },
      reason: { key: 'link.invalid', params: { error: 'cluster.scheduler.profiles[0].plugins.bind.enabled[0]: BindPlugin "Nope" does not exist' } },
    });
    expect(restarts).toEqual([[EMPTY_SCENARIO, 0, true]]);
  });

  it('refuses node settings a kubelet could not report', () => {
    const { client, restarts } = fakeClient();
    loadFromHash(client, link({ apiVersion: 'kubetab/v1', kind: 'Scenario', cluster: { nodes: [{ name: 'a', cpu: '1e+308', memory: '1' }] } }), false);
    expect(banner()?.message).toBe('This link\'s scenario is not valid: cluster.nodes[0].cpu: Invalid value: "1e+308": must be at most 8192 (the most CPUs a Linux node can have). The default cluster was loaded instead.');
    expect(restarts).toEqual([[EMPTY_SCENARIO, 0, false]]);
  });

  it('shows the banner in the language the page speaks, the link\'s own reason kept as it is', async () => {
    loadFromHash(fakeClient().client, link({ apiVersion: 'kubetab/v1', kind: 'Scenario', cluster: { nodes: [{ name: 'a', cpu: '1e+308', memory: '1' }] } }), false);
    const note = banner()!.note!;
    await useLang.getState().setLang('zh-CN');
    try {
      expect(translate(note.key, note.params)).toBe('This link\'s scenario is not valid: cluster.nodes[0].cpu: Invalid value: "1e+308": must be at most 8192 (the most CPUs a Linux node can have). 已改为加载默认集群。');
    } finally {
      await useLang.getState().setLang('en');
    }
  });

  it('opens a good link paused at its time and clears the banner', () => {
    const { client, restarts } = fakeClient();
    const scenario: Scenario = { seed: 3, cluster: { nodes: [{ name: 'a', cpu: '2', memory: '4Gi', pods: 110 }] }, actions: [{ atMs: 0, kubectl: 'get pods' }] };
    loadFromHash(client, encodeShare(scenario, 7000), true);
    expect(banner()).toBeUndefined();
    expect(restarts).toEqual([[scenario, 7000, false]]);
  });

  it('opens a link at the trace step it was made at, and a link without one at none', () => {
    const { client, restarts } = fakeClient();
    const scenario: Scenario = { seed: 1, cluster: {}, actions: [{ atMs: 5000, trace: { from: 'client', to: 'web:80' } }] };
    loadFromHash(client, encodeShare(scenario, 9000, { traceStep: 4 }), true);
    expect(useTraceStep.getState().step).toBe(4);
    loadFromHash(client, encodeShare(scenario, 9000), true);
    expect(useTraceStep.getState().step).toBeUndefined();
    expect(restarts).toEqual([[scenario, 9000, false], [scenario, 9000, false]]);
  });

  it('opens a link with the editor text and the speed it was made with; an older link leaves both alone', () => {
    const { client, restarts, speeds } = fakeClient();
    const scenario: Scenario = { seed: 1, cluster: {}, actions: [] };
    useEditorText.getState().setText('kind: Pod # mine');
    loadFromHash(client, encodeShare(scenario, 2000), true);
    expect(useEditorText.getState().text).toBe('kind: Pod # mine');
    expect(speeds).toEqual([]);
    loadFromHash(client, encodeShare(scenario, 2000, { editor: 'kind: Service # the teacher\'s', speed: 100 }), true);
    expect(useEditorText.getState().text).toBe("kind: Service # the teacher's");
    expect(speeds).toEqual([100]);
    expect(restarts).toEqual([[scenario, 2000, false], [scenario, 2000, false]]);
  });
});
