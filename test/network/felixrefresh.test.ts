/** Felix puts back its rules within its refresh interval (canal.yaml's 60 s) when something else flushed them. */
import { expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { loadCalico } from '../../src/sim/agents/calico/lazy';
import { scenarioFromObject } from '../../src/scenario/format';
import { netfilterOf } from '../../src/sim/network/netfilter/slot';

it('a flushed cali-FORWARD comes back at the next iptables refresh', async () => {
  await loadCalico();
  const r = new ScenarioRun(scenarioFromObject({ apiVersion: 'kubetab/v1', kind: 'Scenario', seed: 1, cluster: { network: { cni: 'canal' } }, actions: [] }));
  r.runUntil(30_000);
  const forward = (): number => r.ssh('worker-2', 'iptables-save -t filter').stdout.split('\n').filter((l) => l.startsWith('-A cali-FORWARD ')).length;
  expect(forward()).toBe(6);
  // another program flushes it (the node shell's iptables only lists)
  netfilterOf(r.cluster.machines.get('worker-2')!).flushChain('filter', 'cali-FORWARD');
  expect(forward()).toBe(0);
  r.runUntil(91_000);
  expect(forward()).toBe(6);
});
