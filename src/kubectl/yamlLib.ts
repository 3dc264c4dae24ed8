/**
 * The YAML parser, loaded on demand: only manifests (`apply -f`, `delete -f`) need it, so the cluster
 * worker fetches it with the API schema, after the cluster has booted and painted. Node callers load
 * it before running, as they load the schema.
 */
import { onDemandModule } from '../sim/onDemandModule';

const onDemand = onDemandModule(() => import('yaml'), 'the YAML parser is not loaded yet (call loadYamlLib first)');

export const loadYamlLib = onDemand.load;
export const yamlLib = onDemand.get;
