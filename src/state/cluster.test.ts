import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from './cluster';
import { useTraceActions } from './stores';
import { ClusterHost, EMPTY_SCENARIO } from '../worker/host';
import type { FromWorker, ToWorker } from '../worker/protocol';

/** A Worker whose other side is a ClusterHost in this process; messages are cloned as postMessage clones them. */
function inProcessWorker(): Worker {
  const w = {
    onmessage: null as ((e: MessageEvent<FromWorker>) => void) | null,
    onerror: null,
    onmessageerror: null,
    terminate() {},
    postMessage(msg: ToWorker) {
      queueMicrotask(() => host.handle(structuredClone(msg)));
    },
  };
  const host = new ClusterHost((m) => w.onmessage?.({ data: structuredClone(m) } as MessageEvent<FromWorker>), { now: () => 0, later: () => {} });
  return w as unknown as Worker;
}

beforeAll(() => {
  // The page's frame callback; batches are drained by the fallback timer or here at once.
  globalThis.requestAnimationFrame ??= ((fn: FrameRequestCallback) => setTimeout(() => fn(0), 0) as unknown as number);
  globalThis.cancelAnimationFrame ??= ((h: number) => clearTimeout(h));
});

let client: ClusterClient | undefined;
afterEach(() => client?.terminate());

describe('ClusterClient and the network view', () => {
  it('asks for the network view, a node\'s insides and a trace, and settles each with the worker\'s answer', async () => {
    client = new ClusterClient(inProcessWorker);
    client.load(EMPTY_SCENARIO, 30_000, false);
    const view = await client.networkView();
    expect(view.nodes.map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    const insides = await client.nodeInsides('worker-1');
    expect(insides.insides!['ip route'].stdout).toContain('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n');
    expect(await client.nodeInsides('nope')).toEqual({ error: 'ssh: Could not resolve hostname nope: Name or service not known' });
    const t = await client.tracePacket('node/worker-1', '10.96.0.1:443', true);
    expect(t.trace!.verdict.kind).toBe('delivered');
    expect(await client.tracePacket('external', 'bad')).toEqual({ error: 'invalid destination "bad": want HOST:PORT, HOST:PORT/udp or http://NAME/PATH@HOST:PORT' });
    await new Promise((r) => setTimeout(r, 300));
    expect(useTraceActions.getState().results.map((r) => [r.atMs, r.from, r.to, r.trace?.verdict.kind])).toEqual([[30_000, 'node/worker-1', '10.96.0.1:443', 'delivered']]);
  });

  it('switches the network settings through the worker and reports a refused value', async () => {
    client = new ClusterClient(inProcessWorker);
    client.load(EMPTY_SCENARIO, 1000, false);
    expect(await client.networkSettings({ mode: 'ipvs' })).toEqual({
      text: "The scenario was restarted with flannel's vxlan backend and kube-proxy in ipvs mode (scheduler rr).",
      note: { key: 'replies.networkRestartedIpvs', params: { backend: 'vxlan', mode: 'ipvs', scheduler: 'rr' } },
    });
    expect((await client.networkView()).settings.kubeProxyMode).toBe('ipvs');
    expect(await client.networkSettings({ scheduler: 'x' })).toMatchObject({ text: '', error: expect.stringMatching(/^cluster\.kubeProxy\.ipvs\.scheduler: Invalid value: "x"/) });
  });
});
