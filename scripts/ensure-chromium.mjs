#!/usr/bin/env node
// The browser tests drive Debian's Chromium (browsers cannot be downloaded by Playwright here).
// Installs it with apt when it is missing and we may; otherwise says how.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log(`Chromium not found at ${path}; installing Debian's chromium package…`);
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (existsSync(path)) process.exit(0);
}
console.error(`The browser tests need Chromium at ${path}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
process.exit(1);
