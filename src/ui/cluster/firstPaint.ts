/**
 * The moment the cluster is first on screen: the `kubetab:first-node` performance mark (the perf
 * script's first paint) and the signal that lets what is not needed for it — the editor — load.
 */
let painted = false;
const waiting: (() => void)[] = [];

/** Call when a node has been drawn; after that frame has painted, the mark is set and waiters run. */
export function markFirstNode(): void {
  if (painted) return;
  painted = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark('kubetab:first-node');
      for (const fn of waiting.splice(0)) fn();
    }, 0),
  );
}

/** Runs `fn` once the first node has painted (at once if it has). */
export function afterFirstNode(fn: () => void): void {
  if (painted && performance.getEntriesByName('kubetab:first-node').length) fn();
  else waiting.push(fn);
}
