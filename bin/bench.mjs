#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmarks through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../bench/main.ts');
