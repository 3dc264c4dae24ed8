#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmarks through tsx.
import { register } from 'tsx/esm/api';

register();
const { loadApiSchema } = await import('../src/sim/api/schema/schema.ts');
await loadApiSchema();
await import('../bench/main.ts');
