/**
 * Add-ons a scenario may ask to have installed after kubeadm's (`cluster.addons`): each is applied as
 * its own released manifest installs it, and its code loads only for a cluster that lists it.
 * Without the key, a cluster gets DEFAULT_ADDONS (metrics-server, as most learning clusters have it
 * so that `kubectl top` and the HPA work); with it, exactly the add-ons listed (`[]` for none).
 */
export const SUPPORTED_ADDONS = ['ingress-nginx', 'metrics-server'] as const;

export type AddonName = (typeof SUPPORTED_ADDONS)[number];

export const DEFAULT_ADDONS: readonly AddonName[] = ['metrics-server'];

export function hasAddon(addons: readonly string[] | undefined, name: AddonName): boolean {
  return (addons ?? DEFAULT_ADDONS).includes(name);
}
