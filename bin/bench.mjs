#!/usr/bin/env node
// `npm run bench`: runs the build of bench/ in dist-cli/ (scripts/build-cli.mjs), rebuilt first if its sources changed;
// the scale suites start it again as `bench.mjs --child NAME`, one process per case.
import { runBuilt } from './built.mjs';

process.exitCode = await runBuilt('bench', process.argv.slice(2));
