/**
 * DefaultIngressClass (plugin/pkg/admission/network/defaultingressclass), on by default in a 1.31 API
 * server: a new Ingress that names no class — neither `spec.ingressClassName` nor the legacy
 * `kubernetes.io/ingress.class` annotation — gets the IngressClass annotated
 * `ingressclass.kubernetes.io/is-default-class: "true"`. With several such classes the newest wins
 * (creation time, then the smaller name when two were created at the same instant); with none the
 * Ingress stays class-less. Only creates are defaulted: an Ingress that existed before a class was
 * marked default keeps having none.
 */
import type { KObject, StoredObject } from '../../types';

export const IsDefaultIngressClassAnnotation = 'ingressclass.kubernetes.io/is-default-class';
const IngressClassAnnotation = 'kubernetes.io/ingress.class';

/** The class the plugin picks among `classes`, or undefined when none is marked default. */
export function defaultIngressClass(classes: readonly StoredObject[]): StoredObject | undefined {
  const defaults = classes.filter((c) => c.metadata.annotations?.[IsDefaultIngressClassAnnotation] === 'true');
  defaults.sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta > tb ? -1 : 1;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
  return defaults[0];
}

export function admitIngressCreate(obj: KObject, ingressClasses: () => StoredObject[]): void {
  const spec = ((obj as { spec?: { ingressClassName?: string | null } }).spec ??= {});
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) return;
  if (obj.metadata?.annotations?.[IngressClassAnnotation] !== undefined) return;
  const chosen = defaultIngressClass(ingressClasses());
  if (chosen) spec.ingressClassName = chosen.metadata.name;
}
