/**
 * The Network view's settings switch: the scenario with flannel's backend, kube-proxy's mode or its
 * IPVS scheduler changed, checked as a scenario file's `cluster.network` and `cluster.kubeProxy` are,
 * so a value a file could not hold never reaches the log (or the share link).
 */
import type { Scenario } from '../scenario/format';
import { scenarioFromObject, scenarioToObject, ScenarioError } from '../scenario/format';
import { isObj } from '../scenario/errors';
import type { Obj } from '../scenario/errors';
import type { ReplyNote } from './protocol';
import { resolveKubeProxy, resolveNetwork } from '../sim/network/settings';

export interface NetworkSettingsChange {
  backend?: string;
  mode?: string;
  scheduler?: string;
}

export function withNetworkSettings(current: Scenario, change: NetworkSettingsChange): { scenario: Scenario; text: string; note: ReplyNote } | { error: string } {
  if (change.backend === undefined && change.mode === undefined && change.scheduler === undefined) return { error: 'no network setting to change (backend, mode or scheduler)' };
  // Changed in the file form, then read back, so the values are checked with the file's rules and messages.
  const doc = scenarioToObject(current);
  const cluster = obj(doc, 'cluster');
  if (change.backend !== undefined) obj(cluster, 'network').backend = change.backend;
  if (change.mode !== undefined) obj(cluster, 'kubeProxy').mode = change.mode;
  if (change.scheduler !== undefined) obj(obj(cluster, 'kubeProxy'), 'ipvs').scheduler = change.scheduler;
  let scenario: Scenario;
  try {
    scenario = scenarioFromObject(doc);
  } catch (e) {
    if (e instanceof ScenarioError) return { error: e.message };
    throw e;
  }
  const net = resolveNetwork(scenario.cluster.network, 1);
  const kp = resolveKubeProxy(scenario.cluster.kubeProxy);
  const text = `The scenario was restarted with flannel's ${net.backend} backend and kube-proxy in ${kp.mode} mode${kp.mode === 'ipvs' ? ` (scheduler ${kp.ipvsScheduler})` : ''}.`;
  const note: ReplyNote = kp.mode === 'ipvs' ? { key: 'replies.networkRestartedIpvs', params: { backend: net.backend, mode: kp.mode, scheduler: kp.ipvsScheduler } } : { key: 'replies.networkRestarted', params: { backend: net.backend, mode: kp.mode } };
  return { scenario, text, note };
}

/** The mapping at `o[key]`, made if absent. */
function obj(o: Obj, key: string): Obj {
  const v = o[key];
  if (isObj(v)) return v;
  const made: Obj = {};
  o[key] = made;
  return made;
}
