/**
 * The pod-template-hash, behind one function so the controllers share one definition
 * (controller.ComputeHash, implemented in api/names).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { computePodTemplateHash } from '../../api/names';

export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  return computePodTemplateHash(template ?? {}, collisionCount);
}
