import { describe, expect, it } from 'vitest';
import { Machine } from '../../node/machine';
import { Rng } from '../../rng';
import { parseCIDR } from '../../network/ipv4';
import { iptablesSave } from '../../network/netfilter/save';
import { netfilterOf } from '../../network/netfilter/slot';
import { ipsetList } from '../../network/ipvs/ipsetList';
import { FelixWorld, endpointOf } from './world';
import { renderNode } from './render';
import { applyNodeRules, machineIpsets } from './apply';
import { namespace, pod, policy, testVeth } from './testworld';

const machine = (): Machine => new Machine({ name: 'worker-1', ip: '192.168.1.11', lan: parseCIDR('192.168.1.0/24')!.net, gateway: '192.168.1.1', stream: new Rng(1).stream('machine/worker-1') });

const pods = [pod('default', 'web', 'worker-1', '10.244.1.2', { app: 'web' }), pod('default', 'client', 'worker-2', '10.244.2.3', { app: 'client' })];
const allowClient = policy('default', 'allow-client', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 80 }] }] });

it('prints', () => {
  const world = new FelixWorld(pods.map((p) => endpointOf(p)!), [namespace('default')], [allowClient]);
  const m = machine();
  applyNodeRules(m, renderNode(world, 'worker-1', testVeth), new Set());
  console.log(iptablesSave(netfilterOf(m), { table: 'filter', nowMs: 0 }));
  console.log(ipsetList(machineIpsets(m)).stdout);
});
