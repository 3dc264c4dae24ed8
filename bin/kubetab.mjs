#!/usr/bin/env node
// The kubetab command: loads the TypeScript sources through tsx so there is no build step.
import { register } from 'tsx/esm/api';

register();
// What the cluster fetches on demand (the API schema, kubectl, the node shell…): load it before the first request.
const { loadOnDemand } = await import('../src/scenario/onDemand.ts');
await loadOnDemand();
const { main, nodeIO } = await import('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2), nodeIO);
