/**
 * cobra's "Did you mean this?" for an unknown command: every available command whose name is within
 * a Levenshtein distance of 2 (ignoring case) of what was typed, or starts with it.
 */

/**
 * The root's available commands in the order kubectl adds them (it turns cobra's sorting off): the
 * help groups in order, then config, plugin, version, api-versions, api-resources and options.
 */
export const KUBECTL_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate', 'cluster-info',
  'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug',
  'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate', 'completion', 'config', 'plugin', 'version',
  'api-versions', 'api-resources', 'options',
];

/** SuggestionsMinimumDistance */
const MIN_DISTANCE = 2;

/** cobra's ld: edit distance over the strings' bytes (UTF-8), as Go indexes strings. */
function levenshtein(as: string, bs: string): number {
  const a = new TextEncoder().encode(as);
  const b = new TextEncoder().encode(bs);
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function suggestionsFor(typed: string, commands: readonly string[] = KUBECTL_COMMANDS): string[] {
  const t = typed.toLowerCase();
  return commands.filter((c) => levenshtein(t, c.toLowerCase()) <= MIN_DISTANCE || c.toLowerCase().startsWith(t));
}

/** The text cobra appends to "unknown command" (empty when nothing is close). */
export function suggestionText(typed: string): string {
  const s = suggestionsFor(typed);
  return s.length ? `\n\nDid you mean this?\n${s.map((x) => `\t${x}\n`).join('')}` : '';
}
