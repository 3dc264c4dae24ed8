#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmarks through tsx.
import { register } from 'tsx/esm/api';

register();
const { loadApiSchema } = await import('../src/sim/api/schema/schema.ts');
const { loadYamlLib } = await import('../src/kubectl/yamlLib.ts');
await Promise.all([loadApiSchema(), loadYamlLib()]);
await import('../bench/main.ts');
