/**
 * `cluster.addons`: a list of add-ons to install, each named once. An unknown name is refused the way
 * the API server refuses a value outside an enum, so the message names the path and the choices.
 */
import type { AddonName } from '../sim/addons';
import { SUPPORTED_ADDONS } from '../sim/addons';
import { kindOf, ScenarioError } from './errors';

export function parseAddons(raw: unknown): AddonName[] {
  if (!Array.isArray(raw)) throw new ScenarioError(`cluster.addons: expected a list, got ${kindOf(raw)}`);
  const seen = new Set<string>();
  return raw.map((v, i) => {
    const where = `cluster.addons[${i}]`;
    if (typeof v !== 'string') throw new ScenarioError(`${where}: expected a string, got ${kindOf(v)}`);
    if (!(SUPPORTED_ADDONS as readonly string[]).includes(v)) throw new ScenarioError(`${where}: Unsupported value: ${JSON.stringify(v)}: supported values: ${SUPPORTED_ADDONS.map((x) => JSON.stringify(x)).join(', ')}`);
    if (seen.has(v)) throw new ScenarioError(`${where}: Duplicate value: ${JSON.stringify(v)}`);
    seen.add(v);
    return v as AddonName;
  });
}
