/**
 * `cluster.users`: the people of the scenario, each with the groups their client certificate names
 * (kubeadm's `kubeadm kubeconfig user --client-name=alice --org=dev`: CN is the user, each O a group).
 * kubectl gets a user and a context `NAME@kubernetes` for each; the API server knows their groups.
 */
import type { ScenarioUser } from '../sim/cluster';
import { isObj, kindOf, onlyKeys, ScenarioError } from './errors';

const USER_KEYS = ['name', 'groups'] as const;

/** The identity kubeadm's admin.conf carries: a scenario user cannot take it. */
const ADMIN_NAME = 'kubernetes-admin';

function parseUser(input: unknown, where: string): ScenarioUser {
  if (!isObj(input)) throw new ScenarioError(`${where}: expected a mapping with name and groups, got ${kindOf(input)}`);
  onlyKeys(input, USER_KEYS, where);
  if (input.name === undefined || input.name === null) throw new ScenarioError(`${where}.name: Required value`);
  if (typeof input.name !== 'string') throw new ScenarioError(`${where}.name: expected a string, got ${kindOf(input.name)}`);
  const name = input.name;
  if (name === '') throw new ScenarioError(`${where}.name: Required value`);
  if (name === ADMIN_NAME) throw new ScenarioError(`${where}.name: Invalid value: ${JSON.stringify(name)}: is the cluster admin of kubeadm's admin.conf`);
  // The API server gives these names to its own components; a certificate may not claim them here.
  if (name.startsWith('system:')) throw new ScenarioError(`${where}.name: Invalid value: ${JSON.stringify(name)}: must not start with "system:" (names of the cluster's own components and ServiceAccounts)`);
  const user: ScenarioUser = { name, groups: [] };
  const groups = input.groups;
  if (groups === undefined || groups === null) return user;
  if (!Array.isArray(groups)) throw new ScenarioError(`${where}.groups: expected a list, got ${kindOf(groups)}`);
  const seen = new Set<string>();
  user.groups = groups.map((g, j) => {
    const at = `${where}.groups[${j}]`;
    if (typeof g !== 'string') throw new ScenarioError(`${at}: expected a string, got ${kindOf(g)}`);
    if (g === '') throw new ScenarioError(`${at}: Required value`);
    if (seen.has(g)) throw new ScenarioError(`${at}: Duplicate value: ${JSON.stringify(g)}`);
    seen.add(g);
    return g;
  });
  return user;
}

export function parseUsers(raw: unknown): ScenarioUser[] {
  if (!Array.isArray(raw)) throw new ScenarioError(`cluster.users: expected a list, got ${kindOf(raw)}`);
  const seen = new Set<string>();
  return raw.map((u, i) => {
    const user = parseUser(u, `cluster.users[${i}]`);
    if (seen.has(user.name)) throw new ScenarioError(`cluster.users[${i}].name: Duplicate value: ${JSON.stringify(user.name)}`);
    seen.add(user.name);
    return user;
  });
}
