#!/usr/bin/env node
/**
 * Builds the `kubetab` command and `npm run bench` into plain JavaScript in dist-cli/, so neither
 * transpiles TypeScript when it starts. Run by `npm ci` (prepare), `npm start` and `npm test`; the
 * commands rebuild by themselves when src/ is newer than the build (bin/built.mjs).
 *
 *   node scripts/build-cli.mjs            build if missing or stale
 *   node scripts/build-cli.mjs --force    build anyway
 *
 * Each entry is one CommonJS file with its dependencies inside, written as the function Node would wrap
 * a CommonJS module in (bin/built.mjs calls it): nothing is resolved in node_modules at start-up, and bin/built.mjs can keep V8's compiled code for it between runs (Node 20 has no module
 * compile cache). The what-is-fetched-on-demand modules are inside too; the command awaits them first.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { BUILD_DIR, ENTRIES, MANIFEST, ROOT, WRAPPER_HEAD, WRAPPER_TAIL, isFresh } from '../bin/built.mjs';

/** Writes `text` to `path` by renaming a private temporary file over it, so a reader sees the old or the new file, never half of one. */
function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * esbuild, which tsx (a dependency) brings: hoisted to node_modules/ as a rule, else found beside tsx.
 * No bundler of its own is added to the project.
 */
async function esbuild() {
  try {
    return await import('esbuild');
  } catch {
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json')).resolve('esbuild');
    return await import(pathToFileURL(fromTsx).href);
  }
}

/** Builds every entry; resolves once dist-cli/ holds the new files (the manifest last). */
export async function buildCli() {
  const { build } = await esbuild();
  // Sources edited while the build reads them must count as newer than the build.
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, e]) => [name, e.source])),
    outdir: BUILD_DIR,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'error',
    // fflate's Node build loads worker_threads when it is evaluated, for asynchronous APIs the
    // command never calls; its browser build is the same code without that (about 10 ms a start).
    alias: { fflate: 'fflate/browser' },
    // Smaller to read and parse at every start; names stay as written, so a stack trace
    // (KUBETAB_DEBUG=1) still names the functions of the source.
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
  });
  mkdirSync(BUILD_DIR, { recursive: true });
  // Code caches of earlier builds are of no use any more (bin/built.mjs names each after its build).
  for (const f of readdirSync(BUILD_DIR)) if (f.endsWith('.cache')) rmSync(join(BUILD_DIR, f), { force: true });
  for (const file of result.outputFiles) {
    // esbuild escapes non-ASCII characters except in regular expressions and String.raw; one left
    // makes V8 hold the whole bundle as a two-byte string, slower to read and to compile at every start.
    const wide = /[^\x00-\x7f]/.exec(file.text);
    if (wide) process.stderr.write(`kubetab: ${relative(ROOT, file.path)} is not ASCII (${JSON.stringify(file.text.slice(Math.max(0, wide.index - 40), wide.index + 10))}); write the character as \\u${wide[0].charCodeAt(0).toString(16).padStart(4, '0')} in its source\n`);
    // The first line names the build, so a code cache is never used for other code of the same length.
    // The file is written inside the function bin/built.mjs calls it as, so its text is compiled as
    // read, with no 1.8 MB concatenation to copy on every start; the wrapper and the name share
    // the first line, so line numbers in stack traces stay the bundle's.
    const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 16);
    writeAtomic(file.path, `${WRAPPER_HEAD}// kubetab build ${hash}\n${file.text}${WRAPPER_TAIL}`);
  }
  const here = relative(ROOT, fileURLToPath(import.meta.url));
  // esbuild also reads tsconfig.json (jsx, paths, class-field semantics) and package.json (module
  // type, fields it resolves by), which its metafile does not list.
  const read = ['tsconfig.json', 'package.json'];
  const inputs = [...new Set([...Object.keys(result.metafile.inputs).map((p) => relative(ROOT, resolve(ROOT, p))), here, 'bin/built.mjs', ...read])].sort();
  // The Node that built it: bin/built.mjs rebuilds under another one (its code cache would not fit either).
  writeAtomic(MANIFEST, JSON.stringify({ builtAt, node: process.version, inputs }, null, 1) + '\n');
}

/**
 * Runs the command once on the default cluster, so its V8 code cache (bin/built.mjs) is written by a
 * run that boots a cluster: the cache holds what the run compiled, and is kept until the next build,
 * so one written by `kubetab share` or `--help` would leave every later run compiling the cluster's
 * code again (about 0.1 s a start). A failure here is not the build's: the command reports it itself.
 */
function warmCodeCache() {
  let dir;
  try {
    dir = mkdtempSync(join(tmpdir(), 'kubetab-build-'));
    const scenario = join(dir, 'default.yaml');
    writeFileSync(scenario, 'apiVersion: kubetab/v1\nkind: Scenario\nseed: 1\n');
    // The default cluster boots in well under a second; a run that hangs must not hang `npm ci`.
    spawnSync(process.execPath, [join(ROOT, 'bin', 'kubetab.mjs'), 'run', scenario, '--until', '0s', '--exec', 'get nodes'], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // No temporary directory, no process: the first run writes the cache instead.
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds when dist-cli/ is missing or older than a source it was built from; a new build's code cache is written by a run of the default cluster. */
export async function ensureCli({ force = false } = {}) {
  if (!force && isFresh()) return false;
  await buildCli();
  warmCodeCache();
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  try {
    const built = await ensureCli({ force: process.argv.includes('--force') });
    console.log(built ? `built ${relative(process.cwd(), BUILD_DIR) || '.'}/ (${Object.keys(ENTRIES).join(', ')}) in ${Date.now() - t0} ms` : `${relative(process.cwd(), BUILD_DIR)}/ is up to date`);
  } catch (e) {
    console.error(`error: cannot build the kubetab command: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
