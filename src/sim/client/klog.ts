/**
 * Where a component's klog output goes: its process's container log (what `kubectl logs` and
 * `crictl logs` show), one line per call. Severity, the Go source `file.go:line` that logs, and the
 * message as klog prints it (structured lines carry their quoted message and key="value" pairs).
 */
import { goQuote } from '../api/validation/fieldErrors';

export type KlogSeverity = 'I' | 'W' | 'E';
export type KlogSink = (severity: KlogSeverity, source: string, message: string) => void;

/** A sink that drops everything (a component run without a process, as in unit tests). */
export const discardKlog: KlogSink = () => {};

/**
 * A structured klog message as the text format prints it: the quoted message, then each key with its
 * value quoted (`"Error updating pod" err="…" pod="default/web"`). Values are strings already rendered
 * the way Go prints them (klog.KObj as `namespace/name`, an error as its Error()).
 */
export function structured(message: string, ...pairs: [key: string, value: string][]): string {
  let out = goQuote(message);
  for (const [k, v] of pairs) out += ` ${k}=${goQuote(v)}`;
  return out;
}
