/**
 * CycleState: a keyed store that lives for one scheduling cycle. Plugins keep per-cycle data here
 * (keyed by e.g. `'PreFilter' + name`), never in their own fields, so that a cycle can be cloned for
 * preemption's what-if runs and so that plugins stay reentrant.
 */

/** Data a plugin stores in CycleState; `clone` must copy what a what-if run may change. */
export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private readonly store = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  skipFilterPlugins: ReadonlySet<string> = EMPTY;
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  skipScorePlugins: ReadonlySet<string> = EMPTY;
  /** The cycle's glass-box trace, when tracing is on (PostFilter plugins add their steps). Not cloned. */
  trace: import('./trace').CycleTrace | undefined = undefined;
  /** @internal The Filter plugins left after skips, memoized for the skip set they were built from. */
  activeFilterFor: ReadonlySet<string> | null = null;
  activeFilter: unknown = null;

  write(key: string, data: StateData): void {
    this.store.set(key, data);
  }

  /** The value under `key`; throws if no one wrote it (a PreFilter that did not run). */
  read<T extends StateData>(key: string): T {
    const v = this.store.get(key);
    if (v === undefined) throw new Error(`reading ${JSON.stringify(key)} from cycleState: not found`);
    return v as T;
  }

  tryRead<T extends StateData>(key: string): T | undefined {
    return this.store.get(key) as T | undefined;
  }

  delete(key: string): void {
    this.store.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.store) c.store.set(k, v.clone());
    c.skipFilterPlugins = this.skipFilterPlugins;
    c.skipScorePlugins = this.skipScorePlugins;
    c.activeFilterFor = this.activeFilterFor;
    c.activeFilter = this.activeFilter;
    return c;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * A reader for one key that remembers the last (state, value) pair, so a plugin's Filter or Score,
 * called once per node, does one Map lookup per cycle instead of one per node. It holds no plugin
 * data of its own: a different CycleState (a new cycle, a preemption clone) is simply read again.
 */
export function stateReader<T extends StateData>(key: string): { read(state: CycleState): T; tryRead(state: CycleState): T | undefined } {
  let lastState: CycleState | null = null;
  let lastValue: T | undefined;
  return {
    read(state) {
      if (state !== lastState || lastValue === undefined) { lastValue = state.read<T>(key); lastState = state; }
      return lastValue;
    },
    tryRead(state) {
      if (state !== lastState) { lastValue = state.tryRead<T>(key); lastState = state; }
      return lastValue;
    },
  };
}
