/** Every test runs with the API schema loaded, as the CLI and the cluster worker do before serving. */
import { loadApiSchema } from '../../src/sim/api/schema/schema';

await loadApiSchema();
