/**
 * Add-ons a scenario may ask to have installed after kubeadm's (`cluster.addons`): each is applied as
 * its own released manifest installs it, and its code loads only for a cluster that lists it.
 */
export const SUPPORTED_ADDONS = ['ingress-nginx'] as const;

export type AddonName = (typeof SUPPORTED_ADDONS)[number];

export function hasAddon(addons: readonly string[] | undefined, name: AddonName): boolean {
  return addons?.includes(name) ?? false;
}
