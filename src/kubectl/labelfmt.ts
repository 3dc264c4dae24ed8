/**
 * Label and selector rendering as kubectl prints them, on top of the API server's label package:
 * `labels.FormatLabels` (sorted `k=v` pairs, `<none>`), a selector's `String()`, and
 * `metav1.FormatLabelSelector`.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { formatLabelSelector as metaFormat, labelsToString, selectorFromLabelSelector } from '../sim/api/labels';

export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const s = labelsToString(labels);
  return s === '' ? '<none>' : s;
}

/** LabelSelectorAsSelector(sel).String(); `<invalid>` when the selector cannot be converted. */
export function selectorString(sel: LabelSelector | undefined | null): string {
  try {
    return selectorFromLabelSelector(sel).toString();
  } catch {
    return '<invalid>';
  }
}

export const formatLabelSelector = metaFormat;
