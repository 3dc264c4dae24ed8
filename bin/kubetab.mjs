#!/usr/bin/env node
// The kubetab command: loads the TypeScript sources through tsx so there is no build step.
import { register } from 'tsx/esm/api';

register();
// The API server decodes applied objects against the API schema; load it before the first request.
const { loadApiSchema } = await import('../src/sim/api/schema/schema.ts');
const { loadYamlLib } = await import('../src/kubectl/yamlLib.ts');
const { loadKubectl } = await import('../src/kubectl/lazy.ts');
const { loadNetworkOnDemand } = await import('../src/sim/network/lazy.ts');
const { loadNodeShell } = await import('../src/sim/node/nodeshell/lazy.ts');
await Promise.all([loadApiSchema(), loadYamlLib(), loadKubectl(), loadNetworkOnDemand(), loadNodeShell()]);
const { main, nodeIO } = await import('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2), nodeIO);
