#!/usr/bin/env node
// The kubetab command: runs the build in dist-cli/ (scripts/build-cli.mjs), rebuilt first if src/ changed since.
import { runBuilt } from './built.mjs';

process.exitCode = await runBuilt('kubetab', process.argv.slice(2));
