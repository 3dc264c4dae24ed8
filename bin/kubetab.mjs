#!/usr/bin/env node
// The kubetab command: loads the TypeScript sources through tsx so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main, nodeIO } = await import('../src/cli/main.ts');
process.exitCode = main(process.argv.slice(2), nodeIO);
