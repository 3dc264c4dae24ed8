/**
 * Whether a command line may run `kubectl explain`, which needs the API documentation (a chunk of its
 * own) loaded first. The worker and the CLI ask before they run a line; a false "yes" (the word
 * `explain` elsewhere on the line) only waits for the chunk, so the check is a plain word match and
 * this module imports nothing (the worker's first chunk reaches it).
 */
export function mayExplain(line: string): boolean {
  return /(^|[\s'"])explain([\s'"]|$)/.test(line);
}
