#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmarks through tsx.
import { register } from 'tsx/esm/api';

register();
const { loadOnDemand } = await import('../src/scenario/onDemand.ts');
await loadOnDemand();
await import('../bench/main.ts');
