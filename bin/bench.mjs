#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmarks through tsx.
import { register } from 'tsx/esm/api';

register();
const { loadApiSchema } = await import('../src/sim/api/schema/schema.ts');
const { loadYamlLib } = await import('../src/kubectl/yamlLib.ts');
const { loadKubectl } = await import('../src/kubectl/lazy.ts');
const { loadNetworkOnDemand } = await import('../src/sim/network/lazy.ts');
const { loadNodeShell } = await import('../src/sim/node/nodeshell/lazy.ts');
await Promise.all([loadApiSchema(), loadYamlLib(), loadKubectl(), loadNetworkOnDemand(), loadNodeShell()]);
await import('../bench/main.ts');
