/**
 * Every test runs with what the cluster worker loads after boot (src/scenario/onDemand.ts) loaded, as
 * the CLI and the worker do before serving.
 */
import { loadOnDemand } from '../../src/scenario/onDemand';

await loadOnDemand();
