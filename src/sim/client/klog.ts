/**
 * Where a component's klog output goes: its process's container log (what `kubectl logs` and
 * `crictl logs` show), one line per call. Severity, the Go source `file.go:line` that logs, and the
 * message as klog prints it (structured lines carry their quoted message and key="value" pairs).
 */
export type KlogSeverity = 'I' | 'W' | 'E';
export type KlogSink = (severity: KlogSeverity, source: string, message: string) => void;

/** A sink that drops everything (a component run without a process, as in unit tests). */
export const discardKlog: KlogSink = () => {};
