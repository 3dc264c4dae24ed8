/**
 * NodeResourcesFit's three scoring strategies (least_allocated.go, most_allocated.go,
 * requested_to_capacity_ratio.go). Each combines per-resource scores by a weighted mean of integers.
 */
import type { ResourceSpec } from '../../framework/config';
import { MAX_NODE_SCORE } from '../../framework/interface';
import type { ScorerFn } from '../helper/resourceAllocation';

/** (allocatable − requested) × 100 / allocatable, integer; 0 once requested exceeds allocatable. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** requested × 100 / allocatable, integer, with requested capped at allocatable. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MAX_NODE_SCORE) / capacity);
}

function weightedMean(resources: readonly Required<ResourceSpec>[], per: (req: number, cap: number) => number): ScorerFn {
  return (requested, allocatable) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      score += per(requested[i]!, allocatable[i]!) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
  };
}

export function leastAllocatedScorer(resources: readonly Required<ResourceSpec>[]): ScorerFn {
  return weightedMean(resources, leastRequestedScore);
}

export function mostAllocatedScorer(resources: readonly Required<ResourceSpec>[]): ScorerFn {
  return weightedMean(resources, mostRequestedScore);
}

export interface ShapePoint {
  utilization: number;
  score: number;
}

/** Shape scores are 0–10 in the config and are scaled to 0–100. */
const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

/** A piecewise-linear function through the points; flat before the first and after the last. */
export function brokenLinearFunction(shape: readonly ShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

export function requestedToCapacityRatioScorer(resources: readonly Required<ResourceSpec>[], shape: readonly ShapePoint[]): ScorerFn {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
  const raw = brokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return raw(MAX_UTILIZATION);
    return raw(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  };
  return (requested, allocatable) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < resources.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      const s = resourceScore(requested[i]!, allocatable[i]!);
      if (s > 0) {
        score += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : Math.round(score / weightSum);
  };
}
