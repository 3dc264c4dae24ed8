/**
 * The run's progress on stderr while it works: the virtual time reached, nodes Ready and pods
 * Running. On a terminal one line rewritten in place (erased when the run is done); otherwise — a
 * log, a pipe — a line a second, and only once the run has taken more than a second, so a quick run
 * prints nothing. stdout never carries it.
 */
import type { ProgressListener, RunProgress } from '../scenario/progress';

export interface ProgressTerminal {
  /** stderr is a terminal */
  isTTY: boolean;
  /** wall-clock milliseconds, from any origin */
  nowMs: () => number;
  /** writes to stderr */
  write: (s: string) => void;
}

/** How long a run goes quietly when stderr is not a terminal, and then how often it reports. */
export const QUIET_MS = 1000;
const TTY_EVERY_MS = 100;

/** 12,345: by hand, as toLocaleString loads ICU's number formats, a tenth of a second at the first call. */
const fmt = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** One report: `virtual 31.0s of 60.0s: 4,321/5,000 nodes Ready, 10,233/12,000 pods Running (3.2 s)`. */
export function formatProgress(p: RunProgress, wallMs: number): string {
  const c = p.counts();
  const where = p.booting ? `virtual ${seconds(p.nowMs)} (booting to 0.0s)` : `virtual ${seconds(p.nowMs)} of ${seconds(p.untilMs)}`;
  return `kubetab: ${where}: ${fmt(c.nodesReady)}/${fmt(c.nodes)} nodes Ready, ${fmt(c.podsRunning)}/${fmt(c.pods)} pods Running (${(wallMs / 1000).toFixed(1)} s)`;
}

/** Clusters this large take seconds to build before their first clock event, so a log is told they are being built. */
export const BIG_CLUSTER_NODES = 500;

/**
 * `building(nodes)` before the cluster is built (it runs no clock event, so reports nothing, until
 * built); `listener` for ScenarioRun's progress; `done(final)` once the run is over (the final line,
 * or the terminal's line erased).
 */
export function progressPrinter(term: ProgressTerminal): { building: (nodes: number) => void; listener: ProgressListener; done: (final: RunProgress) => void } {
  const start = term.nowMs();
  let lastAt = Number.NEGATIVE_INFINITY;
  let shown = false;
  const listener: ProgressListener = (p) => {
    const now = term.nowMs();
    if (!term.isTTY && now - start < QUIET_MS) return;
    if (now - lastAt < (term.isTTY ? TTY_EVERY_MS : QUIET_MS)) return;
    lastAt = now;
    shown = true;
    const line = formatProgress(p, now - start);
    term.write(term.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const building = (nodes: number): void => {
    if (!term.isTTY && nodes < BIG_CLUSTER_NODES) return;
    shown = true;
    const line = `kubetab: building a cluster of ${fmt(nodes)} nodes …`;
    term.write(term.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const done = (final: RunProgress): void => {
    if (!shown) return;
    if (term.isTTY) term.write('\r\x1b[K');
    else term.write(`${formatProgress(final, term.nowMs() - start)}, done\n`);
  };
  return { building, listener, done };
}
