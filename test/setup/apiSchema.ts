/**
 * Every test runs with what the cluster worker loads after boot — the API schema, the YAML parser, the
 * kubectl emulator, the network tools and the node shell — loaded, as the CLI and the worker do before serving.
 */
import { loadApiSchema } from '../../src/sim/api/schema/schema';
import { loadYamlLib } from '../../src/kubectl/yamlLib';
import { loadKubectl } from '../../src/kubectl/lazy';
import { loadNetworkOnDemand } from '../../src/sim/network/lazy';
import { loadNodeShell } from '../../src/sim/node/nodeshell/lazy';

await Promise.all([loadApiSchema(), loadYamlLib(), loadKubectl(), loadNetworkOnDemand(), loadNodeShell()]);
