import type { Scenario } from '../scenario/format';

/**
 * The default cluster: the same value as EMPTY_SCENARIO in src/worker/host.ts, repeated here because
 * importing host.ts into the page would bundle the whole simulation into the page's own chunk
 * (defaults.test.ts keeps the two equal).
 */
export const DEFAULT_SCENARIO: Scenario = { seed: 1, cluster: {}, actions: [] };
