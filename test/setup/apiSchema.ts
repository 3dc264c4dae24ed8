/** Every test runs with the API schema and the YAML parser loaded, as the CLI and the cluster worker do before serving. */
import { loadApiSchema } from '../../src/sim/api/schema/schema';
import { loadYamlLib } from '../../src/kubectl/yamlLib';

await Promise.all([loadApiSchema(), loadYamlLib()]);
